import { describe, expect, it } from 'vitest';
import { parseTemplate, parseTemplateKept, storedTemplate, templateFromStored, type ParsedTemplate, type StoredTemplate, type TemplateStore } from '../../src/template/parse-template.js';
import type { PathSegment } from '../../src/template/source-location.js';

const TEMPLATE = [
  '\ufeffAWSTemplateFormatVersion: "2010-09-09"',
  'Resources:',
  '  Queue:',
  '    Type: AWS::SQS::Queue',
  '    Properties: { VisibilityTimeout: 60, Tags: [ { Key: a, Value: b } ] }',
  '  Worker:',
  '    Type: AWS::Serverless::Function',
  '    Properties:',
  '      Handler: src/worker.handler',
  '      Policies:',
  '        - SQSPollerPolicy:',
  '            QueueName: !GetAtt Queue.QueueName',
  '        -',
  '        - !Ref Other',
  '      Environment:',
  '        <<: { Variables: { FROM_MERGE: x } }',
  '        Own: 1',
  '      "__proto__": polluted?',
  'Outputs: {}',
  '',
].join('\n');

function parsed(text: string): ParsedTemplate {
  const result = parseTemplate('template.yaml', text);
  if (!result.ok) throw new Error(result.error.message);
  return result.template;
}

/** Every path of a value, and one step past each (a key or an index that is not there). */
function pathsOf(value: unknown, prefix: PathSegment[] = []): PathSegment[][] {
  const out: PathSegment[][] = [prefix, [...prefix, 'Missing'], [...prefix, 7]];
  if (Array.isArray(value)) value.forEach((item, i) => out.push(...pathsOf(item, [...prefix, i])));
  else if (typeof value === 'object' && value !== null) for (const [key, item] of Object.entries(value)) out.push(...pathsOf(item, [...prefix, key]));
  return out;
}

describe('a template parse kept between runs', () => {
  it('locates every path as the parse it was made from, once through JSON', () => {
    const template = parsed(TEMPLATE);
    const stored = JSON.parse(JSON.stringify(storedTemplate(template))) as StoredTemplate;
    const back = templateFromStored('template.yaml', TEMPLATE, stored);
    expect(back.value).toEqual(template.value);
    expect(back.text).toBe(template.text);
    const paths = pathsOf(template.value);
    expect(paths.length).toBeGreaterThan(60);
    for (const path of paths) expect(back.locate(path), JSON.stringify(path)).toEqual(template.locate(path));
    // A key merged in is located where the mapping that brought it writes it.
    expect(back.locate(['Resources', 'Worker', 'Properties', 'Environment', 'Variables'])).toMatchObject({ line: 16, column: 15 });
  });

  it('is not kept for a document with aliases, nor for a value JSON cannot hold', () => {
    expect(storedTemplate(parsed('Base: &base { A: 1 }\nOther: *base\n'))).toBeUndefined();
    expect(storedTemplate(parsed('Value: .nan\n'))).toBeUndefined();
    expect(storedTemplate(parsed('{ "Resources": {} }'))).toBeDefined();
  });

  it('a store gives the kept parse back for the same text only', () => {
    const kept = new Map<string, StoredTemplate>();
    const store: TemplateStore = { get: (file, text) => kept.get(`${file}\n${text}`), set: (file, text, stored) => kept.set(`${file}\n${text}`, stored) };
    const first = parseTemplateKept(store, 'template.yaml', TEMPLATE);
    expect(kept.size).toBe(1);
    const again = parseTemplateKept(store, 'template.yaml', TEMPLATE);
    expect(again.ok && first.ok && again.template.value).toEqual(first.ok && first.template.value);
    const changed = parseTemplateKept(store, 'template.yaml', TEMPLATE.replace('60', '30'));
    expect(changed.ok && (changed.template.value as { Resources: { Queue: { Properties: { VisibilityTimeout: number } } } }).Resources.Queue.Properties.VisibilityTimeout).toBe(30);
  });

  it('a forged position tree gives the start of the file, never an exception', () => {
    const back = templateFromStored('template.yaml', 'A: 1\n', { value: { A: 1 }, positions: [0, { A: [['x'], 5], B: 3 } as never] });
    expect(back.locate(['A', 'b', 1])).toEqual({ line: 1, column: 1, endLine: 1, endColumn: 1 });
    expect(back.locate(['B', 'c'])).toEqual({ line: 1, column: 1, endLine: 1, endColumn: 1 });
  });
});
