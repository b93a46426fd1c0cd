import type { TracingSetting, TriggerKind } from '../types.js';
import type { ConstructType, HandlerContext, MethodHandler } from './construct-types.js';
import { asBoolean, asConstruct, asString, Props } from './props.js';
import { addResource, addTrigger, refAt } from './stack-build.js';
import {
  isConstruct, isLibInstance, isObjectValue,
  type ApiResourceValue, type ConstructValue, type Entry, type LibInstance, type Located, type Value,
} from './values.js';

/** API Gateway REST, HTTP and WebSocket APIs: each Lambda integration is a synchronous trigger. */
export const API_TYPES: Record<string, ConstructType> = {
  'aws-apigateway.RestApi': { family: 'restApi', create: (self, args, context) => createRestApi(self, args, context) },
  'aws-apigateway.SpecRestApi': { family: 'restApi', create: (self, args, context) => createRestApi(self, args, context) },
  'aws-apigateway.LambdaRestApi': { family: 'restApi', create: (self, args, context) => createRestApi(self, args, context) },
  'aws-apigateway.TokenAuthorizer': { family: 'other', create: createAuthorizer },
  'aws-apigateway.RequestAuthorizer': { family: 'other', create: createAuthorizer },
  'aws-apigatewayv2.HttpApi': { family: 'httpApi', create: (self, args, context) => createV2Api(self, args, context, 'HttpApi') },
  'aws-apigatewayv2.WebSocketApi': { family: 'webSocketApi', create: (self, args, context) => createV2Api(self, args, context, 'WebSocket') },
  'aws-apigatewayv2.HttpRoute': {
    family: 'other',
    create: (self, args, context) => {
      const props = new Props(args[2]?.value, self.at!, context, self.type);
      const api = props.read('httpApi', asConstruct);
      const integration = props.entry('integration');
      if (integration) integrate(integration, 'HttpApi', api.state === 'known' ? api.value : undefined, context);
    },
  },
};

const RESOURCE_METHODS: Record<string, MethodHandler> = {
  addResource: (self) => self,
  resourceForPath: (self) => self,
  getResource: (self) => self,
  addMethod: (self, args, at, context) => {
    const resource = self as ApiResourceValue;
    const integration = args[1] ?? defaultIntegration(resource.api, at);
    if (integration) integrate(integration, 'Api', resource.api, context);
    return undefined;
  },
  addProxy: (self, args, at, context) => {
    const resource = self as ApiResourceValue;
    const options = new Props(args[0]?.value, at, context, 'addProxy');
    const integration = options.entry('defaultIntegration') ?? defaultIntegration(resource.api, at);
    const anyMethod = options.read('anyMethod', asBoolean);
    if (integration && (anyMethod.state !== 'known' || anyMethod.value)) integrate(integration, 'Api', resource.api, context);
    return self;
  },
};

export const API_METHODS: Record<string, Record<string, MethodHandler>> = {
  'api-resource': RESOURCE_METHODS,
  httpApi: { addRoutes: route('HttpApi', 0) },
  webSocketApi: { addRoute: route('WebSocket', 1) },
};

/** `httpApi.addRoutes({ integration })`, `webSocketApi.addRoute(key, { integration })`: the options are argument `index`. */
function route(kind: TriggerKind, index: number): MethodHandler {
  return (self, args, at, context) => {
    const integration = new Props(args[index]?.value, at, context, 'the route options').entry('integration');
    if (integration && isConstruct(self)) integrate(integration, kind, self, context);
    return undefined;
  };
}

/** `api.root` of a REST API: the resource methods are added to. */
export function restApiMember(api: ConstructValue, name: string): Value | undefined {
  return api.family === 'restApi' && name === 'root' ? { kind: 'api-resource', api } : undefined;
}

