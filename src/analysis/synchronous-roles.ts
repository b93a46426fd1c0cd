import { functionIds } from '../model/function-ids.js';
import { referencedId, referencedIds, subVariables } from '../model/intrinsics.js';
import type { FunctionNode, ResourceNode, Stack } from '../model/types.js';
import { isObject } from '../util/objects.js';
import type { ProjectAnalysis } from './analysis.js';
import { invokedKey } from './targets.js';

/** A job that is to call something and wait for it. */
export type SynchronousRole = 'custom resource' | 'traffic hook' | 'callback task';

/**
 * Why waiting on a call is a function's job, if it is: it backs a CloudFormation custom resource
 * (a ServiceToken names it), it is a CodeDeploy traffic hook (the template names it as one: SAM
 * `DeploymentPreference.Hooks`, an alias' `CodeDeployLambdaAliasUpdate` policy, serverless-plugin-
 * canary-deployments' `deploymentSettings`; or its code reports the hook's verdict with
 * PutLifecycleEventHookExecutionStatus), or it is the function a Step Functions task invokes and
 * then waits for a callback from (`lambda:invoke.waitForTaskToken`).
 */
export function synchronousRoleOf(analysis: ProjectAnalysis, fn: FunctionNode, stack: Stack): SynchronousRole | undefined {
  return analysis.remember('synchronous-roles', () => rolesOf(analysis)).get(invokedKey(stack, fn.logicalId));
}

/** Every function's role, by `invokedKey`: found once per analysis. */
function rolesOf(analysis: ProjectAnalysis): Map<string, SynchronousRole> {
  const roles = new Map<string, SynchronousRole>();
  for (const e of analysis.emissions()) {
    if (e.op.service === 'CodeDeploy' && e.op.operation === 'PutLifecycleEventHookExecutionStatus') roles.set(invokedKey(e.reach.stack, e.reach.fn.logicalId), 'traffic hook');
  }
  for (const stack of analysis.model.stacks) {
    const providers = new Set(stack.resources.filter(isCustomResource).flatMap((r) => referencedIds(r.properties['ServiceToken'])));
    const tasks = new Set(stack.resources.flatMap(callbackTaskFunctions));
    const hooks = new Set(stack.trafficHooks);
    for (const fn of stack.functions) {
      const ids = [...functionIds(fn, stack)];
      if (ids.some((id) => providers.has(id))) roles.set(invokedKey(stack, fn.logicalId), 'custom resource');
      else if (ids.some((id) => tasks.has(id))) roles.set(invokedKey(stack, fn.logicalId), 'callback task');
      else if (hooks.has(fn.logicalId)) roles.set(invokedKey(stack, fn.logicalId), 'traffic hook');
    }
  }
  return roles;
}

function isCustomResource(resource: ResourceNode): boolean {
  return resource.type === 'AWS::CloudFormation::CustomResource' || resource.type.startsWith('Custom::');
}

/** The functions a state machine's `.waitForTaskToken` Lambda tasks invoke, by logical id. */
function callbackTaskFunctions(resource: ResourceNode): string[] {
  if (resource.type !== 'AWS::StepFunctions::StateMachine' && resource.type !== 'AWS::Serverless::StateMachine') return [];
  const { definition, substitutions } = definitionOf(resource.properties);
  const ids: string[] = [];
  visit(definition, (state) => {
    const resourceArn = state['Resource'];
    if (typeof resourceArn !== 'string' || !resourceArn.endsWith('.waitForTaskToken')) return;
    const name = isObject(state['Parameters']) ? state['Parameters']['FunctionName'] : undefined;
    if (typeof name === 'string') {
      // `${ProcessFn}` bound in DefinitionSubstitutions, or `${ProcessFn.Arn}` of a Fn::Sub.
      for (const variable of subVariables(name)) ids.push(...(variable in substitutions ? referencedIds(substitutions[variable]) : [variable]));
    } else ids.push(...referencedIds(name));
  });
  return ids;
}

/**
 * A state machine's definition as an object: `Definition`, or `DefinitionString` as JSON text, maybe
 * in a Fn::Sub or Fn::Join (references kept as `${Id}`); with the values its `${...}` variables take.
 */
function definitionOf(props: Record<string, unknown>): { definition: unknown; substitutions: Record<string, unknown> } {
  const substitutions = { ...(isObject(props['DefinitionSubstitutions']) ? props['DefinitionSubstitutions'] : {}) };
  if (props['Definition'] !== undefined) return { definition: props['Definition'], substitutions };
  const value = props['DefinitionString'];
  let text: string | undefined;
  if (typeof value === 'string') text = value;
  else if (isObject(value) && value['Fn::Sub'] !== undefined) {
    const sub = value['Fn::Sub'];
    const [template, bindings] = Array.isArray(sub) ? [sub[0], sub[1]] : [sub, undefined];
    if (typeof template === 'string') text = template;
    if (isObject(bindings)) Object.assign(substitutions, bindings);
  } else if (isObject(value) && Array.isArray(value['Fn::Join']) && Array.isArray(value['Fn::Join'][1])) {
    const [separator, parts] = value['Fn::Join'] as [unknown, unknown[]];
    text = parts.map((part) => (typeof part === 'string' ? part : `\${${referencedId(part) ?? ''}}`)).join(typeof separator === 'string' ? separator : '');
  }
  return { definition: text === undefined ? undefined : parseJson(text), substitutions };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function visit(value: unknown, enter: (object: Record<string, unknown>) => void): void {
  if (Array.isArray(value)) for (const item of value) visit(item, enter);
  else if (isObject(value)) {
    enter(value);
    for (const child of Object.values(value)) visit(child, enter);
  }
}
