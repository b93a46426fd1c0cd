// Deterministic generator of synthetic serverless projects for the benchmark (see docs/performance.md).
//
//   node bench/generate.mjs --functions 1000 --out /tmp/sls-bench/1000 [--seed 42]
//
// Layout of a generated project (one service per 50 functions, half SAM, half Serverless Framework):
//
//   tsconfig.json                       paths: @libs/* -> libs/*
//   package.json
//   libs/observability.ts               correlation ids and logging, imported as @libs/observability.js
//   libs/errors.ts
//   svc-001-orders/template.yaml        (even services: SAM)   or serverless.yml (odd services)
//   svc-001-orders/tsconfig.json        extends ../tsconfig.json, paths: @app/* -> src/*, @libs/* -> ../libs/*
//   svc-001-orders/src/shared/config.ts process.env.X, bound to resources with !Ref in the template
//   svc-001-orders/src/<domain>/handlers/*.ts          30 to 80 lines each, one per function
//   svc-001-orders/src/<domain>/repositories/*.repository.ts   DynamoDB (lib-dynamodb) Put/Get/Update
//   svc-001-orders/src/<domain>/clients/*.client.ts    SQS, SNS, EventBridge, (sometimes) Lambda Invoke
//
// The function returns a manifest: the code files, the templates and the handler files (for touching).

import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const FUNCTIONS_PER_TEMPLATE = 50;
const DOMAINS_PER_SERVICE = 5;

const DOMAIN_NAMES = [
  'orders', 'payments', 'inventory', 'shipping', 'customers', 'invoices', 'catalog', 'reviews', 'loyalty', 'returns',
  'pricing', 'carts', 'subscriptions', 'refunds', 'warehouses', 'suppliers', 'coupons', 'accounts', 'ledger', 'quotes',
  'bookings', 'tickets', 'devices', 'alerts', 'reports', 'documents', 'contracts', 'claims', 'policies', 'leads',
];
const SERVICE_WORDS = ['commerce', 'fulfilment', 'billing', 'identity', 'support', 'analytics', 'partner', 'mobile', 'backoffice', 'platform'];

/** mulberry32: small, fast, and the same sequence on every machine. */
export function prng(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (lo, hi) => lo + Math.floor(next() * (hi - lo + 1)),
    chance: (p) => next() < p,
    pick: (list) => list[Math.floor(next() * list.length)],
    weighted: (entries) => {
      const total = entries.reduce((n, [, w]) => n + w, 0);
      let r = next() * total;
      for (const [value, w] of entries) {
        r -= w;
        if (r < 0) return value;
      }
      return entries.at(-1)[0];
    },
  };
}

const pascal = (s) => s.split(/[-_ ]/).filter(Boolean).map((w) => w[0].toUpperCase() + w.slice(1)).join('');
const camel = (s) => { const p = pascal(s); return p[0].toLowerCase() + p.slice(1); };
const constant = (s) => s.replace(/-/g, '_').toUpperCase();
const singular = (s) => (s.endsWith('ies') ? `${s.slice(0, -3)}y` : s.endsWith('ses') ? s.slice(0, -2) : s.endsWith('s') ? s.slice(0, -1) : s);
const pad3 = (n) => String(n).padStart(3, '0');

/** The delivery mix: sync 35%, queue 25%, stream 10%, async 30%. */
const TRIGGERS = [['http', 35], ['sqs', 25], ['stream', 10], ['eventbridge', 12], ['s3', 8], ['sns', 10]];
const VERBS = {
  http: ['create', 'get', 'update', 'cancel', 'approve', 'list', 'archive', 'submit'],
  sqs: ['process', 'reconcile', 'settle', 'import', 'retry', 'allocate'],
  stream: ['project', 'replicate', 'audit', 'index'],
  eventbridge: ['on-created', 'on-updated', 'on-cancelled', 'sync'],
  s3: ['ingest', 'parse', 'scan-upload'],
  sns: ['notify', 'fan-out', 'on-alert'],
};

export function generateProject({ functions, out, seed = 42 }) {
  const rand = prng(seed * 7919 + functions);
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  const manifest = { root: out, functions, seed, templates: [], codeFiles: [], handlerFiles: [], sam: 0, serverless: 0 };
  const write = (rel, text, kind) => {
    const file = path.join(out, rel);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, text);
    if (kind === 'code' || kind === 'handler') manifest.codeFiles.push(file);
    if (kind === 'handler') manifest.handlerFiles.push(file);
    if (kind === 'template') manifest.templates.push(file);
  };

  write('package.json', `${JSON.stringify({
    name: 'bench-monorepo', private: true, type: 'module',
    dependencies: { '@aws-sdk/client-dynamodb': '^3.600.0', '@aws-sdk/lib-dynamodb': '^3.600.0', '@aws-sdk/client-sqs': '^3.600.0',
      '@aws-sdk/client-sns': '^3.600.0', '@aws-sdk/client-eventbridge': '^3.600.0', '@aws-sdk/client-lambda': '^3.600.0' },
    devDependencies: { '@types/aws-lambda': '^8.10.140', typescript: '^5.5.0' },
  }, null, 2)}\n`);
  write('tsconfig.json', `${JSON.stringify({
    compilerOptions: { target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, baseUrl: '.', paths: { '@libs/*': ['libs/*'] } },
    include: ['libs', '*/src'],
  }, null, 2)}\n`);
  write('libs/observability.ts', OBSERVABILITY, 'code');
  write('libs/errors.ts', ERRORS, 'code');

  const services = Math.ceil(functions / FUNCTIONS_PER_TEMPLATE);
  let remaining = functions;
  for (let s = 0; s < services; s++) {
    const count = Math.min(FUNCTIONS_PER_TEMPLATE, remaining);
    remaining -= count;
    const format = s % 2 === 0 ? 'sam' : 'serverless';
    manifest[format] += 1;
    generateService({ rand, index: s, count, format, write });
  }
  return manifest;
}

