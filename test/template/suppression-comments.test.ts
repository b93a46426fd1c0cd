import { describe, expect, it } from 'vitest';
import { parseDirective, suppressionComments } from '../../src/template/suppression-comments.js';

/** `line kind ids [from-to] reason` of each comment found. */
function scopes(file: string, text: string): string[] {
  return suppressionComments(file, text).map((c) => `${c.line}:${c.column} ${c.kind} ${c.ruleIds.join(',')} [${c.from}-${c.to}]${c.reason ? ` ${c.reason}` : ''}`);
}

describe('parseDirective', () => {
  it('reads the kind, the rules named and the reason, as ESLint reads its comments', () => {
    expect(parseDirective(' sls-lint-disable-next-line sls/no-scan -- nightly export')).toEqual({ kind: 'next-line', ruleIds: ['sls/no-scan'], reason: 'nightly export' });
    expect(parseDirective('sls-lint-disable sls/a, sls/b ,sls/c')).toEqual({ kind: 'block', ruleIds: ['sls/a', 'sls/b', 'sls/c'] });
    // The prefix may be left out, as in Metadata.sls-lint.ignore; dashes inside the reason stay.
    expect(parseDirective('sls-lint-disable sqs-redrive-policy -- retried -- twice')).toEqual({ kind: 'block', ruleIds: ['sls/sqs-redrive-policy'], reason: 'retried -- twice' });
    expect(parseDirective('sls-lint-disable')).toEqual({ kind: 'block', ruleIds: [] });
    expect(parseDirective('sls-lint-disable sls/a --')).toEqual({ kind: 'block', ruleIds: ['sls/a'] });
  });

  it('takes nothing else for a directive', () => {
    expect(parseDirective('eslint-disable-next-line sls/no-scan')).toBeUndefined();
    expect(parseDirective('sls-lint-disabled sls/a')).toBeUndefined();
    expect(parseDirective('see sls-lint-disable sls/a')).toBeUndefined();
  });
});

describe('suppression comments in YAML', () => {
  const TEMPLATE = [
    '# sls-lint-disable sls/a -- at the top: the whole file', // 1
    'Resources:', // 2
    '  # sls-lint-disable-next-line sls/b, sls/c -- the next line that is not a comment', // 3
    '  # a plain comment', // 4
    '  Jobs:', // 5
    '    Type: AWS::SQS::Queue', // 6
    '  Other: # sls-lint-disable sls/d', // 7
    '    Type: AWS::Lambda::Function', // 8
    '    Properties:', // 9
    '      Code: |', // 10
    '        # sls-lint-disable sls/not-a-comment', // 11
    '      # sls-lint-disable sls/e', // 12
    '      Handler: index.handler', // 13
    '  Last:', // 14
    '    # sls-lint-disable sls/f', // 15
    '    Type: AWS::SNS::Topic', // 16
    '    Properties: { TopicName: "# sls-lint-disable sls/not-either" }', // 17
    '  # sls-lint-disable sls/g', // 18
    '  After:', // 19
    '    Type: AWS::SQS::Queue', // 20
    'Outputs: {}', // 21
  ].join('\n');

  it('scopes each comment by the indentation, as the document nests', () => {
    expect(scopes('template.yaml', TEMPLATE)).toEqual([
      '1:1 block sls/a [1-21] at the top: the whole file',
      '3:3 next-line sls/b,sls/c [5-5] the next line that is not a comment',
      // After a key: that key and its value.
      '7:10 block sls/d [7-13]',
      // In a mapping after other entries: the rest of it.
      '12:7 block sls/e [12-13]',
      // First in a mapping: the whole mapping, its key included.
      '15:5 block sls/f [14-17]',
      // In Resources, between two resources: the rest of Resources.
      '18:3 block sls/g [18-20]',
    ]);
  });

  it('reads only real comments: not a # in a block scalar or a string', () => {
    expect(scopes('template.yaml', TEMPLATE).join('\n')).not.toContain('not-');
  });

  it('covers no line for a next-line comment at the end, and reads .yml the same', () => {
    expect(scopes('serverless.yml', 'service: x\n# sls-lint-disable-next-line sls/a\n')).toEqual(['2:1 next-line sls/a [3-2]']);
  });

  it('finds nothing in JSON, which has no comments, nor in a file without the marker', () => {
    expect(scopes('template.json', '{"Resources": {}} // sls-lint-disable sls/a')).toEqual([]);
    expect(scopes('template.yaml', '# eslint-disable sls/a\nResources: {}\n')).toEqual([]);
  });
});

describe('suppression comments in a CDK app', () => {
  const STACK = [
    "import * as sqs from 'aws-cdk-lib/aws-sqs';", // 1
    '// sls-lint-disable-next-line sls/a -- above the construct', // 2
    '/* and a comment between */', // 3
    "const jobs = new sqs.Queue(this, 'Jobs', {", // 4
    '  // sls-lint-disable-next-line sls/b', // 5
    '  visibilityTimeout: Duration.seconds(20), // sls-lint-disable-next-line sls/c', // 6
    '});', // 7
    'const text = `', // 8
    '// sls-lint-disable sls/not-a-comment', // 9
    '`;', // 10
    '/* sls-lint-disable sls/d, sls/e -- the rest of the file */', // 11
    "new sqs.Queue(this, 'Other');", // 12
  ].join('\n');

  it("reads the parser's comments, // and /* */, scoped as ESLint scopes its own", () => {
    expect(scopes('lib/stack.ts', STACK)).toEqual([
      '2:1 next-line sls/a [4-4] above the construct',
      '5:3 next-line sls/b [6-6]',
      '6:44 next-line sls/c [7-7]',
      '11:1 block sls/d,sls/e [11-12] the rest of the file',
    ]);
  });

  it('reads JavaScript too', () => {
    expect(scopes('lib/stack.js', "// sls-lint-disable-next-line sls/a\nnew Queue(this, 'Q');\n")).toEqual(['1:1 next-line sls/a [2-2]']);
  });
});
