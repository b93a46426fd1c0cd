import type { AstFunction } from '../code/ast.js';
import { getCodeFacts } from '../code/code-facts.js';
import { originOfUrl, urlOrigin } from '../code/http-calls.js';
import type { ModuleIndex } from './module-index.js';
import { inside, parameterPlace, parameterUses, type ParameterUse, type ParameterUseKind, type ParameterUseLookup } from './parameter-flows.js';

/**
 * An HTTP request a function makes to a URL its caller gives it (`getJson(url)` running
 * `fetch(url)`): where the URL is among its parameters, and the request.
 */
export interface WrappedRequest extends ParameterUse {
  /** The HTTP client that makes the request (`fetch`, `axios`...). */
  library: string;
  /** Where the request is made (through further functions the URL is passed on to, the last). */
  file: string;
  line: number;
}

/** A function whose requests are asked for, and how they are remembered. */
export type WrapperLookup = ParameterUseLookup<WrappedRequest>;

const REQUESTS: ParameterUseKind<WrappedRequest> = {
  name: 'wrapped-requests',
  own(index, fn) {
    const httpCalls = getCodeFacts(index.program).httpCalls.filter((call) => inside(fn, call.node));
    const uses: WrappedRequest[] = [];
    for (const call of httpCalls) {
      const origin = urlOrigin(call, index.decls);
      const place = origin ? parameterPlace(index, fn, origin) : undefined;
      if (place) uses.push({ ...place, library: call.library, file: index.file, line: call.node.loc.start.line });
    }
    return { uses, calls: new Set(httpCalls.map((call) => call.node)) };
  },
  // A URL built on a parameter (`${base}/orders`) is that parameter's.
  origin: (url, index) => originOfUrl(url, index.decls),
};

/**
 * The HTTP requests a function makes with a URL (or the host of one) it takes from a parameter:
 * its own (`(url) => fetch(url)`, `(path) => axios.get(path)`, `({ url }) => got(url)`,
 * `(options) => fetch(options.url)`), and those of the functions it passes such a URL on to
 * (same-file and imported), up to a few functions deep.
 */
export function wrappedRequests(lookup: WrapperLookup, index: ModuleIndex, fn: AstFunction): WrappedRequest[] {
  return parameterUses(REQUESTS, lookup, index, fn);
}