function generateService({ rand, index, count, format, write }) {
  const name = `svc-${pad3(index + 1)}-${SERVICE_WORDS[index % SERVICE_WORDS.length]}`;
  const domains = [];
  for (let d = 0; d < DOMAINS_PER_SERVICE; d++) {
    const domain = DOMAIN_NAMES[(index * DOMAINS_PER_SERVICE + d) % DOMAIN_NAMES.length];
    domains.push(makeDomain(rand, domain, d));
  }
  // Functions are dealt round-robin over the domains.
  const fns = [];
  for (let i = 0; i < count; i++) {
    const domain = domains[i % DOMAINS_PER_SERVICE];
    const trigger = rand.weighted(TRIGGERS);
    const verbs = VERBS[trigger];
    let base = `${rand.pick(verbs)}-${singular(rand.pick(domain.entities.map((e) => e.name)))}`;
    let unique = base;
    for (let k = 2; domain.fileNames.has(unique); k++) unique = `${base}-${k}`;
    domain.fileNames.add(unique);
    fns.push({ domain, trigger, file: unique, logicalId: `${pascal(domain.name)}${pascal(unique)}Function`, index: i });
  }
  for (const fn of fns) fn.uses = chooseUses(rand, fn);
  // Lambda Invoke targets another function of the same domain (the template binds its name with !Ref).
  for (const domain of domains) {
    const own = fns.filter((f) => f.domain === domain);
    if (domain.invoke && own.length > 1) domain.invoke.target = (own.find((f) => f.trigger !== 'http') ?? own.at(-1)).logicalId;
    else domain.invoke = undefined;
    if (!domain.invoke) {
      domain.wrappers = domain.wrappers.filter((w) => w.key !== 'invoke');
      for (const f of own) f.uses = f.uses.filter((k) => k !== 'invoke');
    }
  }
  // Every wrapper is imported by at least one handler of its domain, so the analysis reaches all of it.
  for (const domain of domains) {
    const own = fns.filter((f) => f.domain === domain);
    for (const wrapper of domain.wrappers) {
      if (own.length > 0 && !own.some((f) => f.uses.includes(wrapper.key))) own[rand.int(0, own.length - 1)].uses.push(wrapper.key);
    }
    domain.used = own.length > 0;
  }

  write(`${name}/tsconfig.json`, `${JSON.stringify({
    extends: '../tsconfig.json',
    compilerOptions: { baseUrl: '.', paths: { '@app/*': ['src/*'], '@libs/*': ['../libs/*'] } },
    include: ['src'],
  }, null, 2)}\n`);
  write(`${name}/src/shared/config.ts`, configModule(domains), 'code');
  for (const domain of domains) {
    if (!domain.used) continue;
    for (const wrapper of domain.wrappers) write(`${name}/src/${domain.name}/${wrapper.dir}/${wrapper.fileName}.ts`, wrapper.render(), 'code');
  }
  for (const fn of fns) write(`${name}/src/${fn.domain.name}/handlers/${fn.file}.ts`, handlerModule(rand, fn), 'handler');
  const used = domains.filter((d) => d.used);
  if (format === 'sam') write(`${name}/template.yaml`, samTemplate(rand, name, used, fns), 'template');
  else write(`${name}/serverless.yml`, serverlessTemplate(rand, name, used, fns), 'template');
}

// ---------------------------------------------------------------------------------------------
// Domains and their wrapper modules

function makeDomain(rand, name, position) {
  const P = pascal(name);
  const entity = singular(name);
  const entities = [
    { name, table: `${P}Table`, env: `${constant(name)}_TABLE`, key: `${camel(name)}Table`, conditional: rand.chance(0.6), style: rand.pick(['object', 'class', 'functions']) },
    { name: `${entity}-history`, table: `${P}HistoryTable`, env: `${constant(name)}_HISTORY_TABLE`, key: `${camel(name)}HistoryTable`, conditional: rand.chance(0.3), style: rand.pick(['object', 'class', 'functions']) },
  ];
  const domain = {
    name, P, entity, entities, position, fileNames: new Set(),
    queue: { logical: `${P}Queue`, dlq: `${P}DeadLetterQueue`, env: `${constant(name)}_QUEUE_URL`, key: `${camel(name)}QueueUrl`, redrive: rand.chance(0.8) },
    topic: { logical: `${P}Topic`, env: `${constant(name)}_TOPIC_ARN`, key: `${camel(name)}TopicArn` },
    bucket: { logical: `${P}UploadsBucket` },
    invoke: rand.chance(0.3) ? { env: `${constant(name)}_WORKER_FUNCTION`, key: `${camel(name)}WorkerFunction`, type: rand.chance(0.7) ? 'Event' : 'RequestResponse' } : undefined,
    wrappers: [],
  };
  for (const e of entities) {
    domain.wrappers.push({ key: `repo:${e.name}`, dir: 'repositories', fileName: `${e.name}.repository`, exportName: repoExport(e), entity: e, render: () => repositoryModule(domain, e) });
  }
  domain.wrappers.push({ key: 'queue', dir: 'clients', fileName: `${name}-queue.client`, exportName: `enqueue${P}Work`, render: () => queueClient(domain) });
  domain.wrappers.push({ key: 'topic', dir: 'clients', fileName: `${name}-topic.client`, exportName: `publish${P}Notification`, render: () => topicClient(domain) });
  domain.wrappers.push({ key: 'events', dir: 'clients', fileName: `${name}-events.client`, exportName: `emit${P}Event`, render: () => eventsClient(domain) });
  if (domain.invoke) domain.wrappers.push({ key: 'invoke', dir: 'clients', fileName: `${name}-worker.client`, exportName: `start${P}Worker`, render: () => invokeClient(domain) });
  return domain;
}

