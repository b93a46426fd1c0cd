/**
 * The non-AWS clients sls-lint understands, as data: database drivers and HTTP libraries.
 * Paths are module paths (`module-paths.ts`): `''` is the module itself (its default export or
 * the whole CommonJS module), `'Pool'` a named export, `'MongoClient.connect'` a static method.
 */
export type ClientCategory = 'sdk' | 'database' | 'http';

export interface LibraryClients {
  category: Exclude<ClientCategory, 'sdk'>;
  /** Package names, including subpaths such as `mysql2/promise`. */
  sources: readonly string[];
  /** Paths constructed with `new`: each gives a client. */
  classes?: readonly string[];
  /** Paths called as functions: each gives a client. */
  factories?: readonly string[];
  /** Where the endpoint's URL is, for HTTP clients: the first argument, or a property of the first (object) argument. */
  baseUrl?: { argument: 'first' } | { property: string };
}

export const CLIENT_LIBRARIES: readonly LibraryClients[] = [
  { category: 'database', sources: ['pg'], classes: ['Pool', 'Client'] },
  {
    category: 'database', sources: ['mysql', 'mysql2', 'mysql2/promise'],
    factories: ['createConnection', 'createPool', 'createPoolCluster'],
  },
  { category: 'database', sources: ['mongodb'], classes: ['MongoClient'], factories: ['MongoClient.connect'] },
  { category: 'database', sources: ['ioredis'], classes: ['', 'Redis', 'Cluster', 'Redis.Cluster'] },
  { category: 'database', sources: ['redis', '@redis/client'], factories: ['createClient', 'createCluster'] },
  { category: 'database', sources: ['@prisma/client'], classes: ['PrismaClient'] },
  { category: 'database', sources: ['sequelize'], classes: ['', 'Sequelize'] },
  { category: 'database', sources: ['knex'], factories: ['', 'knex'] },
  { category: 'database', sources: ['mongoose'], classes: ['Mongoose'], factories: ['connect', 'createConnection'] },
  { category: 'http', sources: ['axios'], factories: ['create'], baseUrl: { property: 'baseURL' } },
  { category: 'http', sources: ['got'], factories: ['extend'], baseUrl: { property: 'prefixUrl' } },
  { category: 'http', sources: ['undici'], classes: ['Pool', 'Agent', 'Client', 'BalancedPool', 'ProxyAgent'], baseUrl: { argument: 'first' } },
  // An API's own client library: its endpoint is the library's, not written in the code.
  { category: 'http', sources: ['stripe'], classes: ['', 'Stripe'], factories: [''] },
];

/** Where an HTTP request's URL is: the first argument, or (when that is an object) its `url` or `uri`. */
export type UrlArgument = 'url' | 'url-or-config';

export interface HttpLibrary {
  /** Our name for it, used in messages. */
  library: string;
  sources: readonly string[];
  /** Path of each request function to where its URL is. */
  calls: Readonly<Record<string, UrlArgument>>;
}

const AXIOS_METHODS = ['get', 'delete', 'head', 'options', 'post', 'put', 'patch', 'postForm', 'putForm', 'patchForm'];
const GOT_METHODS = ['get', 'post', 'put', 'patch', 'delete', 'head', 'stream'];
const SUPERAGENT_METHODS = ['get', 'post', 'put', 'patch', 'delete', 'del', 'head', 'options'];
const REQUEST_METHODS = ['get', 'post', 'put', 'patch', 'delete', 'del', 'head'];

export const HTTP_LIBRARIES: readonly HttpLibrary[] = [
  {
    library: 'axios', sources: ['axios'],
    calls: { '': 'url-or-config', request: 'url-or-config', ...Object.fromEntries(AXIOS_METHODS.map((m) => [m, 'url'])) },
  },
  { library: 'got', sources: ['got'], calls: { '': 'url-or-config', ...Object.fromEntries(GOT_METHODS.map((m) => [m, 'url-or-config'])) } },
  { library: 'undici', sources: ['undici'], calls: { request: 'url', fetch: 'url', stream: 'url', pipeline: 'url' } },
  { library: 'fetch', sources: ['node-fetch', 'cross-fetch', 'isomorphic-fetch'], calls: { '': 'url', fetch: 'url' } },
  { library: 'https', sources: ['https', 'node:https', 'http', 'node:http'], calls: { get: 'url', request: 'url' } },
  { library: 'superagent', sources: ['superagent'], calls: Object.fromEntries(SUPERAGENT_METHODS.map((m) => [m, 'url'])) },
  {
    library: 'request', sources: ['request', 'request-promise', 'request-promise-native', 'requestretry'],
    calls: { '': 'url-or-config', ...Object.fromEntries(REQUEST_METHODS.map((m) => [m, 'url-or-config'])) },
  },
];

export const libraryIndex = (() => {
  const clients = new Map<string, LibraryClients[]>();
  const http = new Map<string, HttpLibrary>();
  for (const lib of CLIENT_LIBRARIES) for (const source of lib.sources) clients.set(source, [...(clients.get(source) ?? []), lib]);
  for (const lib of HTTP_LIBRARIES) for (const source of lib.sources) http.set(source, lib);
  return { clients, http };
})();
