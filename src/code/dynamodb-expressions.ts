import { propertyName, unwrap, type Node } from './ast.js';
import type { Declarations } from './declarations.js';
import { calleeName } from './names.js';
import { resolveObject, staticString, type StaticObject } from './static-values.js';

/**
 * Reading DynamoDB expression strings (UpdateExpression, ConditionExpression) without running code.
 * Texts may be partial: `${...}` parts of a template literal are read as `?`.
 */

const MAX_HOPS = 8;

/** The expression's text, with unknown template parts as `?`; undefined when no part of it can be read. */
export function expressionText(expression: Node | undefined, decls: Declarations, hops = 0): string | undefined {
  if (!expression || hops > MAX_HOPS) return undefined;
  const node = unwrap(expression);
  const known = staticString(node, decls);
  if (known !== undefined) return known;
  if (node.type === 'TemplateLiteral') {
    return node.quasis.map((q, i) => (q.value.cooked ?? '') + (i < node.expressions.length ? '?' : '')).join('');
  }
  if (node.type === 'BinaryExpression' && node.operator === '+') {
    const left = expressionText(node.left, decls, hops + 1) ?? '?';
    const right = expressionText(node.right, decls, hops + 1) ?? '?';
    return left === '?' && right === '?' ? undefined : left + right;
  }
  if (node.type === 'Identifier') return expressionText(decls.valueOf(node.name, node), decls, hops + 1);
  if (node.type === 'CallExpression' && node.callee.type === 'MemberExpression' &&
    propertyName(node.callee.property, node.callee.computed) === 'join' && node.callee.object.type === 'ArrayExpression') {
    const separator = node.arguments[0] ? staticString(node.arguments[0], decls) : ',';
    if (separator === undefined) return undefined;
    return node.callee.object.elements.map((e) => (e && e.type !== 'SpreadElement' ? expressionText(e, decls, hops + 1) ?? '?' : '?')).join(separator);
  }
  return undefined;
}

// A keyword, not part of a `#name`, `:value` or path: `SET #set = :add` has one clause.
const CLAUSE = /(?<![#:\w.])(SET|REMOVE|ADD|DELETE)\b/gi;

/** `{ SET: 'a = a + :n', ADD: 'c :one' }` for `SET a = a + :n ADD c :one`. */
export function updateClauses(text: string): Map<string, string> {
  const clauses = new Map<string, string>();
  const marks = [...text.matchAll(CLAUSE)];
  marks.forEach((mark, i) => {
    const start = mark.index + mark[0].length;
    const end = marks[i + 1]?.index ?? text.length;
    const keyword = mark[0].toUpperCase();
    clauses.set(keyword, [clauses.get(keyword), text.slice(start, end)].filter(Boolean).join(','));
  });
  return clauses;
}

/** The attribute names an update changes, with `#placeholders` resolved where they can be. */
export function updatedAttributes(text: string, names: StaticObject | undefined, decls: Declarations): Set<string> {
  const changed = new Set<string>();
  for (const [keyword, body] of updateClauses(text)) {
    for (const action of body.split(',')) {
      const path = (keyword === 'SET' ? action.split('=')[0] : action.trim().split(/\s+/)[0])?.trim();
      const top = path?.split(/[.[]/)[0];
      if (top) changed.add(resolveName(top, names, decls));
    }
  }
  return changed;
}

/**
 * Whether an UpdateExpression changes a value relative to what is stored, so running it twice
 * gives a different result: `ADD` of a number, arithmetic in `SET`, or `list_append`.
 * `ADD` of a set (`new Set(...)`, `createSet(...)`, `{ SS: [...] }`) is idempotent and does not count.
 */
export function isIncrement(text: string, values: StaticObject | undefined, decls: Declarations): boolean {
  const clauses = updateClauses(text);
  const set = clauses.get('SET');
  if (set && (/[+-]/.test(set) || /\blist_append\s*\(/i.test(set))) return true;
  const add = clauses.get('ADD');
  if (!add) return false;
  return add.split(',').some((action) => {
    const placeholder = action.trim().split(/\s+/)[1];
    const value = placeholder && values?.properties.get(placeholder);
    return !(value && isSetValue(value, decls));
  });
}

function isSetValue(value: Node, decls: Declarations): boolean {
  const node = unwrap(value);
  if (node.type === 'NewExpression') return calleeName(node.callee) === 'Set';
  if (node.type === 'CallExpression') return calleeName(node.callee) === 'createSet';
  const object = resolveObject(node, decls);
  return !!object && object.complete && object.properties.size === 1 && ['SS', 'NS', 'BS'].some((t) => object.properties.has(t));
}

const COMPARISON = /([#\w][\w.[\]#]*)\s*(=|<>|<=|>=|<|>)\s*([#:\w][\w.[\]#:]*)/g;

export interface ReplayCheck {
  /** Attributes the write itself changes (for an update). */
  changed: ReadonlySet<string>;
  /** Words that mark a version or sequence attribute (`version`, `seq`...), lower case. */
  versionWords: readonly string[];
  /** A Delete's `attribute_exists(...)` fails on a replay, because the first run removed the item. */
  isDelete: boolean;
}

/**
 * Whether a ConditionExpression makes a second run of the same write fail: it requires the item
 * to be new (`attribute_not_exists`), checks a processed-IDs set (`NOT contains(...)`), compares a
 * version/sequence attribute, or compares an attribute the write itself changes.
 */
export function preventsReplay(text: string, names: StaticObject | undefined, decls: Declarations, check: ReplayCheck): boolean {
  if (/\battribute_not_exists\s*\(/i.test(text)) return true;
  if (/\bnot\s+contains\s*\(/i.test(text)) return true;
  if (check.isDelete && /\battribute_exists\s*\(/i.test(text)) return true;
  for (const match of text.matchAll(COMPARISON)) {
    for (const operand of [match[1]!, match[3]!]) {
      if (operand.startsWith(':') || /^\d/.test(operand)) continue;
      const name = resolveName(operand.split(/[.[]/)[0]!, names, decls);
      if (check.changed.has(name) || isVersionName(name, check.versionWords)) return true;
    }
  }
  return false;
}

function resolveName(token: string, names: StaticObject | undefined, decls: Declarations): string {
  if (!token.startsWith('#')) return token;
  const value = names?.properties.get(token);
  return (value && staticString(value, decls)) ?? token;
}

/** `version`, `_version`, `eventSeq`, `last_sequence_number` match `version`/`seq`/`sequence`. */
export function isVersionName(name: string, words: readonly string[]): boolean {
  const parts = name.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase().split(/[^a-z0-9]+/).filter(Boolean);
  return parts.some((part) => words.includes(part));
}
