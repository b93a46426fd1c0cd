import type { TSESTree } from '@typescript-eslint/types';
import type { Declarations } from './declarations.js';
import { withBaseUrl, type HttpCall } from './http-calls.js';
import { libraryIndex, type ClientCategory } from './library-catalog.js';
import { modulePath } from './module-paths.js';
import { catalogIndex, V2_PACKAGE } from './sdk-catalog.js';

/**
 * A client being built: an AWS SDK client, a database connection or pool, or an HTTP client
 * instance. Where it is built decides whether it is built once per container or once per call.
 */
export interface ClientConstruction {
  /** `new DynamoDBClient({})`, `DynamoDBDocumentClient.from(...)`, `mysql.createPool(...)`, `axios.create(...)`. */
  node: TSESTree.NewExpression | TSESTree.CallExpression;
  category: ClientCategory;
  /** What it is called by its library: `DynamoDBClient`, `DynamoDBDocumentClient.from`, `AWS.S3`, `Pool`, `createPool`, `create`. */
  name: string;
  /** The package it comes from. */
  source: string;
  /** The construction this one is an argument of: `new DynamoDBClient()` inside `DynamoDBDocumentClient.from(...)`. */
  within?: ClientConstruction;
}

export type SdkClientName = { name: string; source: string };

/** v2 classes under `AWS.` that are not service clients. */
const V2_NOT_CLIENTS = new Set([
  'Config', 'Endpoint', 'CredentialProviderChain', 'HttpRequest', 'HttpResponse', 'MetadataService', 'Service', 'Token',
  'TokenProviderChain', 'SequentialExecutor', 'ParamValidator', 'Request', 'Response',
]);

/** `AWS.S3`, `AWS.SecretsManager`: a v2 service client class, not `AWS.Config` or `AWS.SharedIniFileCredentials`. */
export function isV2ClientName(name: string): boolean {
  return /^[A-Z]/.test(name) && !V2_NOT_CLIENTS.has(name) && !name.endsWith('Credentials');
}

/** `SecretsManagerClient`, or `SecretsManager` from `@aws-sdk/client-secrets-manager`: a v3 client class by its name. */
export function isV3ClientName(name: string, source: string): boolean {
  if (!source.startsWith('@aws-sdk/client-')) return false;
  return name.endsWith('Client') || name.toLowerCase() === source.slice('@aws-sdk/client-'.length).replace(/-/g, '');
}

/**
 * An AWS SDK client outside the catalog: a v3 `XClient` (or aggregated client named after its
 * package) from any `@aws-sdk/client-*`, a v2 `AWS.X`, or a v2 `aws-sdk/clients/x` module.
 */
export function genericSdkClient(node: TSESTree.NewExpression, decls: Declarations): SdkClientName | undefined {
  const target = modulePath(node.callee, decls);
  if (!target) return undefined;
  const { source, path } = target;
  const [name] = path;
  if (name && path.length === 1 && isV3ClientName(name, source)) return { name, source };
  if (source === V2_PACKAGE && name && ((path.length === 1 && isV2ClientName(name)) || catalogIndex.byV2Client.has(path.join('.')))) {
    return { name: `AWS.${path.join('.')}`, source };
  }
  if (source.startsWith(`${V2_PACKAGE}/clients/`) && path.length === 0) return { name: source.slice(`${V2_PACKAGE}/clients/`.length), source };
  return undefined;
}

/** A database or HTTP client built with a library from `library-catalog.ts`, with its HTTP base URL if it has one. */
export function libraryClient(
  node: TSESTree.NewExpression | TSESTree.CallExpression, decls: Declarations,
): { category: ClientCategory; name: string; source: string; http?: HttpCall } | undefined {
  const target = modulePath(node.callee, decls);
  const libraries = target ? libraryIndex.clients.get(target.source) : undefined;
  if (!target || !libraries) return undefined;
  const path = target.path.join('.');
  for (const lib of libraries) {
    const list = node.type === 'NewExpression' ? lib.classes : lib.factories;
    if (!list?.includes(path)) continue;
    const name = path || target.source;
    const http = lib.category === 'http' ? withBaseUrl({ node, library: target.source }, lib.baseUrl, decls) : undefined;
    return { category: lib.category, name, source: target.source, ...(http ? { http } : {}) };
  }
  return undefined;
}