function createRestApi(self: ConstructValue, args: Entry[], context: HandlerContext): void {
  const props = new Props(args[2]?.value, self.at!, context, self.type);
  const deploy = props.read('deploy', asBoolean);
  const options = props.nested('deployOptions', 'deployOptions');
  const stageName = options?.read('stageName', asString);
  const node = addResource(self, 'AWS::ApiGateway::RestApi', 'api', { StageName: stageName?.state === 'known' ? stageName.value : 'prod' });
  if (!node) return;
  // No stage, no traces to send: `deploy: false` leaves stages to the app.
  if (deploy.state !== 'known' || deploy.value) node.tracing = stageTracing(options);
  const handler = props.entry('handler');
  if (handler) {
    self.data.set('defaultIntegration', handler);
    addTrigger(handler.value, { kind: 'Api', delivery: 'sync', at: refAt(self.at!) }, self, context);
  }
  const integration = props.entry('defaultIntegration');
  if (integration) self.data.set('defaultIntegration', integration);
}

function stageTracing(options: Props | undefined): TracingSetting {
  const enabled = options?.read('tracingEnabled', asBoolean) ?? { state: 'absent' as const };
  if (enabled.state === 'absent') return { enabled: false };
  return { ...(enabled.state === 'known' ? { enabled: enabled.value } : {}), at: refAt(enabled.at) };
}

function defaultIntegration(api: ConstructValue, at: Located): Entry | undefined {
  const integration = api.data.get('defaultIntegration') as Entry | undefined;
  return integration ? { value: integration.value, at } : undefined;
}

function createV2Api(self: ConstructValue, args: Entry[], context: HandlerContext, kind: TriggerKind): void {
  const props = new Props(args[2]?.value, self.at!, context, self.type);
  addResource(self, 'AWS::ApiGatewayV2::Api', 'api');
  const integrations = kind === 'HttpApi'
    ? [props.entry('defaultIntegration')]
    : ['connectRouteOptions', 'disconnectRouteOptions', 'defaultRouteOptions'].map((key) => {
      const options = props.entry(key)?.value;
      return isObjectValue(options) ? options.entries.get('integration') : undefined;
    });
  for (const integration of integrations) if (integration) integrate(integration, kind, self, context);
}

function createAuthorizer(self: ConstructValue, args: Entry[], context: HandlerContext): void {
  const props = new Props(args[2]?.value, self.at!, context, self.type);
  const handler = props.entry('handler');
  if (handler) addTrigger(handler.value, { kind: 'Api', delivery: 'sync', at: refAt(self.at!) }, undefined, context);
}

/**
 * A Lambda integration: `new LambdaIntegration(fn)`, `new HttpLambdaIntegration('id', fn)`,
 * `new WebSocketLambdaIntegration('id', fn)`, or a function given as the handler itself.
 */
function integrate(entry: Entry, kind: TriggerKind, api: ConstructValue | undefined, context: HandlerContext): void {
  const value = entry.value;
  if (isConstruct(value)) {
    addTrigger(value, { kind, delivery: 'sync', at: refAt(entry.at) }, api, context);
    return;
  }
  if (!isLibInstance(value)) {
    context.unread(entry.at, 'an API integration', 'construct');
    return;
  }
  const fn = lambdaOf(value);
  if (fn !== undefined) addTrigger(fn, { kind, delivery: 'sync', at: refAt(value.at) }, api, context);
}

/** The function of a Lambda integration; undefined for integrations with other services. */
function lambdaOf(integration: LibInstance): Value | undefined {
  const name = integration.type.slice(integration.type.lastIndexOf('.') + 1);
  if (name === 'LambdaIntegration') return integration.args[0]?.value;
  if (name === 'HttpLambdaIntegration' || name === 'WebSocketLambdaIntegration') return integration.args[1]?.value;
  // The alpha modules' first form: `new LambdaProxyIntegration({ handler })`.
  if (name === 'LambdaProxyIntegration' || name === 'LambdaWebSocketIntegration') {
    const options = integration.args[0]?.value;
    return isObjectValue(options) ? options.entries.get('handler')?.value : undefined;
  }
  return undefined;
}
