import { parse } from '@typescript-eslint/typescript-estree';
import type { TSESTree } from '@typescript-eslint/types';
import { describe, expect, it } from 'vitest';
import { catchSites } from '../../src/code/catches.js';
import { getCodeFacts } from '../../src/code/code-facts.js';
import { catchHandlesError } from '../../src/code/error-handling.js';

function handled(code: string, statusSignalsFailure: boolean): boolean | undefined {
  const program = parse(code, { range: true, loc: true }) as TSESTree.Program;
  const decls = getCodeFacts(program).declarations;
  const [site] = catchSites(program, decls);
  return catchHandlesError(site!, decls, { notifiers: [], statusSignalsFailure });
}

const WITH = (body: string) => `
const response = (statusCode: number, body: unknown) => ({ statusCode, body: JSON.stringify(body) });
export const handler = async () => { try { await work(); } catch (err) { ${body} } };`;

describe('a status code reports a failure only to a synchronous caller', () => {
  it.each([
    ['return response(500, { message: err.message });', true, false],
    ['return { statusCode: 500, body: String(err) };', true, false],
    ['return response(202, { accepted: true });', false, false],
    ['console.error(err); return response(500, {});', true, true],
    ['throw err;', true, true],
  ])('%s: handled behind a sync trigger %s, behind an async one %s', (body, sync, async) => {
    expect(handled(WITH(body), true)).toBe(sync);
    expect(handled(WITH(body), false)).toBe(async);
  });
});
