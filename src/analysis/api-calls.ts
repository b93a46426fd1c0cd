import { absoluteUrlHost } from '../code/http-calls.js';
import type { ModelIndex } from '../model/stack-index.js';
import type { OutputRef, Stack, StackOutput } from '../model/types.js';
import type { Reach } from './reachability.js';
import type { SourcePart, StaticSource } from './value-resolver.js';

const SCHEME_ONLY = /^(https?:\/\/)?$/i;

/** An API of the application, and the stack it belongs to. */
export interface OwnApi {
  stack: Stack;
  /** Its logical id (or the custom domain's, when no mapping names the API). */
  id: string;
}

/**
 * The API of the application that a URL's host comes from, as the reaching function's stack and
 * the other stacks read in the same run tell it:
 * - the environment variable the URL starts with is bound by the template to one of the stack's
 *   HTTP APIs (`!Sub https://${Api}.execute-api...`, `!GetAtt HttpApi.ApiEndpoint`, the implicit API's
 *   id, a custom domain name resource of the stack), or to a stack output that is one of them: a
 *   Serverless `${cf:<stack>.<output>}` of a stack of the run (the service's own `ServiceEndpoint`),
 *   or `!ImportValue` of a name a stack of the run exports;
 * - or the URL's host (written in the code, or the variable's value) is a custom domain an API of
 *   the application is served on.
 * `origin` is where the URL's start comes from; `host`, the host the code spells, when it does.
 */
export function ownApiOf(stacks: ModelIndex, reach: Reach, origin: StaticSource | undefined, host?: string): OwnApi | undefined {
  const name = origin?.env ?? leadingVariable(origin?.parts ?? []);
  const variable = name ? reach.fn.environment[name] : undefined;
  if (variable) {
    const id = variable.references.map((ref) => apiReferenced(stacks, reach.stack, ref)).find((api) => api !== undefined);
    if (id) return { stack: reach.stack, id };
    const output = variable.output ? outputOf(stacks, variable.output) : undefined;
    const api = output && apiOfOutput(stacks, output.stack, output.output);
    if (api) return api;
    // A URL, or a bare host (`https://${process.env.ORDERS_HOST}/orders`).
    const bound = typeof variable.value === 'string' ? urlHost(variable.value, true) ?? variable.value.trim().toLowerCase() : undefined;
    if (bound) return apiOnHost(stacks, reach.stack, bound);
  }
  const written = host ?? (origin?.literal !== undefined ? urlHost(origin.literal, true) : leadingLiteralHost(origin?.parts ?? []));
  return written ? apiOnHost(stacks, reach.stack, written) : undefined;
}

/** The variable a joined text starts with, after at most a scheme. */
function leadingVariable(parts: readonly SourcePart[]): string | undefined {
  const [first, second] = parts;
  if (first && 'env' in first) return first.env;
  return first && SCHEME_ONLY.test(first.literal) && second && 'env' in second ? second.env : undefined;
}

/** The host a joined text spells before its first variable, when it spells all of it. */
function leadingLiteralHost(parts: readonly SourcePart[]): string | undefined {
  const first = parts[0];
  return first && 'literal' in first ? urlHost(first.literal, false) : undefined;
}

function urlHost(text: string, complete: boolean): string | undefined {
  return absoluteUrlHost({ text, complete })?.toLowerCase();
}

/**
 * The API a reference names: a REST or HTTP API of the stack, the implicit one included (a
 * WebSocket API's endpoint reaches clients, not functions), or the API a custom domain name
 * resource of the stack serves.
 */
function apiReferenced(stacks: ModelIndex, stack: Stack, id: string): string | undefined {
  if (stack.implicitRestApi?.logicalId === id) return id;
  const index = stacks.of(stack);
  const domain = index.domainOf(id);
  if (domain) return domain.api;
  const resource = index.resource(id);
  return resource?.kind === 'api' && resource.properties['ProtocolType'] !== 'WEBSOCKET' ? id : undefined;
}

/**
 * The output a reference names, in the stacks of the run: `${cf:<stack>.<output>}` by the stack's
 * name (a Serverless service's `<service>-<stage>`, for any stage), `!ImportValue` by the export's.
 */
function outputOf(stacks: ModelIndex, ref: OutputRef): { stack: Stack; output: StackOutput } | undefined {
  if ('exportName' in ref) return stacks.exported(ref.exportName);
  // `<service>-<stage>`: a stage has no dash, so the service is what comes before the last one.
  const dash = ref.stackName.lastIndexOf('-');
  const named = stacks.stackNamed(ref.stackName) ??
    (dash >= 0 && /^[A-Za-z0-9]+$/.test(ref.stackName.slice(dash + 1)) ? stacks.serviceNamed(ref.stackName.slice(0, dash)) : undefined);
  const output = named ? stacks.of(named).output(ref.output) : undefined;
  return named && output ? { stack: named, output } : undefined;
}

/** The API an output's value is the URL (or id) of: it references one, or spells the host of a custom domain of one. */
function apiOfOutput(stacks: ModelIndex, stack: Stack, output: StackOutput): OwnApi | undefined {
  const id = output.references.map((ref) => apiReferenced(stacks, stack, ref)).find((api) => api !== undefined);
  if (id) return { stack, id };
  const host = typeof output.value === 'string' ? urlHost(output.value, true) : undefined;
  return host ? apiOnHost(stacks, stack, host) : undefined;
}

/** The API served on a custom domain of the application: in the given stack first, then in the others of the run. */
function apiOnHost(stacks: ModelIndex, first: Stack, host: string): OwnApi | undefined {
  const on = stacks.domainsOn(host);
  const found = on.find((d) => d.stack === first) ?? on[0];
  return found ? { stack: found.stack, id: found.domain.api } : undefined;
}