function repoExport(e) {
  return e.style === 'functions' ? null : `${camel(e.name)}Repository`;
}

function configModule(domains) {
  const lines = [
    '// Every resource name the code uses comes from the environment the template sets.',
    'function optional(name: string, fallback = \'\'): string {',
    '  return process.env[name] ?? fallback;',
    '}',
    '',
    'export const config = {',
    '  stage: process.env.STAGE ?? \'dev\',',
    '  eventBusName: process.env.EVENT_BUS_NAME ?? \'default\',',
  ];
  for (const d of domains) {
    for (const e of d.entities) lines.push(`  ${e.key}: process.env.${e.env} ?? '',`);
    lines.push(`  ${d.queue.key}: process.env.${d.queue.env} ?? '',`);
    lines.push(`  ${d.topic.key}: process.env.${d.topic.env} ?? '',`);
    if (d.invoke) lines.push(`  ${d.invoke.key}: process.env.${d.invoke.env} ?? '',`);
  }
  lines.push('  logLevel: optional(\'LOG_LEVEL\', \'info\'),', '};', '', 'export type Config = typeof config;', '');
  return lines.join('\n');
}

function repositoryModule(domain, e) {
  const T = `${pascal(singular(e.name))}Record`;
  const put = e.conditional
    ? `new PutCommand({\n      TableName: config.${e.key},\n      Item: item,\n      ConditionExpression: 'attribute_not_exists(pk)',\n    })`
    : `new PutCommand({ TableName: config.${e.key}, Item: item })`;
  const update = e.conditional
    ? `new UpdateCommand({\n      TableName: config.${e.key},\n      Key: { pk: id },\n      UpdateExpression: 'SET #status = :status, #version = :next, updatedAt = :now',\n      ConditionExpression: '#version = :expected',\n      ExpressionAttributeNames: { '#status': 'status', '#version': 'version' },\n      ExpressionAttributeValues: { ':status': status, ':expected': expectedVersion, ':next': expectedVersion + 1, ':now': new Date().toISOString() },\n    })`
    : `new UpdateCommand({\n      TableName: config.${e.key},\n      Key: { pk: id },\n      UpdateExpression: 'SET #status = :status, updatedAt = :now',\n      ExpressionAttributeNames: { '#status': 'status' },\n      ExpressionAttributeValues: { ':status': status, ':now': new Date().toISOString() },\n    })`;
  const head = [
    "import { DynamoDBClient } from '@aws-sdk/client-dynamodb';",
    "import { DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';",
    "import { config } from '../../shared/config.js';",
    '',
    'const documents = DynamoDBDocumentClient.from(new DynamoDBClient({}), {',
    '  marshallOptions: { removeUndefinedValues: true },',
    '});',
    '',
    `export interface ${T} {`,
    '  pk: string;',
    '  status: string;',
    '  version: number;',
    '  updatedAt: string;',
    '  [attribute: string]: unknown;',
    '}',
    '',
  ].join('\n');
  const methods = [
    [`save(item: ${T}): Promise<void>`, `await documents.send(${put});`],
    [`find(id: string): Promise<${T} | undefined>`, `const output = await documents.send(new GetCommand({ TableName: config.${e.key}, Key: { pk: id }, ConsistentRead: true }));\n    return output.Item as ${T} | undefined;`],
    [`setStatus(id: string, status: string, expectedVersion: number): Promise<void>`, `await documents.send(${update});`],
  ];
  const indent = (s, n) => s.split('\n').map((l) => ' '.repeat(n) + l).join('\n').replace(/^\s+$/gm, '');
  if (e.style === 'class') {
    return `${head}class ${pascal(e.name)}Repository {\n${methods.map(([sig, b]) => `  async ${sig} {\n${indent(b, 4)}\n  }`).join('\n\n')}\n}\n\nexport const ${camel(e.name)}Repository = new ${pascal(e.name)}Repository();\n`;
  }
  if (e.style === 'object') {
    return `${head}export const ${camel(e.name)}Repository = {\n${methods.map(([sig, b]) => `  async ${sig} {\n${indent(b, 4)}\n  },`).join('\n\n')}\n};\n`;
  }
  const prefix = pascal(singular(e.name));
  const renamed = methods.map(([sig, b]) => [sig.replace(/^save/, `save${prefix}`).replace(/^find/, `find${prefix}`).replace(/^setStatus/, `set${prefix}Status`), b]);
  return `${head}${renamed.map(([sig, b]) => `export async function ${sig} {\n${indent(b, 2)}\n}`).join('\n\n')}\n`;
}

function queueClient(d) {
  return `import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { config } from '../../shared/config.js';

const sqs = new SQSClient({});

/** Work for the ${d.name} worker, with the correlation id carried as a message attribute. */
export async function enqueue${d.P}Work(body: Record<string, unknown>, correlationId: string, delaySeconds = 0): Promise<string | undefined> {
  const output = await sqs.send(
    new SendMessageCommand({
      QueueUrl: config.${d.queue.key},
      MessageBody: JSON.stringify(body),
      DelaySeconds: delaySeconds,
      MessageAttributes: { correlationId: { DataType: 'String', StringValue: correlationId } },
    }),
  );
  return output.MessageId;
}
`;
}

function topicClient(d) {
  return `import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { config } from '../../shared/config.js';

const sns = new SNSClient({});

export async function publish${d.P}Notification(subject: string, message: Record<string, unknown>, correlationId: string): Promise<void> {
  await sns.send(
    new PublishCommand({
      TopicArn: config.${d.topic.key},
      Subject: subject.slice(0, 100),
      Message: JSON.stringify(message),
      MessageAttributes: { correlationId: { DataType: 'String', StringValue: correlationId } },
    }),
  );
}
`;
}

