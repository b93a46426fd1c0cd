import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { lintProject } from '../../src/engine/lint.js';
import type { LintResult } from '../../src/results.js';
import { NOTIFICATION_RULES_OFF } from '../helpers/notification-rules.js';
import { runCli } from '../helpers/run-cli.js';

/**
 * One small CDK app per construct family (test/fixtures/cdk-families/<family>: cdk.json, bin, lib,
 * handlers, never a cdk.out), each with constructs that pass and constructs that fail, run end to
 * end through the CLI. Every finding must point at the line of the construct or property at fault
 * in the CDK source; the constructs that pass must give none.
 */
const FAMILIES = path.resolve(import.meta.dirname, '../fixtures/cdk-families');

interface Run {
  findings: string[];
  account: string;
}

/**
 * `file:line:rule:messageId` for every finding of `sls-lint --format json` in the family's folder, in the order the CLI reports them.
 * The notification rules (`dlq-alarm`, `error-alarm`) are off: the apps declare no alarm. CDK alarms are
 * tested on fixtures/alarms-cdk (test/e2e/alarms.test.ts) and test/fixtures/cdk-source/alarms (test/model/cdk-alarms.test.ts).
 */
async function lintFamily(family: string): Promise<Run> {
  const root = path.join(FAMILIES, family);
  const run = await runCli(['--format', 'json', '--rule', NOTIFICATION_RULES_OFF], root);
  expect(run.code).not.toBe(2);
  const results = JSON.parse(run.stdout) as LintResult[];
  const findings = results.flatMap((result) => result.messages.map((m) => `${relative(root, result.filePath)}:${m.line}:${m.ruleId}:${m.messageId}`));
  return { findings, account: run.stderr };
}

function relative(root: string, file: string): string {
  return path.relative(root, file).split(path.sep).join('/');
}

/**
 * `file:line` of the one line of a family's file that contains `text` (the first after the line
 * that contains `after`, when given): the line a finding must point at.
 */
function at(family: string, file: string, text: string, after?: string): string {
  const lines = readFileSync(path.join(FAMILIES, family, file), 'utf8').split('\n');
  const start = after === undefined ? 0 : lines.findIndex((line) => line.includes(after));
  const found = lines.flatMap((line, i) => (i >= start && line.includes(text) ? [i + 1] : []));
  if (start === -1 || found.length === 0 || (after === undefined && found.length > 1)) throw new Error(`${family}/${file}: no one line with ${text}`);
  return `${file}:${found[0]}`;
}

