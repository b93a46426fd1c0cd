import type * as TS from 'typescript';
import ts from '../../util/typescript.js';
import { referencedIds } from '../intrinsics.js';
import { cfnAttribute, cfnLogicalId } from './cfn-resources.js';
import type { StackBuild } from './stack-build.js';
import {
  isAttr, isConstruct, isLibInstance, isPrimitive, SubValue,
  type AttrValue, type Located, type Value,
} from './values.js';

/**
 * The id a stack's node uses for another construct: its logical id in the same stack, its construct
 * path in another, the ARN or name it was imported with; undefined when it names none of those.
 */
export function refTo(value: Value, build: StackBuild): string | undefined {
  if (!isConstruct(value)) return undefined;
  if (value.node) return build.refOf(value);
  const imported = value.data.get('imported') as { args: { value: Value }[] } | undefined;
  const first = imported?.args[0]?.value;
  return typeof first === 'string' ? first : undefined;
}

/**
 * The resource a failure destination sends to: `new SqsDestination(queue)`, `new SqsDlq(queue)`, or
 * the queue or topic itself.
 */
export function destinationOf(value: Value): Value {
  return isLibInstance(value) ? value.args[0]?.value : value;
}

/** The text of what an unreadable setting is written as: the model names it rather than drop it. */
export function writtenAs({ source, node }: Located): string {
  const value = ts.isPropertyAssignment(node) ? node.initializer : node;
  return value.getText(source).split('\n')[0]!.slice(0, 80);
}

/**
 * An environment variable's value as a template would hold it: text as is, a construct attribute
 * as `Ref`/`Fn::GetAtt`, a string built from attributes as `Fn::Sub`; undefined when unreadable.
 */
export function environmentValue(value: Value, build: StackBuild): { value: unknown; references: string[] } | undefined {
  if (isPrimitive(value) && value !== undefined && value !== null) return { value: typeof value === 'string' ? value : String(value), references: [] };
  if (isAttr(value)) {
    const intrinsic = attributeIntrinsic(value, build);
    return intrinsic === undefined ? undefined : { value: intrinsic, references: referencedIds(intrinsic) };
  }
  if (value instanceof SubValue) {
    let text = '';
    for (const part of value.parts) {
      if (typeof part === 'string') {
        text += part.replace(/\$\{/g, '${!');
        continue;
      }
      const intrinsic = attributeIntrinsic(part, build);
      if (intrinsic === undefined) return undefined;
      if (typeof intrinsic === 'string') text += intrinsic;
      else text += 'Ref' in intrinsic ? `\${${intrinsic.Ref}}` : `\${${intrinsic['Fn::GetAtt'][0]}.${intrinsic['Fn::GetAtt'][1]}}`;
    }
    const sub = { 'Fn::Sub': text };
    return { value: sub, references: referencedIds(sub) };
  }
  return undefined;
}

type Intrinsic = string | { Ref: string } | { 'Fn::GetAtt': [string, string] };

/** `queue.queueUrl` is the queue's Ref, `queue.queueArn` its Arn attribute; an imported construct's name or ARN is text. */
function attributeIntrinsic(attr: AttrValue, build: StackBuild): Intrinsic | undefined {
  const target = attr.target;
  const l1 = cfnLogicalId(target);
  // An L1 construct of this stack: `cfnQueue.attrArn`, `cfnTopic.ref`; of another stack, its path.
  if (l1 !== undefined) return target.stack === build ? cfnAttribute(l1, attr.name) : { Ref: target.pathName };
  if (!target.node) {
    const imported = target.data.get('imported') as { method: string; args: { value: Value }[] } | undefined;
    const first = imported?.args[0]?.value;
    // `Table.fromTableName(this, 'T', 'orders').tableName` is 'orders'.
    const suffix = /(Arn|Name|Url)$/.exec(attr.name)?.[1];
    if (typeof first === 'string' && suffix && imported!.method.endsWith(suffix)) return first;
    // A resource the model has no node for (a role, a secret, an imported user pool), named by its path;
    // a stack's own attributes (region, account) are known only when the app runs.
    return target.role === 'construct' || target.role === 'imported' ? { Ref: target.pathName } : undefined;
  }
  const id = build.refOf(target)!;
  if (!attr.name.endsWith('Arn')) return { Ref: id };
  // `queueArn` is the Arn attribute; `tableStreamArn` the StreamArn one.
  return { 'Fn::GetAtt': [id, attr.name === 'tableStreamArn' ? 'StreamArn' : 'Arn'] };
}

/** Silences a rule on a node or trigger whose setting could not be read: it reports on what is known only. */
export function silence(node: { ignoredRules?: string[] }, rule: string): void {
  const rules = node.ignoredRules ?? [];
  if (!rules.includes(rule)) rules.push(rule);
  node.ignoredRules = rules;
}
