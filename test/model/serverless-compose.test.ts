import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadModel } from '../../src/model/load-model.js';
import { discover } from '../../src/template/discover.js';
import { writeProject } from '../helpers/temp-project.js';

const SERVICE = (name: string, extra = '') => `service: ${name}
provider:
  name: aws
  runtime: nodejs20.x
functions:
  main:
    handler: src/main.handler
${extra}`;

const HANDLER = 'export const handler = async () => 1;\n';

function load(files: Record<string, string>) {
  const root = writeProject(files);
  const { templates } = discover(root, ['.'], []);
  return { root, ...loadModel(root, templates) };
}

describe('a Serverless Compose monorepo', () => {
  it('reads each service as its own stack, with the params the compose file gives it literally; the compose file is no stack', () => {
    const { root, model, findings } = load({
      'serverless-compose.yml': [
        'services:',
        '  orders:',
        '    path: services/orders',
        '    params: { table: orders-table, stream: "${other.StreamArn}" }',
        '  billing:',
        '    path: services/billing',
        '    config: serverless.billing.yml',
        '',
      ].join('\n'),
      'services/orders/serverless.yml': SERVICE('orders', '    environment:\n      TABLE: ${param:table}\n      STREAM: ${param:stream}\n'),
      'services/billing/serverless.billing.yml': SERVICE('billing', '    environment:\n      TABLE: ${param:table}\n'),
      'services/orders/src/main.ts': HANDLER,
      'services/billing/src/main.ts': HANDLER,
    });
    expect(findings).toEqual([]);
    expect(model.stacks.map((s) => [path.relative(root, s.templatePath), s.format])).toEqual([
      [path.join('services', 'billing', 'serverless.billing.yml'), 'serverless'],
      [path.join('services', 'orders', 'serverless.yml'), 'serverless'],
    ]);
    const env = (i: number) => Object.fromEntries(Object.entries(model.stacks[i]!.functions[0]!.environment).map(([k, v]) => [k, v.value]));
    // Another service's output is known at deploy time only; a param given to another service is not this one's.
    expect(env(1)).toEqual({ TABLE: 'orders-table', STREAM: '${param:stream}' });
    expect(env(0)).toEqual({ TABLE: '${param:table}' });
  });

  it('says where a service has no config, or lies outside the project root, on the line of its path', () => {
    const { findings } = load({
      'app/serverless-compose.yml': 'services:\n  orders:\n    path: orders\n  shared:\n    path: ../../shared\n',
    });
    expect(findings.map((f) => `${f.line}:${f.column} ${f.ruleId} ${f.message}`)).toEqual([
      '3:5 sls/parse-error Parsing error: Service orders of serverless-compose.yml has no Serverless config: looked for app/orders/serverless.{yml,yaml,json,ts,js,cjs,mjs}. None of its functions is checked.',
      '5:5 sls/unsafe-include Service shared of serverless-compose.yml is at ../shared/serverless.{yml,yaml,json,ts,js,cjs,mjs}, outside the root sls-lint reads: not read. Pass --root <folder> with a folder that holds every service.',
    ]);
  });

  it('a compose file that does not parse is a parse error, not a broken template', () => {
    const { findings, model } = load({ 'serverless-compose.yml': 'services:\n  orders: [\n' });
    expect(model.stacks).toEqual([]);
    expect(findings.map((f) => `${f.line} ${f.ruleId}`)).toEqual(['3 sls/parse-error']);
  });

  it('services that wait for each other are one finding per cycle, on the reference that closes it; a chain is none', () => {
    const service = (name: string) => ({ [`${name}/serverless.yml`]: SERVICE(name), [`${name}/src/main.ts`]: HANDLER });
    const { findings } = load({
      'serverless-compose.yml': [
        'services:',
        '  a:',
        '    path: a',
        '    params: { url: "${b.url}", other: "${c.arn}" }',
        '  b:',
        '    path: b',
        '    dependsOn: c',
        '  c:',
        '    path: c',
        '    params:',
        '      nested: [x, "prefix-${a.name}"]',
        '  d:',
        '    path: d',
        '    dependsOn: [d]',
        '  e:',
        '    path: e',
        '    dependsOn: [a, unknown]',
        '',
      ].join('\n'),
      ...service('a'), ...service('b'), ...service('c'), ...service('d'), ...service('e'),
    });
    expect(findings.map((f) => `${f.line}:${f.column} ${f.ruleId} ${f.message.replace(/ \(through.*$/, '')}`)).toEqual([
      '11:19 sls/parse-error Parsing error: Service cycle: a → b → c → a',
      '14:17 sls/parse-error Parsing error: Service cycle: d → d',
    ]);
  });
});