describe('CDK construct families read from source, end to end', () => {
  it('lambda.Function, NodejsFunction, DockerImageFunction: tracing where it is off, handlers where they are missing', async () => {
    const line = (text: string) => at('functions', 'lib/functions-stack.ts', text);
    expect(await lintFamily('functions')).toEqual({
      findings: [
        `${line("new Function(this, 'Untraced'")}:sls/tracing-enabled:functionTracing`,
        `${line('tracing: Tracing.PASS_THROUGH')}:sls/tracing-enabled:functionTracing`,
        `${line("new DockerImageFunction(this, 'UntracedImage'")}:sls/tracing-enabled:functionTracing`,
        `${line("handler: 'missing.handler'")}:sls/handler-not-found:handlerNotFound`,
        `${line("entry: 'handlers/missing.ts'")}:sls/handler-not-found:handlerNotFound`,
      ],
      // Traced, Bundled (entry), Convention (default entry), Untraced and PassThrough linted; the images are not Node.js code.
      account: '1 CDK app · 9 functions: 5 handlers linted (3 modules), 2 not Node.js, 2 not found\n',
    });
  });

  it('sqs.Queue: deadLetterQueue and visibilityTimeout, through `cdk.aws_sqs`', async () => {
    const line = (text: string) => at('queues', 'lib/queues-stack.ts', text);
    expect(await lintFamily('queues')).toEqual({
      findings: [
        `${line("const payments = new cdk.aws_sqs.Queue(this, 'Payments'")}:sls/sqs-redrive-policy:missingRedrivePolicy`,
        `${line('visibilityTimeout: cdk.Duration.seconds(45)')}:sls/sqs-visibility-timeout:visibilityTimeoutTooShort`,
        `${line("const refunds = new cdk.aws_sqs.Queue(this, 'Refunds'")}:sls/sqs-visibility-timeout:visibilityTimeoutTooShort`,
      ],
      account: '1 CDK app · 4 functions: 4 handlers linted (1 module)\n',
    });
  });

  it('sns.Topic and its subscriptions (CDK v1 imports): delivery dead-letter queues, and the functions\' own', async () => {
    const line = (text: string) => at('topics', 'lib/topics-stack.ts', text);
    expect(await lintFamily('topics')).toEqual({
      findings: [
        `${line("new lambda.Function(this, 'Mailer'")}:sls/async-failure-destination:missingFailureDestination`,
        `${line('new subs.LambdaSubscription(mailer)')}:sls/sns-redrive-policy:missingRedrivePolicy`,
        `${line("new lambda.Function(this, 'Shipper'")}:sls/async-failure-destination:deliveryDeadLetterOnly`,
      ],
      account: '1 CDK app · 4 functions: 4 handlers linted (1 module)\n',
    });
  });

  it('events.Rule and EventBus with Lambda and SQS targets: target dead-letter queues, on a bus and on a schedule', async () => {
    const line = (text: string) => at('events', 'lib/events-stack.ts', text);
    expect(await lintFamily('events')).toEqual({
      findings: [
        `${line("new lambda.Function(this, 'Mailer'")}:sls/async-failure-destination:missingFailureDestination`,
        `${line('new targets.LambdaFunction(mailer,')}:sls/eventbridge-target-dlq:missingDeadLetterConfig`,
        `${line('new targets.LambdaFunction(report)')}:sls/eventbridge-target-dlq:missingDeadLetterConfig`,
      ],
      account: '1 CDK app · 3 functions: 3 handlers linted (1 module)\n',
    });
  });

  it('lambda-event-sources, fn.addEventSource, the events prop, bucket notifications: batch and failure settings', async () => {
    const line = (text: string) => at('event-sources', 'lib/sources-stack.ts', text);
    const auditor = line('auditor.addEventSource(new sources.DynamoEventSource(');
    expect(await lintFamily('event-sources')).toEqual({
      findings: [
        `${auditor}:sls/batch-partial-failure:streamWithoutPartialFailure`,
        `${auditor}:sls/stream-failure-destination:missingOnFailureAndRetryLimit`,
        `${line('new sources.KinesisEventSource(stream, { startingPosition: lambda.StartingPosition.LATEST, retryAttempts: 2')}:sls/stream-failure-destination:missingOnFailure`,
        `${line('mover.addEventSource(')}:sls/batch-partial-failure:queueWithoutPartialFailure`,
        `${line("new lambda.Function(this, 'Pager'")}:sls/async-failure-destination:missingFailureDestination`,
        `${line('pager.addEventSource(')}:sls/sns-redrive-policy:missingRedrivePolicy`,
        `${line("new lambda.Function(this, 'Thumbnailer'")}:sls/async-failure-destination:missingFailureDestination`,
        `${line("new lambda.Function(this, 'Scanner'")}:sls/async-failure-destination:missingFailureDestination`,
      ],
      account: '1 CDK app · 12 functions: 12 handlers linted (2 modules)\n',
    });
  });

  it('dynamodb.Table and TableV2 streams, through an event source and an EventSourceMapping on tableStreamArn', async () => {
    const mapping = at('tables', 'lib/tables-stack.ts', "new EventSourceMapping(this, 'CustomersToExporter'");
    expect(await lintFamily('tables')).toEqual({
      findings: [
        // The mapping does not ask for partial batch failures, but the handler it shares with Projector returns them.
        `${at('tables', 'handlers/batch.ts', 'batchItemFailures: []')}:sls/batch-partial-failure:returnedNotConfigured`,
        `${mapping}:sls/stream-failure-destination:missingOnFailureAndRetryLimit`,
      ],
      account: '1 CDK app · 2 functions: 2 handlers linted (1 module)\n',
    });
  });

  it('API Gateway: LambdaRestApi and RestApi stages without tracing; an HTTP API (alpha modules) has none to ask for', async () => {
    const line = (text: string) => at('apis', 'lib/apis-stack.ts', text);
    expect(await lintFamily('apis')).toEqual({
      findings: [
        `${line("new apigateway.LambdaRestApi(this, 'PublicApi'")}:sls/tracing-enabled:restApiTracing`,
        `${line('tracingEnabled: false')}:sls/tracing-enabled:restApiTracing`,
      ],
      account: '1 CDK app · 3 functions: 3 handlers linted (1 module)\n',
    });
  });

  it('API Gateway: each Lambda integration is a synchronous edge from its API to the function', async () => {
    const run = await runCli(['graph', '--format', 'json'], path.join(FAMILIES, 'apis'));
    const graph = JSON.parse(run.stdout) as { edges: { from: string; to: string; label: string }[] };
    expect(graph.edges.map((e) => `${e.from} -> ${e.to} (${e.label})`)).toEqual([
      'OrdersApi -> Orders (Api · sync)',
      'PublicApi -> Orders (Api · sync)',
      'SearchApi -> Search (HttpApi · sync)',
      'UsersApi -> Users (Api · sync)',
    ]);
  });

  it('stepfunctions.StateMachine and tasks.LambdaInvoke: tracing, and functions a task invokes asynchronously', async () => {
    const line = (text: string) => at('state-machines', 'lib/workflows-stack.ts', text);
    expect(await lintFamily('state-machines')).toEqual({
      findings: [
        `${line("new lambda.Function(this, 'Archive'")}:sls/async-failure-destination:missingFailureDestination`,
        `${line("new sfn.StateMachine(this, 'Cleanup'")}:sls/tracing-enabled:stateMachineTracing`,
      ],
      account: '1 CDK app · 4 functions: 4 handlers linted (1 module)\n',
    });
  });

  it('pipes.CfnPipe: a queue or stream a pipe polls for a function is consumed as through an event source mapping', async () => {
    const line = (text: string) => at('pipes', 'lib/pipes-stack.ts', text);
    const refunds = line("const refunds = new sqs.Queue(this, 'Refunds')");
    const audit = line("new pipes.CfnPipe(this, 'AuditPipe'");
    expect(await lintFamily('pipes')).toEqual({
      findings: [
        `${refunds}:sls/sqs-redrive-policy:missingRedrivePolicy`,
        `${refunds}:sls/sqs-visibility-timeout:visibilityTimeoutTooShort`,
        `${audit}:sls/stream-failure-destination:missingOnFailureAndRetryLimit`,
      ],
      account: '1 CDK app · 2 functions: 2 handlers linted (1 module)\n',
    });
  });

  it('the L1 twins (Cfn*): read as CloudFormation, at the line of the construct or property, joined with L2 constructs', async () => {
    const line = (text: string, after?: string) => at('l1', 'lib/low-level-stack.ts', text, after);
    const moves = "const moves = new sqs.CfnQueue(this, 'Moves'";
    expect(await lintFamily('l1')).toEqual({
      findings: [
        `${line("const mover = new lambda.CfnFunction(this, 'Mover'")}:sls/tracing-enabled:functionTracing`,
        // As CloudFormation's handler in an S3 object is: looked for in the project, and not there.
        `${line("handler: 'index.handler'", "const mover = new lambda.CfnFunction(")}:sls/handler-not-found:handlerNotFound`,
        `${line(moves)}:sls/sqs-redrive-policy:missingRedrivePolicy`,
        `${line('visibilityTimeout: 60', moves)}:sls/sqs-visibility-timeout:visibilityTimeoutTooShort`,
        `${line("new lambda.CfnEventSourceMapping(this, 'MovesToMover'")}:sls/batch-partial-failure:queueWithoutPartialFailure`,
        // An L2 function invoked by L1 resources.
        `${line("new lambda.Function(this, 'Notifier'")}:sls/async-failure-destination:missingFailureDestination`,
        `${line("new sns.CfnSubscription(this, 'AlertsToNotifier'")}:sls/sns-redrive-policy:missingRedrivePolicy`,
        `${line("targets: [{ id: 'notifier'")}:sls/eventbridge-target-dlq:missingDeadLetterConfig`,
        `${line("new sfn.CfnStateMachine(this, 'Untraced'")}:sls/tracing-enabled:stateMachineTracing`,
      ],
      // Worker's code is inline (not Node.js code sls-lint can read), Mover's an S3 object: only Notifier is linted.
      account: '1 CDK app · 3 functions: 1 handler linted (1 module), 1 not Node.js, 1 not found\n',
    });
  });
});

