/** X-Ray tracing as CloudFormation and SAM write it: on functions, on traceable resources, on SAM's implicit API. */
import type { PathSegment } from '../template/source-location.js';
import { asBoolean, asString } from './intrinsics.js';
import { mergeGlobals } from './sam-globals.js';
import { hasPath, lookup } from './template-paths.js';
import type { TemplateRef, TracingSetting } from './types.js';
import { isObject } from '../util/objects.js';

export interface TracingContext {
  at(path: readonly PathSegment[]): TemplateRef;
  /** SAM `Globals`: its Api and StateMachine sections apply to those resources. */
  globals: Record<string, unknown>;
}

/** A function's tracing mode, and the path to where it is written (which may end at an intrinsic). */
export function functionTracing(p: Record<string, unknown>, sam: boolean): { mode: string | undefined; path: PathSegment[] | undefined } {
  const mode = sam ? asString(p['Tracing']) : asString(isObject(p['TracingConfig']) ? p['TracingConfig']['Mode'] : undefined);
  return { mode, path: lookup(p, sam ? ['Tracing'] : ['TracingConfig', 'Mode'])?.path };
}

/** X-Ray tracing of REST API stages and state machines; undefined for resources that cannot be traced. */
export function resourceTracing(context: TracingContext, id: string, type: string, p: Record<string, unknown>): TracingSetting | undefined {
  const own = (segments: PathSegment[]) => tracingSetting(context, p, segments, (found) => ['Resources', id, 'Properties', ...found]);
  switch (type) {
    case 'AWS::Serverless::Api':
      return samTracing(context, id, 'Api', p, ['TracingEnabled']);
    case 'AWS::Serverless::StateMachine':
      return samTracing(context, id, 'StateMachine', p, ['Tracing', 'Enabled']);
    case 'AWS::ApiGateway::Stage':
      return own(['TracingEnabled']);
    case 'AWS::ApiGateway::Deployment':
      // Only a Deployment with a StageName creates a stage; otherwise an AWS::ApiGateway::Stage does.
      return p['StageName'] === undefined ? undefined : own(['StageDescription', 'TracingEnabled']);
    case 'AWS::StepFunctions::StateMachine':
      return own(['TracingConfiguration', 'Enabled']);
    default:
      return undefined;
  }
}

/** The implicit ServerlessRestApi has no properties of its own: only `Globals.Api` can trace it. */
export function implicitApiTracing(context: TracingContext): TracingSetting {
  return tracingSetting(context, context.globals['Api'], ['TracingEnabled'], (found) => ['Globals', 'Api', ...found]);
}

/** A SAM resource's setting, with `Globals.<section>` applied, located where it is written. */
function samTracing(context: TracingContext, id: string, section: string, p: Record<string, unknown>, segments: PathSegment[]): TracingSetting {
  const globals = context.globals[section];
  return tracingSetting(context, mergeGlobals(globals, p), segments, (found) =>
    hasPath(p, found) || !hasPath(globals, found) ? ['Resources', id, 'Properties', ...found] : ['Globals', section, ...found]);
}

function tracingSetting(context: TracingContext, root: unknown, segments: PathSegment[], pathOf: (found: PathSegment[]) => PathSegment[]): TracingSetting {
  const found = lookup(root, segments);
  if (!found) return { enabled: false };
  const enabled = asBoolean(found.value);
  return { ...(enabled !== undefined ? { enabled } : {}), at: context.at(pathOf(found.path)) };
}
