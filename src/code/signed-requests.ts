import type { TSESTree } from '@typescript-eslint/types';
import { nodesOfType, propertyName, unwrap, walk, type Node } from './ast.js';
import type { Declarations } from './declarations.js';
import { httpRequest, type HttpCall } from './http-calls.js';
import { wrapperIndex, type AwsSigner } from './library-catalog.js';
import { forEachReference } from './names.js';
import { modulePath } from './module-paths.js';
import { getParents } from './parents.js';

/**
 * A request to a signed `fetch` (`const signedFetch = createSignedFetcher({...}); signedFetch(url)`):
 * every request it makes is signed for AWS.
 */
export function signedFetchCall(node: TSESTree.CallExpression, decls: Declarations): HttpCall | undefined {
  const callee = unwrap(node.callee);
  if (callee.type !== 'Identifier' || decls.imports.has(callee.name)) return undefined;
  const init = decls.valueOf(callee.name, callee);
  const made = init ? unwrap(init) : undefined;
  const signer = made?.type === 'CallExpression' ? signerOf(made.callee, decls, 'fetchers') : undefined;
  return signer ? { ...httpRequest(node, 'fetch', 'url', decls), signer: signer.signer } : undefined;
}

/**
 * The requests of a file, each with what signs it for AWS when something does: a request whose
 * arguments are (or are built from) what `aws4.sign(options)` or `signer.sign(request)` signs or
 * returns, through same-file names (`const signed = await signer.sign(request); fetch(url, { headers: signed.headers })`).
 */
export function signedRequests(program: TSESTree.Program, decls: Declarations, calls: HttpCall[]): HttpCall[] {
  if (calls.length === 0) return calls;
  const signs = new Map<Node, string>();
  for (const node of nodesOfType(program, 'CallExpression')) {
    const signer = signingCall(node, decls);
    if (signer) signs.set(node, signer.signer);
  }
  if (signs.size === 0) return calls;
  // Names that hold a signed request: given a signing call's result, or given to one (aws4 signs in place).
  const parents = getParents(program);
  const signedNames = new Map<string, string>();
  for (const [call, signer] of signs) {
    const first = (call as TSESTree.CallExpression).arguments[0];
    const given = first ? unwrap(first) : undefined;
    if (given?.type === 'Identifier') signedNames.set(given.name, signer);
    const holder = holderName(call, parents);
    if (holder) signedNames.set(holder, signer);
  }
  return calls.map((call) => {
    if (call.signer) return call;
    const signer = signerIn(call.node.arguments, signs, signedNames, decls);
    return signer ? { ...call, signer } : call;
  });
}

/** `aws4.sign(options)`, `signer.sign(request)` / `signer.presign(request)` on a `new SignatureV4(...)`. */
function signingCall(node: TSESTree.CallExpression, decls: Declarations): AwsSigner | undefined {
  const direct = signerOf(node.callee, decls, 'signs');
  if (direct) return direct;
  const callee = unwrap(node.callee);
  const method = callee.type === 'MemberExpression' ? propertyName(callee.property, callee.computed) : undefined;
  if (callee.type !== 'MemberExpression' || (method !== 'sign' && method !== 'presign')) return undefined;
  let owner = unwrap(callee.object);
  if (owner.type === 'Identifier') owner = unwrap(decls.valueOf(owner.name, owner) ?? owner);
  return owner.type === 'NewExpression' ? signerOf(owner.callee, decls, 'classes') : undefined;
}

function signerOf(callee: Node, decls: Declarations, kind: 'signs' | 'classes' | 'fetchers'): AwsSigner | undefined {
  const target = modulePath(callee, decls);
  const signer = target ? wrapperIndex.signers.get(target.source) : undefined;
  return signer?.[kind]?.includes(target!.path.join('.')) ? signer : undefined;
}

/** The variable a call's result is kept in: `const signed = await signer.sign(request)`, `opts = aws4.sign(opts)`. */
function holderName(call: Node, parents: Map<Node, Node>): string | undefined {
  let child = call;
  for (let parent = parents.get(child); parent; child = parent, parent = parents.get(child)) {
    if (parent.type === 'AwaitExpression' || unwrap(parent) !== parent) continue;
    if (parent.type === 'VariableDeclarator' && parent.init === child && parent.id.type === 'Identifier') return parent.id.name;
    if (parent.type === 'AssignmentExpression' && parent.right === child && parent.left.type === 'Identifier') return parent.left.name;
    return undefined;
  }
  return undefined;
}

/** The signer of the first argument that is, reads or (one same-file name away) is built from a signed request. */
function signerIn(args: readonly Node[], signs: ReadonlyMap<Node, string>, signedNames: ReadonlyMap<string, string>, decls: Declarations): string | undefined {
  for (const arg of args) {
    let found: string | undefined;
    walk(arg, (node) => {
      found ??= signs.get(node);
    });
    forEachReference(arg, (id) => {
      found ??= signedNames.get(id.name) ?? builtFrom(id, signedNames, decls);
    });
    if (found) return found;
  }
  return undefined;
}

/** `const options = { ...signed, body }`: a same-file name whose value reads a signed request. */
function builtFrom(name: TSESTree.Identifier, signedNames: ReadonlyMap<string, string>, decls: Declarations): string | undefined {
  const init = decls.valueOf(name.name, name);
  let found: string | undefined;
  if (init) {
    forEachReference(init, (id) => {
      found ??= signedNames.get(id.name);
    });
  }
  return found;
}
