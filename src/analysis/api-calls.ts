import type { Stack } from '../model/types.js';
import type { Reach } from './reachability.js';
import type { SourcePart, StaticSource } from './value-resolver.js';

const SCHEME_ONLY = /^(https?:\/\/)?$/i;

/**
 * The API of the reaching function's own stack that a URL's host comes from: the environment
 * variable the URL starts with is bound by the template to one of the stack's HTTP APIs
 * (`!Sub https://${Api}.execute-api...`, `!GetAtt HttpApi.ApiEndpoint`, the implicit API's id).
 * `origin` is where the URL's start comes from.
 */
export function ownApiOf(reach: Reach, origin: StaticSource | undefined): string | undefined {
  const name = origin?.env ?? leadingVariable(origin?.parts ?? []);
  const variable = name ? reach.fn.environment[name] : undefined;
  return variable?.references.find((id) => isHttpApi(reach.stack, id));
}

/** The variable a joined text starts with, after at most a scheme. */
function leadingVariable(parts: readonly SourcePart[]): string | undefined {
  const [first, second] = parts;
  if (first && 'env' in first) return first.env;
  return first && SCHEME_ONLY.test(first.literal) && second && 'env' in second ? second.env : undefined;
}

/** A REST or HTTP API of the stack, the implicit one included; a WebSocket API's endpoint reaches clients, not functions. */
function isHttpApi(stack: Stack, id: string): boolean {
  if (stack.implicitRestApi?.logicalId === id) return true;
  const resource = stack.resources.find((r) => r.logicalId === id);
  return resource?.kind === 'api' && resource.properties['ProtocolType'] !== 'WEBSOCKET';
}