function eventsClient(d) {
  return `import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { config } from '../../shared/config.js';

const events = new EventBridgeClient({});

export async function emit${d.P}Event(detailType: string, detail: Record<string, unknown>, correlationId: string): Promise<void> {
  const output = await events.send(
    new PutEventsCommand({
      Entries: [
        {
          EventBusName: config.eventBusName,
          Source: 'app.${d.name}',
          DetailType: detailType,
          Detail: JSON.stringify({ ...detail, correlationId }),
        },
      ],
    }),
  );
  if (output.FailedEntryCount) throw new Error(\`\${output.FailedEntryCount} ${d.name} event(s) were not accepted\`);
}
`;
}

function invokeClient(d) {
  return `import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { config } from '../../shared/config.js';

const lambda = new LambdaClient({});

export async function start${d.P}Worker(payload: Record<string, unknown>): Promise<number | undefined> {
  const output = await lambda.send(
    new InvokeCommand({
      FunctionName: config.${d.invoke.key},
      InvocationType: '${d.invoke.type}',
      Payload: Buffer.from(JSON.stringify(payload)),
    }),
  );
  return output.StatusCode;
}
`;
}

// ---------------------------------------------------------------------------------------------
// Handlers

function chooseUses(rand, fn) {
  const d = fn.domain;
  const uses = [`repo:${rand.pick(d.entities).name}`];
  if (rand.chance(0.25)) uses.push(`repo:${rand.pick(d.entities).name}`);
  const emit = rand.weighted([['events', 40], ['queue', 25], ['topic', 20], ['none', 15]]);
  if (emit !== 'none') uses.push(emit);
  if (d.invoke && rand.chance(0.15)) uses.push('invoke');
  return [...new Set(uses)];
}

function importOf(rand, fn, wrapper) {
  const useAlias = rand.chance(0.4);
  const from = useAlias ? `@app/${fn.domain.name}/${wrapper.dir}/${wrapper.fileName}.js` : `../${wrapper.dir}/${wrapper.fileName}.js`;
  if (wrapper.exportName) return `import { ${wrapper.exportName} } from '${from}';`;
  const p = pascal(singular(wrapper.entity.name));
  return `import { find${p}, save${p}, set${p}Status } from '${from}';`;
}

function repoCalls(wrapper) {
  if (wrapper.exportName) {
    const r = wrapper.exportName;
    return { save: `${r}.save`, find: `${r}.find`, setStatus: `${r}.setStatus` };
  }
  const p = pascal(singular(wrapper.entity.name));
  return { save: `save${p}`, find: `find${p}`, setStatus: `set${p}Status` };
}

