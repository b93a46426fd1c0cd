/** Stack outputs, and the values that read them (`Fn::ImportValue`, a Serverless `${cf:stack.Output}`). */
import type { PathSegment } from '../template/source-location.js';
import { isObject } from '../util/objects.js';
import { referencedIds } from './intrinsics.js';
import type { OutputRef, StackOutput, TemplateRef } from './types.js';

/**
 * A template's `Outputs`: each with the name it is exported under when the template spells it
 * (a literal, or a `Fn::Sub` whose only variable is `${AWS::StackName}` and the stack's name is known).
 */
export function readOutputs(outputs: unknown, at: (path: readonly PathSegment[]) => TemplateRef, stackName?: string): StackOutput[] {
  if (!isObject(outputs)) return [];
  const read: StackOutput[] = [];
  for (const [name, output] of Object.entries(outputs)) {
    if (!isObject(output) || output['Value'] === undefined) continue;
    const exportName = isObject(output['Export']) ? spelledName(output['Export']['Name'], stackName) : undefined;
    read.push({ name, ...(exportName ? { exportName } : {}), value: output['Value'], references: referencedIds(output['Value']), at: at(['Outputs', name]) });
  }
  return read;
}

/** A name written out: a string, or a `Fn::Sub` with no variable but `${AWS::StackName}` (when the stack's name is known). */
function spelledName(value: unknown, stackName: string | undefined): string | undefined {
  if (typeof value === 'string') return value;
  const sub = isObject(value) ? value['Fn::Sub'] : undefined;
  if (typeof sub !== 'string') return undefined;
  const text = stackName === undefined ? sub : sub.replaceAll('${AWS::StackName}', stackName);
  return text.includes('${') ? undefined : text;
}

/**
 * The stack output a value starts with: `Fn::ImportValue` of a spelled-out export name (the value
 * itself, the first part of a `Fn::Join`, or a `Fn::Sub` that starts with a variable bound to one),
 * or a Serverless `${cf:<stack>.<output>}` (also `${cf(<region>):...}`) at the start of a string.
 * `resolve` gives the text of a `${cf:...}` address built from other variables (`shop-${sls:stage}`),
 * when it can.
 */
export function leadingOutput(value: unknown, resolve?: (text: string) => string | undefined): OutputRef | undefined {
  if (typeof value === 'string') return resolve ? serverlessOutput(value, resolve) : undefined;
  if (!isObject(value)) return undefined;
  const imported = value['Fn::ImportValue'];
  if (imported !== undefined) {
    const name = spelledName(imported, undefined);
    return name ? { exportName: name } : undefined;
  }
  const join = value['Fn::Join'];
  if (Array.isArray(join) && Array.isArray(join[1])) return leadingOutput(join[1][0], resolve);
  const sub = value['Fn::Sub'];
  if (Array.isArray(sub) && typeof sub[0] === 'string' && isObject(sub[1])) {
    const first = /^\$\{([^}!.]+)\}/.exec(sub[0])?.[1];
    return first !== undefined && Object.hasOwn(sub[1], first) ? leadingOutput(sub[1][first], resolve) : undefined;
  }
  return undefined;
}

const CF_VARIABLE = /^cf(\([^)]*\))?:(.+)$/s;

/** `${cf:shop-dev.ServiceEndpoint}` at the start of a string, its address resolved. */
function serverlessOutput(text: string, resolve: (text: string) => string | undefined): OutputRef | undefined {
  if (!text.startsWith('${')) return undefined;
  const end = closingBrace(text);
  if (end === -1) return undefined;
  const expression = text.slice(2, end).trim();
  const match = CF_VARIABLE.exec(expression);
  if (!match) return undefined;
  const address = match[2]!.includes('${') ? resolve(match[2]!) : match[2]!.trim();
  const dot = address?.indexOf('.') ?? -1;
  if (!address || dot <= 0 || address.includes('${') || /[\s,]/.test(address)) return undefined;
  return { stackName: address.slice(0, dot), output: address.slice(dot + 1) };
}

/** Where the `${` at the start of a text closes, minding nested variables. */
function closingBrace(text: string): number {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '$' && text[i + 1] === '{') {
      depth++;
      i++;
    } else if (text[i] === '}' && --depth === 0) return i;
  }
  return -1;
}