describe('constructs and settings only `cdk synth` knows', () => {
  const family = 'synth-time';
  const stackLine = (text: string) => at(family, 'lib/synth-time-stack.ts', text);

  it('raises no finding on them, and still reports the constructs it can read', async () => {
    expect((await lintFamily(family)).findings).toEqual([`${stackLine("const orders = new sqs.Queue(this, 'Orders'")}:sls/sqs-redrive-policy:missingRedrivePolicy`]);
  });

  it('counts them in the account: constructs apart from settings', async () => {
    expect((await lintFamily(family)).account).toBe(
      '1 CDK app · 3 functions: 3 handlers linted (2 modules), 5 CDK constructs not read statically, 7 CDK settings not read statically\n',
    );
  });

  it('lists each in the model, where the app writes it', async () => {
    const root = path.join(FAMILIES, family);
    const { model } = await lintProject({ cwd: root });
    expect(model.unread?.map((u) => `${relative(root, u.at.file)}:${u.at.line} ${u.kind}: ${u.what}`)).toEqual([
      `${stackLine('for (const tenant of tenants)')} construct: a loop over values the app computes when it runs`,
      `${stackLine('Object.keys(process.env)')} construct: a loop over values the app computes when it runs`,
      `${stackLine("new Monitoring(this, 'Monitoring'")} construct: new package:cdk-serverless-monitoring.Monitoring`,
      `${stackLine('new LambdaSubscription(legacy)')} construct: SNS events to SynthTime/Legacy, a function the app imports`,
      `${stackLine("visibilityTimeout: cdk.Duration.seconds(this.node.tryGetContext('visibility'))")} setting: visibilityTimeout`,
      `${stackLine("deadLetterQueue: this.node.tryGetContext('redrive')")} setting: the props of deadLetterQueue`,
      `${stackLine('timeout: cdk.Duration.seconds(Number(process.env.WORKER_TIMEOUT))')} setting: timeout`,
      `${stackLine("tracing: this.node.tryGetContext('tracing')")} setting: tracing`,
      `${stackLine("batchSize: this.node.tryGetContext('batchSize')")} setting: batchSize`,
      `${stackLine("deadLetterQueue: this.node.tryGetContext('notifierDlq')")} setting: deadLetterQueue`,
      `${stackLine("deadLetterQueue: this.node.tryGetContext('subscriptionDlq')")} setting: deadLetterQueue`,
      `${at(family, 'bin/app.ts', "if (process.env.WITH_REPLICA === 'yes')")} construct: a condition the app decides when it runs`,
    ]);
    // The functions of the loop are not guessed at; the imported one has no node.
    expect(model.stacks.flatMap((s) => s.functions.map((f) => f.logicalId))).toEqual(['Worker', 'Notifier', 'OrderWorker']);
  });
});

