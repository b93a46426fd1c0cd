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
  return catchHandlesError(site!, { declarations: decls, operations: [] }, { notifiers: [], statusSignalsFailure });
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

describe('where nobody reads the answer or the logs', () => {
  const UNREAD = { notifiers: [], statusSignalsFailure: false, logsReport: false, answerRead: false };
  function judged(body: string, returnRead: boolean, imports = ''): boolean | undefined {
    const program = parse(imports + WITH(body), { range: true, loc: true }) as TSESTree.Program;
    const facts = getCodeFacts(program);
    const [site] = catchSites(program, facts.declarations);
    return catchHandlesError(site!, { declarations: facts.declarations, operations: facts.operations }, { ...UNREAD, returnRead });
  }

  it.each([
    ['console.error(err);', false, false],
    ['callback(null, { error: err.message });', false, false],
    ['return { failed: true, error: err };', false, true],
    ['return { batchItemFailures: [{ itemIdentifier: "1" }] };', true, true],
    ['callback(err);', true, true],
    ['throw new Error("wrapped", { cause: err });', true, true],
  ])('%s: handled in the handler %s, in a helper %s', (body, inHandler, inHelper) => {
    expect(judged(body, false)).toBe(inHandler);
    expect(judged(body, true)).toBe(inHelper);
  });

  it('a message sent to a queue hands the item on', () => {
    const send = "await sqs.send(new SendMessageCommand({ QueueUrl: process.env.RETRY, MessageBody: '{}' }));";
    const sqs = "import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';\nconst sqs = new SQSClient({});";
    expect(judged(send, false, sqs)).toBe(true);
    // Without the SDK import it is a call to something unknown, which the error is not given to.
    expect(judged(send, false)).toBe(false);
  });
});
