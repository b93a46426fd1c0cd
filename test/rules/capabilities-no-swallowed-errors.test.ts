import rule from '../../rules/no-swallowed-errors.js';
import { samFunction, samResource, samTemplate, snsEvent } from '../helpers/sam-template.js';
import { at, code, createProjectRuleTester } from './rule-tester.js';

// Issue 14, no-swallowed-errors: the sources nobody reads the answer of, beside the ones whose
// caller does. The SQS, S3, DynamoDB stream and EventBridge+API cases are in no-swallowed-errors.test.ts;
// here: an SNS topic, a schedule, an EventBridge bus alone, a Kinesis stream, and an asynchronous
// invoke from code, with a function invoked synchronously as the trap; and a failed item handed on
// to a retry topic by a helper in another module.

/** A SAM event of `type` with the given property lines. */
function event(type: string, ...properties: string[]): string {
  return [`          Type: ${type}`, ...(properties.length > 0 ? ['          Properties:', ...properties.map((p) => `            ${p}`)] : [])].join('\n');
}

const project = createProjectRuleTester(samTemplate({
  Notifier: samFunction({ handler: 'src/notifier.handler', events: { Orders: snsEvent('OrdersTopic') } }),
  Nightly: samFunction({ handler: 'src/nightly.handler', events: { Every: event('Schedule', 'Schedule: rate(1 day)') } }),
  OnBus: samFunction({ handler: 'src/on-bus.handler', events: { Placed: event('EventBridgeRule', 'Pattern:', '  source: [orders]') } }),
  Clicks: samFunction({ handler: 'src/clicks.handler', events: { Stream: event('Kinesis', 'Stream: !GetAtt ClickStream.Arn', 'StartingPosition: LATEST') } }),
  // Orders invokes Mailer with InvocationType Event; Quotes invokes Pricer and waits for its answer.
  Orders: samFunction({ handler: 'src/orders.handler', environment: { MAILER: '!Ref Mailer' } }),
  Mailer: samFunction({ handler: 'src/mailer.handler' }),
  Quotes: samFunction({ handler: 'src/quotes.handler', environment: { PRICER: '!Ref Pricer' } }),
  Pricer: samFunction({ handler: 'src/pricer.handler' }),
  OrdersTopic: samResource('AWS::SNS::Topic'),
  ClickStream: samResource('AWS::Kinesis::Stream', 'ShardCount: 1'),
}), {
  'src/notifier.ts': '// the case under test\n',
  'src/nightly.ts': '// the case under test\n',
  'src/on-bus.ts': '// the case under test\n',
  'src/clicks.ts': '// the case under test\n',
  'src/mailer.ts': '// the case under test\n',
  'src/pricer.ts': '// the case under test\n',
  'src/orders.ts': code(
    "import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';",
    'const lambda = new LambdaClient({});',
    "export const handler = async (event: { body: string }) => lambda.send(new InvokeCommand({ FunctionName: process.env.MAILER, InvocationType: 'Event', Payload: event.body }));",
    '',
  ),
  'src/quotes.ts': code(
    "import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';",
    'const lambda = new LambdaClient({});',
    "export const handler = async (event: { body: string }) => lambda.send(new InvokeCommand({ FunctionName: process.env.PRICER, InvocationType: 'RequestResponse', Payload: event.body }));",
    '',
  ),
  'src/libs/retry-topic.ts': code(
    "import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';",
    'const sns = new SNSClient({});',
    'export async function sendToRetryTopic(message: string) {',
    '  await sns.send(new PublishCommand({ TopicArn: process.env.RETRY_TOPIC_ARN, Message: message }));',
    '}',
    '',
  ),
});

/** A handler that logs the failure at error level and completes normally. */
const logsAtErrorLevel = code(
  'export const handler = async (event: unknown) => {',
  "  try { await work(event); } catch (e) { console.error('work failed', e); }",
  '};',
);
/** The same at info level, and at warn level. */
const logsAtInfoLevel = logsAtErrorLevel.replace('console.error', 'console.info');
const catchOf = (source: string) => at(source, 'catch');

project.ruleTester.run('no-swallowed-errors (issue 14): sources nobody reads the answer of', rule, {
  valid: [
    {
      name: 'trap: a function another invokes with RequestResponse: its caller reads the answer, an error-level log is enough',
      filename: project.file('src/pricer.ts'),
      code: logsAtErrorLevel,
    },
    {
      name: 'trap: behind SNS, the failed message handed on to a retry topic by a helper in another module',
      filename: project.file('src/notifier.ts'),
      code: code(
        "import { sendToRetryTopic } from './libs/retry-topic.js';",
        'export const handler = async (event: { Records: { Sns: { Message: string } }[] }) => {',
        '  for (const record of event.Records) {',
        "    try { await work(record); } catch (e) { console.error('will retry', e); await sendToRetryTopic(record.Sns.Message); }",
        '  }',
        '};',
      ),
    },
  ],
  invalid: [
    ...([
      ['an SNS topic', 'notifier', 'Notifier', 'SNS OrdersTopic'],
      ['a schedule', 'nightly', 'Nightly', 'Schedule'],
      ['an EventBridge rule alone', 'on-bus', 'OnBus', 'EventBridge'],
      ['a Kinesis stream', 'clicks', 'Clicks', 'Kinesis ClickStream'],
      ['an asynchronous invoke from another function', 'mailer', 'Mailer', 'an asynchronous invoke from Orders'],
    ] as const).map(([how, file, fn, source]) => ({
      name: `behind ${how}: an error-level log alone does not fail the invocation`,
      filename: project.file(`src/${file}.ts`),
      code: logsAtErrorLevel,
      errors: [{ messageId: 'unreadFailure' as const, data: { function: fn, source }, ...catchOf(logsAtErrorLevel) }],
    })),
    {
      name: 'behind an SNS topic: an info-level log swallows the error whoever invokes the function',
      filename: project.file('src/notifier.ts'),
      code: logsAtInfoLevel,
      errors: [{ messageId: 'swallowedError', ...catchOf(logsAtInfoLevel) }],
    },
  ],
});
