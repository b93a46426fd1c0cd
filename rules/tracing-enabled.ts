import { createTemplateRule } from '../src/rule/create-template-rule.js';
import { referencedId } from '../src/model/intrinsics.js';
import type { ResourceNode, Stack, TracingSetting } from '../src/model/types.js';

export default createTemplateRule({
  name: 'tracing-enabled',
  meta: {
    type: 'suggestion',
    docs: {
      description: 'Require X-Ray tracing on functions, REST API stages and state machines',
      principle: 'one-correlation-id',
      recommended: 'warn',
    },
    messages: {
      functionTracing:
        'Function {{function}} does not have X-Ray tracing Active: the trace of a request stops here, so it cannot be followed through this function to the services it calls. Set the tracing mode to Active (Tracing, TracingConfig.Mode, or provider.tracing.lambda).',
      restApiTracing:
        '{{api}} does not have X-Ray tracing enabled: traces start at the functions, without the time and errors of the API in front of them. Set TracingEnabled to true (provider.tracing.apiGateway in serverless.yml).',
      stateMachineTracing:
        'State machine {{stateMachine}} does not have X-Ray tracing enabled: the functions it calls start traces of their own, unconnected to the execution. Enable tracing (TracingConfiguration, or Tracing in SAM).',
    },
    schema: [],
    defaultOptions: [],
  },
  check(context) {
    for (const stack of context.model.stacks) {
      const providers = customResourceProviders(stack);
      for (const fn of stack.functions) {
        // A mode written as a parameter or a condition: not ours to guess.
        if (fn.tracing === 'Active' || (fn.tracing === undefined && fn.tracingAt)) continue;
        // Deploy-time handlers (CDK's log retention, bucket notifications, AwsCustomResource...) serve no request to trace.
        if (providers.has(fn.logicalId)) continue;
        context.report({ messageId: 'functionTracing', data: { function: fn.name ?? fn.logicalId }, at: fn.tracingAt ?? fn.at, subjects: [fn] });
      }
      for (const resource of stack.resources) {
        if (!resource.tracing || !isOff(resource.tracing)) continue;
        const name = resource.name ?? resource.logicalId;
        context.report({
          ...(isStateMachine(resource)
            ? { messageId: 'stateMachineTracing', data: { stateMachine: name } }
            : { messageId: 'restApiTracing', data: { api: describeApi(resource, name) } }),
          at: resource.tracing.at ?? resource.at,
          subjects: [resource],
        });
      }
      // HTTP APIs (API Gateway v2) cannot send X-Ray traces: the model gives them no tracing setting.
      const api = stack.implicitRestApi;
      if (api && isOff(api.tracing)) {
        const creators = new Set(stack.triggers.filter((t) => t.kind === 'Api' && t.source === undefined).map((t) => t.functionLogicalId));
        context.report({
          messageId: 'restApiTracing',
          data: { api: `REST API ${api.logicalId}` },
          at: api.tracing.at ?? api.at,
          subjects: stack.functions.filter((f) => creators.has(f.logicalId)),
        });
      }
    }
  },
});

/** Off, or left at the default; a value written as a parameter or a condition is not ours to guess. */
function isOff(tracing: TracingSetting): boolean {
  return tracing.enabled === false;
}

/** Functions that are the ServiceToken of a custom resource. */
function customResourceProviders(stack: Stack): Set<string> {
  const ids = new Set<string>();
  for (const resource of stack.resources) {
    if (!resource.type.startsWith('Custom::') && resource.type !== 'AWS::CloudFormation::CustomResource') continue;
    const id = referencedId(resource.properties['ServiceToken']);
    if (id) ids.add(id);
  }
  return ids;
}

function isStateMachine(resource: ResourceNode): boolean {
  return resource.kind === 'stateMachine';
}

/** `REST API OrdersApi` for a SAM API, `REST API stage prod (ApiStage)` for a stage or a Deployment's own stage. */
function describeApi(resource: ResourceNode, name: string): string {
  if (resource.type === 'AWS::Serverless::Api') return `REST API ${name}`;
  const stage = resource.properties['StageName'];
  return typeof stage === 'string' ? `REST API stage ${stage} (${name})` : `REST API stage ${name}`;
}