/** Every import style of the AWS Construct Library, each in at least one family's app (whose findings the tests above pin down). */
const IMPORT_STYLES: [style: string, family: string, file: string, written: RegExp][] = [
  ['v2, a module as a namespace (lambda.Function)', 'event-sources', 'lib/sources-stack.ts', /^import \* as lambda from 'aws-cdk-lib\/aws-lambda';$/m],
  ['v2, named classes of a module', 'functions', 'lib/functions-stack.ts', /^import \{ Code, DockerImageCode, DockerImageFunction, Function, [^}]+\} from 'aws-cdk-lib\/aws-lambda';$/m],
  ['v2, a module through the root namespace (cdk.aws_sqs.Queue)', 'queues', 'lib/queues-stack.ts', /new cdk\.aws_sqs\.Queue\(/],
  ['v2, modules as named namespaces of the root (aws_events as events)', 'events', 'lib/events-stack.ts', /^import \{ [^}]*aws_events as events[^}]*\} from 'aws-cdk-lib';$/m],
  ['v2 alpha modules, named classes', 'apis', 'lib/apis-stack.ts', /^import \{ HttpApi, HttpMethod \} from '@aws-cdk\/aws-apigatewayv2-alpha';$/m],
  ['v1, a module as a namespace', 'topics', 'lib/topics-stack.ts', /^import \* as sns from '@aws-cdk\/aws-sns';$/m],
  ['v1, import = require()', 'topics', 'lib/topics-stack.ts', /^import lambda = require\('@aws-cdk\/aws-lambda'\);$/m],
  ['v1, named classes of a module', 'topics', 'lib/topics-stack.ts', /^import \{ SqsDestination \} from '@aws-cdk\/aws-lambda-destinations';$/m],
];

describe('import styles', () => {
  it.each(IMPORT_STYLES)('%s: written in the %s app', (_style, family, file, written) => {
    expect(readFileSync(path.join(FAMILIES, family, file), 'utf8')).toMatch(written);
  });

  it('every family app is a CDK app read from source alone: a cdk.json, no cdk.out', () => {
    const families = readdirSync(FAMILIES).filter((name) => statSync(path.join(FAMILIES, name)).isDirectory());
    expect(families.sort()).toEqual(['apis', 'event-sources', 'events', 'functions', 'l1', 'pipes', 'queues', 'state-machines', 'synth-time', 'tables', 'topics']);
    for (const family of families) {
      expect(readdirSync(path.join(FAMILIES, family)).sort(), family).toEqual(expect.arrayContaining(['bin', 'cdk.json', 'lib']));
      expect(readdirSync(path.join(FAMILIES, family)), family).not.toContain('cdk.out');
    }
  });
});