function handlerModule(rand, fn) {
  const d = fn.domain;
  const wrappers = fn.uses.map((key) => d.wrappers.find((w) => w.key === key));
  const repos = wrappers.filter((w) => w.key.startsWith('repo:'));
  const repo = repoCalls(repos[0]);
  const emitter = wrappers.find((w) => ['events', 'queue', 'topic'].includes(w.key));
  const invoke = wrappers.find((w) => w.key === 'invoke');
  // About one handler in twelve talks to the SDK itself instead of through a wrapper.
  const direct = rand.chance(0.08);
  const E = pascal(singular(d.name));

  const imports = [];
  const eventType = { http: 'APIGatewayProxyEventV2', sqs: 'SQSEvent', stream: 'DynamoDBStreamEvent', eventbridge: 'EventBridgeEvent', s3: 'S3Event', sns: 'SNSEvent' }[fn.trigger];
  const extraTypes = fn.trigger === 'http' ? ', APIGatewayProxyResultV2' : fn.trigger === 'sqs' ? ', SQSBatchResponse' : fn.trigger === 'stream' ? ', DynamoDBBatchResponse' : '';
  imports.push(`import type { ${eventType}${extraTypes} } from 'aws-lambda';`);
  if (direct) imports.push("import { SQSClient, SendMessageCommand } from '@aws-sdk/client-sqs';");
  for (const w of wrappers) imports.push(importOf(rand, fn, w));
  imports.push(`import { correlationIdFrom, logger } from '${rand.chance(0.7) ? '@libs/observability.js' : '../../../../libs/observability.js'}';`);
  if (fn.trigger === 'http') imports.push("import { ValidationError } from '@libs/errors.js';");
  if (direct || rand.chance(0.3)) imports.push(`import { config } from '${rand.chance(0.5) ? '@app/shared/config.js' : '../../shared/config.js'}';`);

  const out = [...imports, ''];
  if (direct) out.push('const sqs = new SQSClient({});', '');
  out.push(`interface ${E}Input {`, '  id: string;', '  status?: string;', '  version?: number;');
  const extraFields = rand.int(0, 4);
  for (let i = 0; i < extraFields; i++) out.push(`  ${rand.pick(['amount', 'currency', 'customerId', 'note', 'reference', 'quantity', 'region', 'channel'])}${i}?: ${rand.pick(['string', 'number', 'boolean'])};`);
  out.push('}', '');

  // Helpers vary the size of the module.
  out.push(`function parse${E}(raw: string | undefined | null): ${E}Input {`,
    `  if (!raw) throw new ${fn.trigger === 'http' ? 'ValidationError' : 'Error'}('empty ${singular(d.name)} payload');`,
    `  const value = JSON.parse(raw) as Partial<${E}Input>;`,
    `  if (typeof value.id !== 'string' || value.id.length === 0) throw new ${fn.trigger === 'http' ? 'ValidationError' : 'Error'}('${singular(d.name)} id is required');`,
    '  return { ...value, id: value.id };',
    '}', '');
  const helpers = rand.int(0, 3);
  for (let h = 0; h < helpers; h++) out.push(...helper(rand, E, h), '');

  const emitCall = (payload, indent) => {
    if (direct) return `${indent}await sqs.send(new SendMessageCommand({ QueueUrl: config.${d.queue.key}, MessageBody: JSON.stringify(${payload}) }));`;
    if (!emitter) return `${indent}logger.info('${singular(d.name)} handled', { id: ${payload}.id, correlationId });`;
    if (emitter.key === 'events') return `${indent}await ${emitter.exportName}('${E}${pascal(rand.pick(['changed', 'accepted', 'recorded', 'completed']))}', ${payload}, correlationId);`;
    if (emitter.key === 'queue') return `${indent}await ${emitter.exportName}(${payload}, correlationId);`;
    return `${indent}await ${emitter.exportName}('${E} update', ${payload}, correlationId);`;
  };
  const invokeCall = (payload, indent) => (invoke ? [`${indent}await ${invoke.exportName}({ ...${payload}, correlationId });`] : []);
  const secondRepo = repos[1] ? repoCalls(repos[1]) : undefined;
  const history = (indent) => (secondRepo ? [`${indent}await ${secondRepo.save}({ pk: \`\${input.id}#\${Date.now()}\`, status: 'recorded', version: 1, updatedAt: new Date().toISOString() });`] : []);

  switch (fn.trigger) {
    case 'http': {
      const method = rand.pick(['create', 'read', 'update']);
      out.push(`export const handler = async (event: APIGatewayProxyEventV2): Promise<APIGatewayProxyResultV2> => {`,
        '  const correlationId = correlationIdFrom(event.headers);',
        '  try {');
      if (method === 'read') {
        out.push(`    const id = event.pathParameters?.id;`,
          `    if (!id) throw new ValidationError('id path parameter is required');`,
          `    const item = await ${repo.find}(id);`,
          `    if (!item) return { statusCode: 404, body: JSON.stringify({ message: 'not found' }) };`,
          '    return { statusCode: 200, body: JSON.stringify(item) };');
      } else if (method === 'create') {
        out.push(`    const input = parse${E}(event.body);`,
          `    const item = { pk: input.id, status: input.status ?? 'new', version: 1, updatedAt: new Date().toISOString() };`,
          `    await ${repo.save}(item);`, ...history('    '), emitCall('item', '    '), ...invokeCall('item', '    '),
          '    return { statusCode: 201, body: JSON.stringify({ id: item.pk }) };');
      } else {
        out.push(`    const input = parse${E}(event.body);`,
          `    const current = await ${repo.find}(input.id);`,
          `    if (!current) return { statusCode: 404, body: JSON.stringify({ message: 'not found' }) };`,
          `    await ${repo.setStatus}(input.id, input.status ?? current.status, current.version);`, ...history('    '),
          emitCall('{ ...current, status: input.status }', '    '),
          '    return { statusCode: 200, body: JSON.stringify({ id: input.id }) };');
      }
      out.push('  } catch (error) {',
        '    if (error instanceof ValidationError) {',
        '      return { statusCode: 400, body: JSON.stringify({ message: error.message }) };',
        '    }',
        `    logger.error('request failed', { correlationId, error: String(error) });`,
        '    throw error;',
        '  }',
        '};');
      break;
    }
    case 'sqs': {
      const partial = rand.chance(0.7);
      out.push(`export const handler = async (event: SQSEvent): Promise<${partial ? 'SQSBatchResponse' : 'void'}> => {`);
      if (partial) out.push('  const batchItemFailures: { itemIdentifier: string }[] = [];');
      out.push('  for (const record of event.Records) {',
        '    const correlationId = correlationIdFrom(record.messageAttributes);');
      if (partial) out.push('    try {');
      const ind = partial ? '      ' : '    ';
      out.push(`${ind}const input = parse${E}(record.body);`,
        `${ind}const current = await ${repo.find}(input.id);`,
        `${ind}if (current) {`,
        `${ind}  await ${repo.setStatus}(input.id, input.status ?? 'processed', current.version);`,
        `${ind}} else {`,
        `${ind}  await ${repo.save}({ pk: input.id, status: 'processed', version: 1, updatedAt: new Date().toISOString() });`,
        `${ind}}`, ...history(ind), emitCall('input', ind), ...invokeCall('input', ind));
      if (partial) {
        out.push('    } catch (error) {',
          `      logger.error('message failed', { messageId: record.messageId, correlationId, error: String(error) });`,
          '      batchItemFailures.push({ itemIdentifier: record.messageId });',
          '    }');
      }
      out.push('  }');
      if (partial) out.push('  return { batchItemFailures };');
      out.push('};');
      break;
    }
    case 'stream': {
      out.push('export const handler = async (event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> => {',
        '  const batchItemFailures: { itemIdentifier: string }[] = [];',
        '  for (const record of event.Records) {',
        "    if (record.eventName === 'REMOVE') continue;",
        "    const id = record.dynamodb?.Keys?.pk?.S ?? '';",
        '    const correlationId = correlationIdFrom({ id });',
        '    try {',
        "      const status = record.dynamodb?.NewImage?.status?.S ?? 'unknown';",
        "      const input = { id, status, version: Number(record.dynamodb?.NewImage?.version?.N ?? '0') };",
        ...history('      '), emitCall('input', '      '),
        '    } catch (error) {',
        "      logger.error('stream record failed', { id, correlationId, error: String(error) });",
        "      batchItemFailures.push({ itemIdentifier: record.dynamodb?.SequenceNumber ?? '' });",
        '    }',
        '  }',
        '  return { batchItemFailures };',
        '};');
      break;
    }
    case 'eventbridge': {
      out.push(`export const handler = async (event: EventBridgeEvent<string, ${E}Input & { correlationId?: string }>): Promise<void> => {`,
        '  const correlationId = event.detail.correlationId ?? correlationIdFrom({ id: event.id });',
        '  const input = event.detail;',
        `  logger.info('event received', { type: event['detail-type'], id: input.id, correlationId });`,
        `  const existing = await ${repo.find}(input.id);`,
        '  if (existing) {',
        `    await ${repo.setStatus}(input.id, input.status ?? existing.status, existing.version);`,
        '  } else {',
        `    await ${repo.save}({ pk: input.id, status: input.status ?? 'new', version: 1, updatedAt: event.time });`,
        '  }', ...history('  '), emitCall('input', '  '), ...invokeCall('input', '  '),
        '};');
      break;
    }
    case 's3': {
      out.push('export const handler = async (event: S3Event): Promise<void> => {',
        '  for (const record of event.Records) {',
        "    const key = decodeURIComponent(record.s3.object.key.replace(/\\+/g, ' '));",
        "    const correlationId = correlationIdFrom({ id: record.responseElements?.['x-amz-request-id'] ?? key });",
        "    const id = key.split('/').at(-1)?.replace(/\\.[a-z]+$/, '') ?? key;",
        `    const input = { id, status: 'uploaded', version: 1, updatedAt: record.eventTime, size: record.s3.object.size };`,
        `    await ${repo.save}({ pk: input.id, status: input.status, version: input.version, updatedAt: input.updatedAt });`,
        ...history('    '), emitCall('input', '    '),
        '  }',
        '};');
      break;
    }
    case 'sns': {
      out.push('export const handler = async (event: SNSEvent): Promise<void> => {',
        '  await Promise.all(',
        '    event.Records.map(async (record) => {',
        '      const correlationId = correlationIdFrom(record.Sns.MessageAttributes);',
        `      const input = parse${E}(record.Sns.Message);`,
        `      const current = await ${repo.find}(input.id);`,
        '      if (!current) {',
        `        logger.warn('unknown ${singular(d.name)}', { id: input.id, correlationId });`,
        '        return;',
        '      }',
        `      await ${repo.setStatus}(input.id, input.status ?? 'notified', current.version);`,
        ...history('      '), emitCall('input', '      '),
        '    }),',
        '  );',
        '};');
      break;
    }
    default:
      throw new Error(`unknown trigger ${fn.trigger}`);
  }
  // 30 to 80 lines: pad short modules with one more helper, as real handlers grow.
  while (out.length < 30) out.splice(out.indexOf('') + 1, 0, ...helper(rand, E, out.length), '');
  return `${out.join('\n')}\n`;
}

