/**
 * Small SAM templates for tests, written as text: each resource a YAML block under `Resources:`,
 * in the order given. Lines are counted from the top: `Transform` is line 1, the first resource's
 * id line 3 and, for a function without environment, its first event's name line 9.
 */
export function samTemplate(resources: Record<string, string>): string {
  return ['Transform: AWS::Serverless-2016-10-31', 'Resources:', ...Object.entries(resources).flatMap(([id, body]) => [`  ${id}:`, body]), ''].join('\n');
}

export interface FunctionSpec {
  /** As the template writes it: `src/app.handler`. */
  handler: string;
  /** Variable name to YAML value (`!Ref Orders`). */
  environment?: Record<string, string>;
  /** Event name to the event's body, from the `*Event` functions below. */
  events?: Record<string, string>;
}

/** A Node.js function. */
export function samFunction({ handler, environment = {}, events = {} }: FunctionSpec): string {
  const variables = Object.entries(environment).map(([name, value]) => `          ${name}: ${value}`);
  return [
    '    Type: AWS::Serverless::Function',
    '    Properties:',
    '      Runtime: nodejs20.x',
    `      Handler: ${handler}`,
    ...(variables.length > 0 ? ['      Environment:', '        Variables:', ...variables] : []),
    ...(Object.keys(events).length > 0 ? ['      Events:', ...Object.entries(events).flatMap(([name, body]) => [`        ${name}:`, body])] : []),
  ].join('\n');
}

/** A resource of `type` with no properties, or with the given YAML lines. */
export function samResource(type: string, ...properties: string[]): string {
  return [`    Type: ${type}`, ...(properties.length > 0 ? ['    Properties:', ...properties.map((p) => `      ${p}`)] : [])].join('\n');
}

/** An SQS event from the queue with that logical id; `properties` are further lines (`BatchSize: 5`). */
export function sqsEvent(queue: string, ...properties: string[]): string {
  return samEvent('SQS', `Queue: !GetAtt ${queue}.Arn`, ...properties);
}

export function snsEvent(topic: string): string {
  return samEvent('SNS', `Topic: !Ref ${topic}`);
}

export function httpApiEvent(method: string, route: string): string {
  return samEvent('HttpApi', `Path: ${route}`, `Method: ${method}`);
}

function samEvent(type: string, ...properties: string[]): string {
  return [`          Type: ${type}`, '          Properties:', ...properties.map((p) => `            ${p}`)].join('\n');
}

/** What an event adds to ask for batchItemFailures. */
export const REPORT_BATCH_ITEM_FAILURES = 'FunctionResponseTypes: [ReportBatchItemFailures]';

/** An alarm on the depth of a queue: someone is told of what lands in it (what its consumers failed on, for a dead-letter queue). */
export function queueDepthAlarm(queue: string): string {
  return samResource(
    'AWS::CloudWatch::Alarm',
    'Namespace: AWS/SQS',
    'MetricName: ApproximateNumberOfMessagesVisible',
    `Dimensions: [{ Name: QueueName, Value: !GetAtt ${queue}.QueueName }]`,
  );
}
