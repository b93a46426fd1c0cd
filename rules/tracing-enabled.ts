import { createTemplateRule } from '../src/rule/create-template-rule.js';
import { referencedId } from '../src/model/intrinsics.js';
import type { FunctionNode, ResourceNode, Stack, TracingSetting } from '../src/model/types.js';
import type { TemplateReport } from '../src/rule/template-rule.js';

const RULE_ID = 'sls/tracing-enabled';

export default createTemplateRule({
  name: 'tracing-enabled',
  meta: {
    type: 'suggestion',
    docs: {
      description: 'Require X-Ray tracing on functions, REST API stages and state machines',
      principle: 'one-correlation-id',
      recommended: 'warn',
      why: "X-Ray ties a request's steps into one trace only where tracing is on: each function, API stage or state machine left out breaks the trace in two.",
      fix:
        'Turn X-Ray tracing on: Tracing: Active on a SAM function, TracingConfig.Mode: Active in CloudFormation, provider.tracing.lambda: true in serverless.yml, tracing: lambda.Tracing.ACTIVE in CDK.',
      fixes: {
        sharedFunctionTracing: 'Turn it on once for every function: provider.tracing.lambda: true in serverless.yml, Globals.Function.Tracing: Active in SAM.',
        everyFunctionTracing:
          'Turn it on for each function: TracingConfig.Mode: Active in CloudFormation; in CDK, tracing: lambda.Tracing.ACTIVE, or an Aspect that sets it on every function.',
        restApiTracing: 'Set TracingEnabled: true on the stage (provider.tracing.apiGateway: true in serverless.yml).',
        stateMachineTracing: 'Enable tracing on the state machine: TracingConfiguration.Enabled: true (Tracing in SAM).',
      },
    },
    messages: {
      functionTracing: 'Function {{function}} does not have X-Ray tracing Active: the trace stops here, before the services it calls',
      sharedFunctionTracing: 'No function of this {{scope}} traces with X-Ray ({{functions}}): traces stop before the services they call',
      everyFunctionTracing: 'No function of this {{scope}} traces with X-Ray ({{count}} functions, {{function}} first): their calls go untraced',
      restApiTracing: "{{api}} has no X-Ray tracing: traces start at the functions, without the API's time and errors",
      stateMachineTracing: 'State machine {{stateMachine}} has no X-Ray tracing: the traces of the functions it calls are not tied to it',
    },
    schema: [],
    defaultOptions: [],
  },
  check(context) {
    for (const stack of context.model.stacks) {
      reportFunctions(stack, (report) => context.report(report));
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

type FunctionMessage = 'functionTracing' | 'sharedFunctionTracing' | 'everyFunctionTracing';
type Report = (report: TemplateReport<FunctionMessage>) => void;

/**
 * Functions without tracing: one by one when others of the stack trace (an oversight each), once
 * when none does (one decision, made in one place): at Serverless `provider` or SAM `Globals`,
 * which turn it on for all; in CloudFormation and CDK, which have no such place, on the first.
 */
function reportFunctions(stack: Stack, report: Report): void {
  const providers = customResourceProviders(stack);
  const judged = stack.functions.filter((fn) =>
    // Deploy-time handlers (CDK's log retention, bucket notifications, AwsCustomResource...) serve no request to trace.
    !providers.has(fn.logicalId)
    // Suppressed through Metadata: left out of the count as well as the report.
    && !fn.ignoredRules.includes(RULE_ID)
    // A mode written as a parameter or a condition: not ours to guess.
    && !(fn.tracing === undefined && fn.tracingAt));
  const off = judged.filter((fn) => fn.tracing !== 'Active');
  const eachOf = (fns: FunctionNode[]) => {
    for (const fn of fns) report({ messageId: 'functionTracing', data: { function: nameOf(fn) }, at: fn.tracingAt ?? fn.at, subjects: [fn] });
  };
  if (off.length === 0 || off.length < judged.length) return eachOf(off);
  const scope = stack.format === 'serverless' ? 'service' : stack.format === 'cdk' ? 'stack' : 'template';
  const defaults = stack.functionDefaults;
  if (defaults) {
    // A function that writes its own mode is not turned on by the shared one: it keeps its own finding.
    const inherits = new Set(defaults.inheritTracing);
    const shared = off.filter((fn) => inherits.has(fn.logicalId));
    if (shared.length > 0) {
      report({
        messageId: 'sharedFunctionTracing',
        data: {
          // The functions this one place turns on.
          functions: shared.length === 1 ? nameOf(shared[0]!) : `${shared.length} functions`,
          scope,
        },
        at: defaults.tracingAt ?? defaults.at,
      });
    }
    return eachOf(off.filter((fn) => !inherits.has(fn.logicalId)));
  }
  if (off.length === 1) return eachOf(off);
  const first = off[0]!;
  report({
    messageId: 'everyFunctionTracing',
    data: {
      count: off.length,
      scope,
      function: nameOf(first),
    },
    at: first.tracingAt ?? first.at,
    subjects: [first],
  });
}

function nameOf(fn: FunctionNode): string {
  return fn.name ?? fn.logicalId;
}

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