function helper(rand, E, n) {
  const kind = rand.int(0, 3);
  const suffix = `${n}`;
  if (kind === 0) {
    return [`function isTerminal${suffix}(status: string | undefined): boolean {`,
      `  return status === 'cancelled' || status === 'completed' || status === 'archived';`, '}'];
  }
  if (kind === 1) {
    return [`function toSummary${suffix}(input: ${E}Input): Record<string, unknown> {`,
      '  const summary: Record<string, unknown> = { id: input.id };',
      '  if (input.status) summary.status = input.status;',
      '  if (input.version !== undefined) summary.version = input.version;',
      '  return summary;', '}'];
  }
  if (kind === 2) {
    return [`const RETRYABLE${suffix} = new Set(['ThrottlingException', 'ProvisionedThroughputExceededException', 'ServiceUnavailable']);`, '',
      `function isRetryable${suffix}(error: unknown): boolean {`,
      "  return error instanceof Error && RETRYABLE" + suffix + '.has(error.name);', '}'];
  }
  return [`function assertVersion${suffix}(expected: number | undefined, actual: number): void {`,
    '  if (expected !== undefined && expected !== actual) {',
    `    throw new Error(\`version conflict: expected \${expected}, found \${actual}\`);`,
    '  }', '}'];
}

// ---------------------------------------------------------------------------------------------
// Templates

function envFor(d) {
  const vars = {};
  for (const e of d.entities) vars[e.env] = `!Ref ${e.table}`;
  vars[d.queue.env] = `!Ref ${d.queue.logical}`;
  vars[d.topic.env] = `!Ref ${d.topic.logical}`;
  if (d.invoke) vars[d.invoke.env] = `!Ref ${d.invoke.target}`;
  return vars;
}

