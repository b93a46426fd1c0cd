import type { TSESTree } from '@typescript-eslint/types';
import { propertyName, unwrap, type Node } from './ast.js';
import type { Declarations } from './declarations.js';
import { libraryIndex, type UrlArgument } from './library-catalog.js';
import { isGlobal, modulePath } from './module-paths.js';
import { resolveObject, staticString } from './static-values.js';

/** A request made with a known HTTP client: `fetch(url)`, `axios.get(url)`, `got(url)`, `undici.request(url)`, `https.get(url)`. */
export interface HttpCall {
  node: TSESTree.CallExpression | TSESTree.NewExpression;
  /** `fetch`, `axios`, `got`, `undici` or `https`. */
  library: string;
  /** The URL as written, when there is one. */
  urlNode?: Node;
  /** The start of the URL that is known without running code (`'https://api.example.com/orders/'`), when any is. */
  url?: StaticPrefix;
  /** What signs the request with AWS credentials, when something does (`aws4`, `SignatureV4`): it goes to an AWS endpoint. */
  signer?: string;
}

export interface StaticPrefix {
  text: string;
  /** True when `text` is the whole value, not only its start. */
  complete: boolean;
}

const MAX_HOPS = 8;

/** The HTTP request a call makes, if it is one of the libraries in the catalog (or the global `fetch`). */
export function httpCallOf(node: TSESTree.CallExpression, decls: Declarations): HttpCall | undefined {
  let library: string | undefined;
  let where: UrlArgument | undefined;
  if (isGlobal(node.callee, 'fetch', decls)) {
    library = 'fetch';
    where = 'url';
  } else {
    const target = modulePath(node.callee, decls);
    const lib = target ? libraryIndex.http.get(target.source) : undefined;
    where = target && lib ? lib.calls[target.path.join('.')] : undefined;
    library = where ? lib!.library : undefined;
  }
  if (!library || !where) return undefined;
  return httpRequest(node, library, where, decls);
}

/** A request made with `library`, its URL where `where` says. */
export function httpRequest(node: HttpCall['node'], library: string, where: UrlArgument, decls: Declarations): HttpCall {
  const call = withUrl({ node, library }, urlArgument(node.arguments[0], where, decls), decls);
  if (call.url || where !== 'url-or-options' || !call.urlNode) return call;
  const url = optionsUrl(call.urlNode, decls);
  return url ? { ...call, url } : call;
}

/** An HTTP client built with a base URL: `axios.create({ baseURL })`, `got.extend({ prefixUrl })`, `new undici.Pool(origin)`. */
export function withBaseUrl(call: HttpCall, base: { argument: 'first' } | { property: string } | undefined, decls: Declarations): HttpCall {
  const first = call.node.arguments[0];
  if (!base || !first) return call;
  if ('argument' in base) return withUrl(call, first, decls);
  return withUrl(call, resolveObject(first, decls)?.properties.get(base.property), decls);
}

function withUrl(call: HttpCall, urlNode: Node | undefined, decls: Declarations): HttpCall {
  if (!urlNode) return call;
  const url = staticPrefix(urlNode, decls);
  return { ...call, urlNode, ...(url ? { url } : {}) };
}

function urlArgument(first: Node | undefined, where: UrlArgument, decls: Declarations): Node | undefined {
  if (!first || first.type === 'SpreadElement') return undefined;
  if (where === 'url' || where === 'url-or-options') return first;
  const config = resolveObject(first, decls);
  return config ? config.properties.get('url') ?? config.properties.get('uri') : first;
}

