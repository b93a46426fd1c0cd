import { describe, expect, it } from 'vitest';
import { expectKnownFinding, hostileProject, lintFindings, type FlatFinding } from './project.js';

/**
 * Loops that must not pass in silence: a variable or an include that needs itself is a finding on
 * the line that closes the loop, in every dialect, and no message prints a placeholder that did
 * not resolve (`${self:…}`) as if it were a value.
 */

const SERVICE = (body: string) => `service: s\nprovider:\n  name: aws\n  runtime: nodejs20.x\n  tracing:\n    lambda: true\n${body}`;
const HANDLER = 'export const handler = async () => 1;\n';
const TAIL = '. The framework cannot resolve a value that needs itself: it is left as written, and what depends on it is not checked.';

const CORPUS: Record<string, string> = {
  // self: a → b → a, entered first from provider.environment.
  'self/serverless.yml': SERVICE('  environment:\n    A: ${self:custom.a}\ncustom:\n  a: ${self:custom.b}\n  b: ${self:custom.a}\nfunctions:\n  f:\n    handler: h.handler\n'),
  'self/h.ts': HANDLER,
  // A fragment that includes itself.
  'file-self/serverless.yml': SERVICE('custom: ${file(./custom.yml)}\nfunctions:\n  f:\n    handler: h.handler\n'),
  'file-self/custom.yml': 'x: 1\nagain: ${file(./custom.yml)}\n',
  'file-self/h.ts': HANDLER,
  // Two fragments that include each other.
  'file-pair/serverless.yml': SERVICE('custom: ${file(./a.yml)}\nfunctions:\n  f:\n    handler: h.handler\n'),
  'file-pair/a.yml': 'b: ${file(./b.yml)}\n',
  'file-pair/b.yml': 'a: ${file(./a.yml)}\n',
  'file-pair/h.ts': HANDLER,
  // The configuration including itself, by key.
  'file-main/serverless.yml': SERVICE('custom: ${file(./serverless.yml):custom}\nfunctions:\n  f:\n    handler: h.handler\n'),
  'file-main/h.ts': HANDLER,
  'param/serverless.yml': SERVICE('  environment:\n    X: ${param:x}\nparams:\n  default:\n    x: ${param:y}\n    y: ${param:x}\nfunctions:\n  f:\n    handler: h.handler\n'),
  'param/h.ts': HANDLER,
  'stage/serverless.yml': SERVICE('  stage: ${sls:stage}\nfunctions:\n  f:\n    handler: h.handler\n'),
  'stage/h.ts': HANDLER,
  // A handler the config computes from a variable cycle.
  'handler/serverless.yml': SERVICE('custom:\n  h: ${self:custom.g}.handler\n  g: src/${self:custom.h}\nfunctions:\n  f:\n    handler: ${self:custom.h}\n'),
  // And one from a value known only once deployed.
  'handler-ssm/serverless.yml': SERVICE('functions:\n  f:\n    handler: ${ssm:/app/${sls:stage}/entry}.handler\n'),
  // A cycle a fallback after an option stands in for is not said: `--stage` may be given.
  'guarded/serverless.yml': SERVICE('  stage: ${opt:stage, self:provider.stage}\nfunctions:\n  f:\n    handler: h.handler\n'),
  'guarded/h.ts': HANDLER,
  // A fragment whose values name their siblings through the config: no cycle.
  'siblings/serverless.yml': SERVICE('custom: ${file(./custom.yml)}\nfunctions:\n  f:\n    handler: ${self:custom.entry}\n'),
  'siblings/custom.yml': 'dir: src\nentry: ${self:custom.dir}/h.handler\n',
  'siblings/src/h.ts': HANDLER,
  // CloudFormation: Fn::Include and AWS::Include loops.
  'fn-include/template.yaml': 'Resources:\n  Queue:\n    Fn::Include: ./a.yaml\n',
  'fn-include/a.yaml': 'Fn::Include: ./b.yaml\n',
  'fn-include/b.yaml': 'Fn::Include: ./a.yaml\n',
  'aws-include/template.yaml': 'Transform: AWS::Serverless-2016-10-31\nResources:\n  Fn::Transform:\n    Name: AWS::Include\n    Parameters:\n      Location: ./self.yaml\n',
  'aws-include/self.yaml': 'Fn::Transform:\n  Name: AWS::Include\n  Parameters:\n    Location: ./self.yaml\n',
  // serverless.ts: modules whose exports name each other.
  'script/serverless.ts': "import { handler } from './a';\nexport default { service: 's', provider: { name: 'aws', runtime: 'nodejs20.x', tracing: { lambda: true } }, functions: { f: { handler } } };\n",
  'script/a.ts': "import { b } from './b';\nexport const handler = b;\n",
  'script/b.ts': "import { handler } from './a';\nexport const b = handler;\n",
  // serverless-compose: services that wait for each other, through an output and a dependsOn.
  'compose/serverless-compose.yml': 'services:\n  a:\n    path: a\n    params:\n      queue: ${b.queueUrl}\n  b:\n    path: b\n    dependsOn:\n      - a\n',
  'compose/a/serverless.yml': SERVICE('functions:\n  f:\n    handler: h.handler\n'),
  'compose/a/h.ts': HANDLER,
  'compose/b/serverless.yml': SERVICE('functions:\n  f:\n    handler: h.handler\n'),
  'compose/b/h.ts': HANDLER,
};