function samTemplate(rand, name, domains, fns) {
  const L = [];
  L.push("AWSTemplateFormatVersion: '2010-09-09'", 'Transform: AWS::Serverless-2016-10-31', `Description: ${name} (generated by bench/generate.mjs)`, '',
    'Parameters:', '  Stage:', '    Type: String', '    Default: dev', '',
    'Globals:', '  Function:', '    Runtime: nodejs20.x', '    Architectures: [arm64]', '    Timeout: 10', '    MemorySize: 512',
    `    Tracing: ${rand.chance(0.8) ? 'Active' : 'PassThrough'}`, '    CodeUri: ./', '    Environment:', '      Variables:',
    '        STAGE: !Ref Stage', '        EVENT_BUS_NAME: !Ref EventBus', '        LOG_LEVEL: info', '', 'Resources:');
  for (const fn of fns) {
    const d = fn.domain;
    L.push(`  ${fn.logicalId}:`, '    Type: AWS::Serverless::Function', '    Properties:',
      `      Handler: src/${d.name}/handlers/${fn.file}.handler`);
    if (rand.chance(0.2)) L.push(`      Timeout: ${rand.pick([15, 30, 60])}`);
    if (fn.trigger !== 'http' && fn.trigger !== 'sqs' && fn.trigger !== 'stream' && rand.chance(0.6)) {
      L.push('      DeadLetterQueue:', '        Type: SQS', `        TargetArn: !GetAtt ${d.queue.dlq}.Arn`);
    }
    L.push('      Environment:', '        Variables:');
    for (const [k, v] of Object.entries(envFor(d))) L.push(`          ${k}: ${v}`);
    L.push('      Events:', '        Trigger:');
    switch (fn.trigger) {
      case 'http':
        L.push('          Type: HttpApi', '          Properties:', `            Path: /${d.name}/${fn.file}/{id}`, `            Method: ${rand.pick(['get', 'post', 'put'])}`);
        break;
      case 'sqs':
        L.push('          Type: SQS', '          Properties:', `            Queue: !GetAtt ${d.queue.logical}.Arn`, `            BatchSize: ${rand.pick([1, 10, 25])}`);
        if (rand.chance(0.7)) L.push('            FunctionResponseTypes:', '              - ReportBatchItemFailures');
        break;
      case 'stream':
        L.push('          Type: DynamoDB', '          Properties:', `            Stream: !GetAtt ${d.entities[0].table}.StreamArn`, '            StartingPosition: LATEST',
          '            BatchSize: 100', '            MaximumRetryAttempts: 3', '            FunctionResponseTypes:', '              - ReportBatchItemFailures');
        if (rand.chance(0.7)) L.push('            DestinationConfig:', '              OnFailure:', '                Type: SQS', `                Destination: !GetAtt ${d.queue.dlq}.Arn`);
        break;
      case 'eventbridge':
        L.push('          Type: EventBridgeRule', '          Properties:', '            EventBusName: !Ref EventBus', '            Pattern:',
          `              source: [app.${d.name}]`, `              detail-type: [${d.P}${rand.pick(['Created', 'Updated', 'Cancelled'])}]`);
        if (rand.chance(0.5)) L.push('            DeadLetterConfig:', `              Arn: !GetAtt ${d.queue.dlq}.Arn`);
        break;
      case 's3':
        L.push('          Type: S3', '          Properties:', `            Bucket: !Ref ${d.bucket.logical}`, '            Events: s3:ObjectCreated:*');
        break;
      case 'sns':
        L.push('          Type: SNS', '          Properties:', `            Topic: !Ref ${d.topic.logical}`);
        break;
    }
    L.push('');
  }
  L.push('  EventBus:', '    Type: AWS::Events::EventBus', '    Properties:', `      Name: !Sub '${name}-\${Stage}'`, '');
  for (const d of domains) {
    for (const [i, e] of d.entities.entries()) {
      L.push(`  ${e.table}:`, '    Type: AWS::DynamoDB::Table', '    Properties:', '      BillingMode: PAY_PER_REQUEST',
        '      AttributeDefinitions:', '        - AttributeName: pk', '          AttributeType: S', '      KeySchema:', '        - AttributeName: pk', '          KeyType: HASH');
      if (i === 0) L.push('      StreamSpecification:', '        StreamViewType: NEW_AND_OLD_IMAGES');
      L.push('');
    }
    L.push(`  ${d.queue.logical}:`, '    Type: AWS::SQS::Queue', '    Properties:', '      VisibilityTimeout: 120');
    if (d.queue.redrive) L.push('      RedrivePolicy:', `        deadLetterTargetArn: !GetAtt ${d.queue.dlq}.Arn`, '        maxReceiveCount: 5');
    L.push('', `  ${d.queue.dlq}:`, '    Type: AWS::SQS::Queue', '    Properties:', '      MessageRetentionPeriod: 1209600', '',
      `  ${d.topic.logical}:`, '    Type: AWS::SNS::Topic', '',
      `  ${d.bucket.logical}:`, '    Type: AWS::S3::Bucket', '');
  }
  L.push('Outputs:', '  EventBusName:', '    Value: !Ref EventBus', '');
  return L.join('\n');
}

