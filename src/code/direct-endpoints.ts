import { unwrap, type Node } from './ast.js';
import { isV2ClientName, isV3ClientName } from './client-constructions.js';
import type { CodeFacts, SdkImport } from './code-facts.js';
import { absoluteUrlHost, isRemoteUrl } from './http-calls.js';
import { V2_PACKAGE } from './sdk-catalog.js';

/** Where a module talks to a backend itself rather than through a wrapper. */
export type DirectEndpointUse =
  | { kind: 'sdk'; node: Node; source: string; via?: string }
  | { kind: 'http'; node: Node; library: string; host: string }
  | { kind: 'signed'; node: Node; library: string; signer: string };

/**
 * Where a module reaches AWS or an HTTP endpoint directly: each AWS SDK package it imports a client
 * from (on its first such import), or each project module it imports one from that only passes the
 * SDK on (`const AWS = require('./lib/aws')`, when the facts know it), each SDK package it builds a
 * client from without an import (`new (require('aws-sdk').S3)()`, on the first client built), each
 * request to (or HTTP client for) an absolute, non-local URL, and each request signed for AWS
 * (`aws4.sign`, `SignatureV4`) whose URL is not local. In source order. A ready-made client from a
 * wrapper package (`@dazn/lambda-powertools-sns-client`) is reached through that wrapper, so it is
 * not direct use.
 */
export function directEndpointUses(facts: CodeFacts): DirectEndpointUse[] {
  const usesSdk = facts.clients.some((c) => c.category === 'sdk') || facts.operations.some((op) => !op.via) || facts.paginators.length > 0;
  const uses: DirectEndpointUse[] = [];
  const imported = new Set<string>();
  for (const imp of facts.sdkImports) {
    const key = imp.via ?? imp.source;
    if (imported.has(key) || !importsClient(imp, usesSdk)) continue;
    imported.add(key);
    uses.push({ kind: 'sdk', node: sourceLiteral(imp.node) ?? imp.node, source: imp.source, ...(imp.via ? { via: imp.via } : {}) });
  }
  // A v2 client is named after `aws-sdk` whether it came from there or from `aws-sdk/clients/x`.
  const packages = new Set(facts.sdkImports.filter((imp) => imported.has(imp.via ?? imp.source))
    .map(({ source }) => (source.startsWith(`${V2_PACKAGE}/`) ? V2_PACKAGE : source)));
  for (const client of facts.clients) {
    if (client.category !== 'sdk' || packages.has(client.source)) continue;
    packages.add(client.source);
    uses.push({ kind: 'sdk', node: client.node, source: client.source });
  }
  for (const call of facts.httpCalls) {
    if (isRemoteUrl(call.url)) uses.push({ kind: 'http', node: call.node, library: call.library, host: absoluteUrlHost(call.url)! });
    else if (call.signer && absoluteUrlHost(call.url) === undefined) uses.push({ kind: 'signed', node: call.node, library: call.library, signer: call.signer });
  }
  return uses.sort((a, b) => a.node.range[0] - b.node.range[0]);
}

/**
 * Whether an import brings in something that talks to AWS: a client, a command, a paginator or a
 * waiter. Types, enums, exceptions and utilities do not; nor does an import used only as a type.
 * A whole module (`import AWS from 'aws-sdk'`, `import * as s3 from '@aws-sdk/client-s3'`) or a v2
 * class (`import { DynamoDB } from 'aws-sdk'`) counts when the file builds a client or calls an
 * operation, so `AWS.DynamoDB.Converter.unmarshall(...)` alone does not.
 */
export function importsClient(imp: SdkImport, fileUsesSdk: boolean): boolean {
  if (imp.typeOnly || !imp.usedAsValue) return false;
  return imp.names.some((name) => {
    if (name === '*' || name === 'default') return fileUsesSdk;
    if (imp.source === V2_PACKAGE) return isV2ClientName(name) && fileUsesSdk;
    // `import { DocumentClient } from 'aws-sdk/clients/dynamodb'`
    if (imp.source.startsWith(`${V2_PACKAGE}/clients/`)) return isV2ClientName(name) && fileUsesSdk;
    return isV3ClientName(name, imp.source) || name === imp.entry?.v3Client || name === imp.entry?.v3Aggregated ||
      /Command$|^paginate[A-Z]|^waitUntil[A-Z]|^waitFor[A-Z]/.test(name) || (imp.source === '@aws-sdk/lib-storage' && name === 'Upload');
  });
}

/** The module name as written: `'aws-sdk'` in `import AWS from 'aws-sdk'` or `const AWS = require('aws-sdk')`. */
function sourceLiteral(node: Node): Node | undefined {
  if (node.type === 'ImportDeclaration') return node.source;
  if (node.type === 'TSImportEqualsDeclaration') {
    return node.moduleReference.type === 'TSExternalModuleReference' ? node.moduleReference.expression : undefined;
  }
  let init = node.type === 'VariableDeclarator' && node.init ? unwrap(node.init) : undefined;
  while (init?.type === 'MemberExpression') init = unwrap(init.object);
  return init?.type === 'CallExpression' ? init.arguments[0] : undefined;
}