const EXPECTED: Omit<FlatFinding, 'severity'>[] = [
  { file: 'aws-include/self.yaml', line: 1, column: 1, ruleId: 'sls/parse-error', message: 'Parsing error: Include of ./self.yaml refused: it includes itself.' },
  {
    file: 'compose/serverless-compose.yml', line: 9, column: 9, ruleId: 'sls/parse-error',
    message: "Parsing error: Service cycle: a → b → a (through dependsOn and params that take another service's output): serverless-compose.yml cannot order their deployment, so the framework refuses to deploy them.",
  },
  { file: 'file-main/serverless.yml', line: 7, column: 1, ruleId: 'sls/parse-error', message: `Parsing error: Include cycle: file(./serverless.yml):custom → file(./serverless.yml):custom${TAIL}` },
  { file: 'file-pair/b.yml', line: 1, column: 1, ruleId: 'sls/parse-error', message: `Parsing error: Include cycle: file(./a.yml) → file(./b.yml) → file(./a.yml)${TAIL}` },
  { file: 'file-self/custom.yml', line: 2, column: 1, ruleId: 'sls/parse-error', message: `Parsing error: Include cycle: file(./custom.yml) → file(./custom.yml)${TAIL}` },
  { file: 'fn-include/b.yaml', line: 1, column: 1, ruleId: 'sls/parse-error', message: 'Parsing error: Include of ./a.yaml refused: it includes itself.' },
  { file: 'handler-ssm/serverless.yml', line: 9, column: 5, ruleId: 'sls/handler-not-found', message: 'The handler of f is computed from ssm:/app/sls:stage/entry, which sls-lint could not resolve (a value known only once deployed, or one that is missing), so its code is not linted.' },
  { file: 'handler/serverless.yml', line: 8, column: 3, ruleId: 'sls/parse-error', message: `Parsing error: Variable cycle: self:custom.g → self:custom.h → self:custom.g${TAIL}` },
  { file: 'handler/serverless.yml', line: 12, column: 5, ruleId: 'sls/handler-not-found', message: 'The handler of f is computed from self:custom.h, which a variable cycle leaves without a value, so its code is not linted.' },
  { file: 'param/serverless.yml', line: 12, column: 5, ruleId: 'sls/parse-error', message: `Parsing error: Variable cycle: param:x → param:y → param:x${TAIL}` },
  { file: 'script/b.ts', line: 2, column: 18, ruleId: 'sls/config-not-static', message: '`functions.f.handler` of serverless.ts is left out: `handler` refers to itself. sls-lint never runs configuration code.' },
  { file: 'self/serverless.yml', line: 11, column: 3, ruleId: 'sls/parse-error', message: `Parsing error: Variable cycle: self:custom.a → self:custom.b → self:custom.a${TAIL}` },
  { file: 'stage/serverless.yml', line: 7, column: 3, ruleId: 'sls/parse-error', message: `Parsing error: Variable cycle: sls:stage → sls:stage${TAIL}` },
];

describe('variable and include cycles', () => {
  it('each is one finding on the line that closes it, in every dialect; no message shows an unresolved placeholder', async () => {
    const root = hostileProject(CORPUS);
    const findings = await lintFindings(root);
    const about = findings.filter((f) => !f.file.startsWith('valid/') && ['sls/parse-error', 'sls/handler-not-found', 'sls/config-not-static', 'sls/unsafe-include'].includes(f.ruleId));
    expect(about.map(({ severity: _s, ...f }) => f)).toEqual(EXPECTED);
    // Whatever the rule: nothing prints `${…}` it could not resolve.
    expect(findings.filter((f) => f.message.includes('${'))).toEqual([]);
    expectKnownFinding(findings);
  });
});
