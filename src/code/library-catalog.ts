/**
 * The libraries around AWS that sls-lint understands, as data: database drivers and HTTP libraries,
 * the SDK clients that wrap the SDK to add correlation IDs, and the libraries that sign requests for AWS.
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

/**
 * Where an HTTP request's URL is: the first argument, or (when that is an object) its `url` or
 * `uri` (`url-or-config`), or its `hostname` or `host` (`url-or-options`, Node's `http.request(options)`).
 */
export type UrlArgument = 'url' | 'url-or-config' | 'url-or-options';

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
  { library: 'https', sources: ['https', 'node:https', 'http', 'node:http'], calls: { get: 'url-or-options', request: 'url-or-options' } },
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

/**
 * DAZN Lambda Powertools' SDK clients: each package's export is an AWS SDK v2 client, already
 * built, whose sending methods add the correlation IDs captured from the incoming event. A call on
 * one is the service's operation (`DynamoDB.put(params)` is a document client Put), made through a
 * wrapper: the package is where the service is reached, and where the IDs are added.
 */
export interface CorrelatingSdkClient {
  source: string;
  /** The catalog service (`sdk-catalog.ts`) whose v2 client the package exports. */
  service: string;
}

export const CORRELATING_SDK_CLIENTS: readonly CorrelatingSdkClient[] = [
  { source: '@dazn/lambda-powertools-dynamodb-client', service: 'DynamoDBDocument' },
  { source: '@dazn/lambda-powertools-sqs-client', service: 'SQS' },
  { source: '@dazn/lambda-powertools-sns-client', service: 'SNS' },
  { source: '@dazn/lambda-powertools-eventbridge-client', service: 'EventBridge' },
  { source: '@dazn/lambda-powertools-cloudwatchevents-client', service: 'CloudWatchEvents' },
  { source: '@dazn/lambda-powertools-kinesis-client', service: 'Kinesis' },
  { source: '@dazn/lambda-powertools-firehose-client', service: 'Firehose' },
  { source: '@dazn/lambda-powertools-lambda-client', service: 'Lambda' },
  { source: '@dazn/lambda-powertools-step-functions-client', service: 'StepFunctions' },
];

/**
 * Helpers that hold the correlation IDs captured from the incoming event: a value read from one
 * (`CorrelationIds.get()`) is those IDs, whatever the field it is put in is called.
 */
export const CORRELATION_ID_SOURCES: readonly string[] = ['@dazn/lambda-powertools-correlation-ids'];

/**
 * Objects that keep the correlation ID of the event they were given, read with a method: Powertools
 * for AWS Lambda's Logger (`logger.getCorrelationId()`, set by `injectLambdaContext` with a
 * `correlationIdPath`, or `setCorrelationId`). Class by module, and the method that reads the ID.
 */
export const CORRELATION_ID_KEEPERS: readonly { source: string; className: string; method: string }[] = [
  { source: '@aws-lambda-powertools/logger', className: 'Logger', method: 'getCorrelationId' },
];

/**
 * Libraries that sign HTTP requests with AWS credentials (SigV4): a request they sign goes to an
 * AWS endpoint (API Gateway with IAM auth, AppSync, OpenSearch, a Lambda function URL), whatever
 * its URL says. Paths as in `CLIENT_LIBRARIES`.
 */
export interface AwsSigner {
  /** Our name for it, used in messages. */
  signer: string;
  sources: readonly string[];
  /** Functions that sign the request they are given (and return it): `aws4.sign(options)`. */
  signs?: readonly string[];
  /** Classes whose instances sign with `sign(request)` or `presign(request)`: `new SignatureV4({...})`. */
  classes?: readonly string[];
  /** Functions that return a `fetch` that signs every request: `createSignedFetcher({...})`. */
  fetchers?: readonly string[];
}

export const AWS_SIGNERS: readonly AwsSigner[] = [
  { signer: 'aws4', sources: ['aws4'], signs: ['sign'] },
  { signer: 'SignatureV4', sources: ['@aws-sdk/signature-v4', '@smithy/signature-v4'], classes: ['SignatureV4'] },
  { signer: 'aws-sigv4-fetch', sources: ['aws-sigv4-fetch'], fetchers: ['createSignedFetcher'] },
];

export const wrapperIndex = (() => {
  const correlatingClients = new Map(CORRELATING_SDK_CLIENTS.map((client) => [client.source, client]));
  const signers = new Map<string, AwsSigner>();
  for (const signer of AWS_SIGNERS) for (const source of signer.sources) signers.set(source, signer);
  return { correlatingClients, signers };
})();