function serverlessTemplate(rand, name, domains, fns) {
  const L = [];
  L.push(`service: ${name}`, "frameworkVersion: '4'", '', 'provider:', '  name: aws', '  runtime: nodejs20.x', '  architecture: arm64',
    "  stage: ${opt:stage, 'dev'}", "  region: ${opt:region, 'eu-west-1'}", '  memorySize: 512', '  timeout: ${self:custom.timeouts.default}',
    '  tracing:', `    lambda: ${rand.chance(0.8) ? 'true' : 'false'}`, '  environment:', '    STAGE: ${sls:stage}', '    SERVICE: ${self:service}',
    '    EVENT_BUS_NAME: !Ref EventBus', "    LOG_LEVEL: ${self:custom.logLevel.${sls:stage}, 'info'}", '',
    'custom:', '  prefix: ${self:service}-${sls:stage}', '  timeouts:', '    default: 10', '    worker: 30', '  logLevel:', '    dev: debug', '    prod: info', '',
    'functions:');
  for (const fn of fns) {
    const d = fn.domain;
    L.push(`  ${fn.logicalId}:`, `    handler: src/${d.name}/handlers/${fn.file}.handler`, `    name: \${self:custom.prefix}-${d.name}-${fn.file}`);
    if (fn.trigger === 'sqs' || fn.trigger === 'stream') L.push('    timeout: ${self:custom.timeouts.worker}');
    if ((fn.trigger === 'eventbridge' || fn.trigger === 's3' || fn.trigger === 'sns') && rand.chance(0.6)) {
      L.push(rand.chance(0.5) ? `    onError: !GetAtt ${d.queue.dlq}.Arn` : `    destinations:\n      onFailure:\n        type: sqs\n        arn: !GetAtt ${d.queue.dlq}.Arn`);
    }
    L.push('    environment:');
    for (const [k, v] of Object.entries(envFor(d))) L.push(`      ${k}: ${v}`);
    L.push('    events:');
    switch (fn.trigger) {
      case 'http':
        L.push('      - httpApi:', `          path: /${d.name}/${fn.file}/{id}`, `          method: ${rand.pick(['get', 'post', 'put'])}`);
        break;
      case 'sqs':
        L.push('      - sqs:', `          arn: !GetAtt ${d.queue.logical}.Arn`, `          batchSize: ${rand.pick([1, 10, 25])}`);
        if (rand.chance(0.7)) L.push('          functionResponseType: ReportBatchItemFailures');
        break;
      case 'stream':
        L.push('      - stream:', '          type: dynamodb', `          arn: !GetAtt ${d.entities[0].table}.StreamArn`, '          batchSize: 100',
          '          maximumRetryAttempts: 3', '          functionResponseType: ReportBatchItemFailures');
        if (rand.chance(0.7)) L.push('          destinations:', '            onFailure:', '              type: sqs', `              arn: !GetAtt ${d.queue.dlq}.Arn`);
        break;
      case 'eventbridge':
        L.push('      - eventBridge:', '          eventBus: !GetAtt EventBus.Arn', '          pattern:', `            source: [app.${d.name}]`,
          `            detail-type: [${d.P}${rand.pick(['Created', 'Updated', 'Cancelled'])}]`);
        if (rand.chance(0.5)) L.push('          deadLetterQueueArn: !GetAtt ' + `${d.queue.dlq}.Arn`);
        break;
      case 's3':
        L.push('      - s3:', `          bucket: \${self:custom.prefix}-${d.name}-uploads`, '          event: s3:ObjectCreated:*', '          existing: true');
        break;
      case 'sns':
        L.push('      - sns:', `          arn: !Ref ${d.topic.logical}`, `          topicName: \${self:custom.prefix}-${d.name}`);
        break;
    }
  }
  L.push('', 'resources:', '  Resources:', '    EventBus:', '      Type: AWS::Events::EventBus', '      Properties:', '        Name: ${self:custom.prefix}', '');
  for (const d of domains) {
    for (const [i, e] of d.entities.entries()) {
      L.push(`    ${e.table}:`, '      Type: AWS::DynamoDB::Table', '      Properties:', `        TableName: \${self:custom.prefix}-${e.name}`, '        BillingMode: PAY_PER_REQUEST',
        '        AttributeDefinitions:', '          - AttributeName: pk', '            AttributeType: S', '        KeySchema:', '          - AttributeName: pk', '            KeyType: HASH');
      if (i === 0) L.push('        StreamSpecification:', '          StreamViewType: NEW_AND_OLD_IMAGES');
      L.push('');
    }
    L.push(`    ${d.queue.logical}:`, '      Type: AWS::SQS::Queue', '      Properties:', `        QueueName: \${self:custom.prefix}-${d.name}`, '        VisibilityTimeout: 180');
    if (d.queue.redrive) L.push('        RedrivePolicy:', `          deadLetterTargetArn: !GetAtt ${d.queue.dlq}.Arn`, '          maxReceiveCount: 5');
    L.push('', `    ${d.queue.dlq}:`, '      Type: AWS::SQS::Queue', '      Properties:', `        QueueName: \${self:custom.prefix}-${d.name}-dlq`, '        MessageRetentionPeriod: 1209600', '',
      `    ${d.topic.logical}:`, '      Type: AWS::SNS::Topic', '      Properties:', `        TopicName: \${self:custom.prefix}-${d.name}`, '');
  }
  return L.join('\n');
}

// ---------------------------------------------------------------------------------------------
// Shared libraries (root libs/, reached through the @libs/* path)

const OBSERVABILITY = `import { randomUUID } from 'node:crypto';

type Attributes = Record<string, { stringValue?: string; StringValue?: string; Value?: string } | string | undefined> | undefined | null;

/** The correlation id of the incoming event, or a new one: every message we emit carries it. */
export function correlationIdFrom(attributes: Attributes): string {
  const value = attributes?.['correlationId'] ?? attributes?.['x-correlation-id'] ?? attributes?.['id'];
  if (typeof value === 'string' && value.length > 0) return value;
  if (value && typeof value === 'object') return value.stringValue ?? value.StringValue ?? value.Value ?? randomUUID();
  return randomUUID();
}

type Level = 'debug' | 'info' | 'warn' | 'error';

function write(level: Level, message: string, fields: Record<string, unknown>): void {
  console.log(JSON.stringify({ level, message, time: new Date().toISOString(), ...fields }));
}

export const logger = {
  debug: (message: string, fields: Record<string, unknown> = {}) => write('debug', message, fields),
  info: (message: string, fields: Record<string, unknown> = {}) => write('info', message, fields),
  warn: (message: string, fields: Record<string, unknown> = {}) => write('warn', message, fields),
  error: (message: string, fields: Record<string, unknown> = {}) => write('error', message, fields),
};
`;

const ERRORS = `export class ValidationError extends Error {
  override readonly name = 'ValidationError';
}

export class ConflictError extends Error {
  override readonly name = 'ConflictError';
}
`;

// ---------------------------------------------------------------------------------------------

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const get = (name, fallback) => {
    const i = args.indexOf(`--${name}`);
    return i >= 0 ? args[i + 1] : fallback;
  };
  const functions = Number(get('functions', '100'));
  const out = path.resolve(get('out', `sls-bench-${functions}`));
  const manifest = generateProject({ functions, out, seed: Number(get('seed', '42')) });
  console.log(`${out}: ${manifest.functions} functions, ${manifest.codeFiles.length} code files, ${manifest.templates.length} templates (${manifest.sam} SAM, ${manifest.serverless} Serverless)`);
}
