/** Reading CloudFormation values that may be intrinsic functions (always in long form here). */
import { isObject } from '../util/objects.js';


/** The logical id a value points at through `Ref`, `Fn::GetAtt` or a single-variable `Fn::Sub`. */
export function referencedId(value: unknown): string | undefined {
  if (!isObject(value)) return undefined;
  const ref = value['Ref'];
  if (typeof ref === 'string') return ref;
  const getAtt = value['Fn::GetAtt'];
  if (Array.isArray(getAtt) && typeof getAtt[0] === 'string') return getAtt[0];
  if (typeof getAtt === 'string') return getAtt.split('.')[0];
  const sub = value['Fn::Sub'];
  const template = Array.isArray(sub) ? sub[0] : sub;
  if (typeof template === 'string') {
    const vars = subVariables(template);
    if (vars.length === 1) return vars[0];
  }
  return undefined;
}

/** Every logical id a value references (Ref, GetAtt, Sub variables), pseudo parameters excluded. */
export function referencedIds(value: unknown, into: Set<string> = new Set()): string[] {
  collect(value, into);
  return [...into];
}

function collect(value: unknown, into: Set<string>): void {
  if (Array.isArray(value)) {
    for (const item of value) collect(item, into);
    return;
  }
  if (!isObject(value)) return;
  const direct = value['Ref'] ?? value['Fn::GetAtt'];
  if (direct !== undefined) {
    const id = referencedId(value);
    if (id && !id.startsWith('AWS::')) into.add(id);
    return;
  }
  const sub = value['Fn::Sub'];
  if (sub !== undefined) {
    const [template, bindings] = Array.isArray(sub) ? [sub[0], sub[1]] : [sub, undefined];
    const bound = isObject(bindings) ? bindings : {};
    if (typeof template === 'string') {
      for (const name of subVariables(template)) if (!(name in bound)) into.add(name);
    }
    collect(bindings, into);
    return;
  }
  for (const child of Object.values(value)) collect(child, into);
}

/** `${Name}` and `${Name.Attr}` variables of a Fn::Sub string, without `${!Literal}` and pseudo parameters. */
export function subVariables(template: string): string[] {
  const names: string[] = [];
  for (const match of template.matchAll(/\$\{([^}!][^}]*)\}/g)) {
    const name = match[1]!.trim().split('.')[0]!;
    if (!name.startsWith('AWS::') && !names.includes(name)) names.push(name);
  }
  return names;
}

/**
 * A value as the `Fn::Sub` string that means the same: a `Fn::Sub` string as written, a `Ref` as
 * `${Name}`. Two values spelled the same are equal once deployed. Undefined for anything else.
 */
export function subSpelling(value: unknown): string | undefined {
  if (!isObject(value)) return undefined;
  if (typeof value['Ref'] === 'string' && Object.keys(value).length === 1) return `\${${value['Ref']}}`;
  const sub = value['Fn::Sub'];
  return typeof sub === 'string' ? sub : Array.isArray(sub) && sub.length === 1 && typeof sub[0] === 'string' ? sub[0] : undefined;
}

/**
 * What a failure target names (a dead-letter queue, an on-failure destination) when it is not a
 * logical id or a written ARN: an `Fn::ImportValue`, an `Fn::Join`, a variable left unresolved.
 */
export const CONFIGURED_TARGET = 'configured';

/**
 * The failure target a value names: its logical id or written ARN, or CONFIGURED_TARGET for any
 * other non-empty value. The setting is there even when its queue or topic lies outside the stack,
 * so a rule that asks whether failures are kept must not say they are dropped.
 */
export function failureTargetOf(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  const known = idOrString(value);
  if (known !== undefined) return known.trim() === '' ? undefined : known;
  return isObject(value) && Object.keys(value).length === 0 ? undefined : CONFIGURED_TARGET;
}

/** A plain string, or the logical id a reference points at. */
export function idOrString(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  return referencedId(value);
}

export function asNumber(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value);
  return undefined;
}

export function asBoolean(value: unknown): boolean | undefined {
  if (typeof value === 'boolean') return value;
  if (value === 'true' || value === 'True') return true;
  if (value === 'false' || value === 'False') return false;
  return undefined;
}

export function asString(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}