/** The start of a string that is known statically: literals, templates up to their first unknown part, `+`, same-file constants, `new URL(...)`. */
export function staticPrefix(expression: Node, decls: Declarations, hops = 0): StaticPrefix | undefined {
  if (hops > MAX_HOPS) return undefined;
  const node = unwrap(expression);
  switch (node.type) {
    case 'Literal':
      return typeof node.value === 'string' ? { text: node.value, complete: true } : undefined;
    case 'TemplateLiteral': {
      let text = '';
      for (const [i, quasi] of node.quasis.entries()) {
        text += quasi.value.cooked ?? '';
        const expr = node.expressions[i];
        if (!expr) return { text, complete: true };
        const part = staticString(expr, decls);
        if (part === undefined) return { text, complete: false };
        text += part;
      }
      return { text, complete: true };
    }
    case 'BinaryExpression': {
      if (node.operator !== '+') return undefined;
      const left = staticPrefix(node.left, decls, hops + 1);
      if (!left?.complete) return left;
      const right = staticPrefix(node.right, decls, hops + 1);
      return right ? { text: left.text + right.text, complete: right.complete } : { text: left.text, complete: false };
    }
    case 'Identifier': {
      const init = decls.valueOf(node.name, node);
      return init ? staticPrefix(init, decls, hops + 1) : undefined;
    }
    case 'NewExpression': {
      // new URL(path, base): the origin comes from the base unless the path is absolute itself.
      if (node.callee.type !== 'Identifier' || node.callee.name !== 'URL' || !node.arguments[0]) return undefined;
      const path = staticPrefix(node.arguments[0], decls, hops + 1);
      const base = node.arguments[1];
      if (!base || (path && ABSOLUTE.test(path.text))) return path;
      // A protocol-relative path ('//host/x') replaces the base's host too.
      if (!path || path.text.startsWith('//')) return undefined;
      const origin = staticPrefix(base, decls, hops + 1);
      if (!origin) return undefined;
      // A complete base ends its host; what the path adds comes after it.
      return { text: origin.complete && !/[/?#]/.test(origin.text.replace(ABSOLUTE, '')) ? `${origin.text}/` : origin.text, complete: false };
    }
    case 'MemberExpression':
      // url.href, url.toString() of a `new URL(...)` constant
      return propertyName(node.property, node.computed) === 'href' ? staticPrefix(node.object, decls, hops + 1) : undefined;
    default:
      return undefined;
  }
}

/**
 * The start of the URL an options object of Node's `http.request` names: `{ hostname: 'api.example.com', path }`
 * is `https://api.example.com/` and what follows (the scheme is `protocol` when it is written).
 */
function optionsUrl(expression: Node, decls: Declarations): StaticPrefix | undefined {
  const options = resolveObject(expression, decls);
  const hostNode = options?.properties.get('hostname') ?? options?.properties.get('host');
  const host = hostNode ? staticString(hostNode, decls) : undefined;
  if (!options || !host || /[/?#]/.test(host)) return undefined;
  const protocol = staticString(options.properties.get('protocol'), decls);
  return { text: `${protocol === 'http:' ? 'http:' : 'https:'}//${host}/`, complete: false };
}

const ABSOLUTE = /^https?:\/\//i;
const HOST = /^https?:\/\/(\[[^\]]*\]|[^/?#:\s[\]]*)/i;

/** Hosts that are this machine or the Lambda sandbox: the Parameters and Secrets extension, local emulators, metadata. */
const LOCAL_HOST = /^(localhost|.*\.localhost|127(\.\d+){3}|0\.0\.0\.0|\[::1?\]|169\.254(\.\d+){2}|host\.docker\.internal)$/i;

/** The host of an absolute `http(s)://` URL prefix, when the prefix spells all of it. */
export function absoluteUrlHost(url: StaticPrefix | undefined): string | undefined {
  if (!url) return undefined;
  const match = HOST.exec(url.text);
  const host = match?.[1];
  if (!host) return undefined;
  // `https://api.${domain}`: the host is not finished where the known text stops.
  if (!url.complete && match[0].length === url.text.length) return undefined;
  return host;
}

/** An absolute URL literal that leaves the function's own machine. */
export function isRemoteUrl(url: StaticPrefix | undefined): boolean {
  const host = absoluteUrlHost(url);
  return host !== undefined && !LOCAL_HOST.test(host);
}

const SCHEME_ONLY = /^(https?:\/\/)?$/i;
const HOST_HEADERS = new Set(['host', 'x-forwarded-host']);

/**
 * Whether a request goes back to the host the incoming request came in on: its URL starts with the
 * event's `Host` header or `requestContext.domainName` (or its `hostname` option is one of them).
 * That host is the API the function was called through, so the request calls another function of
 * the same application, and waits for it.
 */
export function targetsRequestHost(call: HttpCall, decls: Declarations): boolean {
  const origin = urlOrigin(call, decls);
  return origin !== undefined && isRequestHost(origin, decls, 0);
}

/**
 * What a request's host comes from: the expression its URL starts with (after at most a scheme:
 * `${process.env.API_URL}/orders`, `'https://' + host`), the URL itself when it is a single value,
 * or the `hostname` of an options object.
 */
export function urlOrigin(call: HttpCall, decls: Declarations): Node | undefined {
  return call.urlNode ? originOfUrl(call.urlNode, decls) : undefined;
}

/** `urlOrigin` of a URL (or options object) as written: what its host comes from. */
export function originOfUrl(url: Node, decls: Declarations): Node | undefined {
  const options = resolveObject(url, decls);
  if (options) return options.properties.get('hostname') ?? options.properties.get('host');
  return originOf(url, decls, 0) ?? url;
}

/** The part of a URL its host comes from, when nothing but a scheme is written before it (through same-file names). */
function originOf(expression: Node, decls: Declarations, hops: number): Node | undefined {
  if (hops > MAX_HOPS) return undefined;
  const node = unwrap(expression);
  let piece: Node | undefined;
  if (node.type === 'Identifier') {
    const init = decls.valueOf(node.name, node);
    return init ? originOf(init, decls, hops + 1) : undefined;
  }
  if (node.type === 'TemplateLiteral') piece = SCHEME_ONLY.test(node.quasis[0]?.value.cooked ?? '') ? node.expressions[0] : undefined;
  else if (node.type === 'BinaryExpression' && node.operator === '+') {
    const left = unwrap(node.left);
    piece = left.type === 'Literal' && typeof left.value === 'string' ? (SCHEME_ONLY.test(left.value) ? node.right : undefined) : left;
  }
  // The piece may itself be a URL whose host comes first (`${base}/orders`).
  return piece && (originOf(piece, decls, hops + 1) ?? piece);
}

/** `event.headers.Host`, `event.multiValueHeaders.host[0]`, `event.requestContext.domainName`, or a same-file name for one. */
function isRequestHost(expression: Node, decls: Declarations, hops: number): boolean {
  if (hops > MAX_HOPS) return false;
  const node = unwrap(expression);
  if (node.type === 'Identifier') {
    const init = decls.valueOf(node.name, node);
    return init !== undefined && isRequestHost(init, decls, hops + 1);
  }
  if (node.type === 'LogicalExpression') return isRequestHost(node.left, decls, hops + 1) || isRequestHost(node.right, decls, hops + 1);
  if (node.type !== 'MemberExpression') return false;
  // `multiValueHeaders.host[0]` reads the same header as `headers.host`.
  const index = unwrap(node.property);
  const member = node.computed && index.type === 'Literal' && typeof index.value === 'number' ? unwrap(node.object) : node;
  if (member.type !== 'MemberExpression' || member.object.type !== 'MemberExpression') return false;
  const name = propertyName(member.property, member.computed) ?? '';
  const holder = propertyName(member.object.property, member.object.computed);
  if (holder === 'requestContext') return name === 'domainName';
  return (holder === 'headers' || holder === 'multiValueHeaders') && HOST_HEADERS.has(name.toLowerCase());
}
