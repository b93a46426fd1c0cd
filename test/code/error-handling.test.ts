import { parse } from '@typescript-eslint/typescript-estree';
import type { TSESTree } from '@typescript-eslint/types';
import { describe, expect, it } from 'vitest';
import { catchSites } from '../../src/code/catches.js';
import { getCodeFacts } from '../../src/code/code-facts.js';
import { catchHandlesError, type HandlingOptions } from '../../src/code/error-handling.js';

function handled(code: string, options: Omit<HandlingOptions, 'notifiers'>): boolean | undefined {
  const program = parse(code, { range: true, loc: true }) as TSESTree.Program;
  const facts = getCodeFacts(program);
  const [site] = catchSites(program, facts.declarations);
  return catchHandlesError(site!, { declarations: facts.declarations, emitting: facts.emitting }, { notifiers: [], ...options });
}

const WITH = (body: string) => `
const response = (statusCode: number, body: unknown) => ({ statusCode, body: JSON.stringify(body) });
export const handler = async () => { try { await work(); } catch (err) { ${body} } };`;

/** Where nobody reads the answer or the logs; `returnRead` is false in the handler itself, true in a helper it calls. */
const unread = (returnRead: boolean) => ({ statusSignalsFailure: false, logsReport: false, answerRead: false, returnRead });

describe('who reads what a catch does', () => {
  it.each([
    ['return response(500, { message: err.message });', true, false, false, false],
    ['return { statusCode: 500, body: String(err) };', true, false, false, false],
    ['return response(202, { accepted: true });', false, false, false, false],
    ['console.error(err); return response(500, {});', true, true, false, false],
    ['throw err;', true, true, true, true],
    ['callback(null, { error: err.message });', true, true, false, false],
    ['return { failed: true, error: err };', true, true, false, true],
    ['return { batchItemFailures: [{ itemIdentifier: "1" }] };', true, true, true, true],
    ['callback(err);', true, true, true, true],
  ])('%s: handled behind a sync trigger %s, when only the status is ignored %s, unread in the handler %s, unread in a helper %s', (body, sync, async, inHandler, inHelper) => {
    expect(handled(WITH(body), { statusSignalsFailure: true })).toBe(sync);
    expect(handled(WITH(body), { statusSignalsFailure: false })).toBe(async);
    expect(handled(WITH(body), unread(false))).toBe(inHandler);
    expect(handled(WITH(body), unread(true))).toBe(inHelper);
  });

  it('a message sent to a queue hands the item on', () => {
    const send = "await sqs.send(new SendMessageCommand({ QueueUrl: process.env.RETRY, MessageBody: '{}' }));";
    const sqs = "import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';\nconst sqs = new SQSClient({});";
    expect(handled(sqs + WITH(send), unread(false))).toBe(true);
    // Without the SDK import it is a call to something unknown, which the error is not given to.
    expect(handled(WITH(send), unread(false))).toBe(false);
  });
});
