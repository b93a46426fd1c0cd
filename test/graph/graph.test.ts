import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadModel } from '../../src/model/load-model.js';
import { buildGraph, formatGraph, GRAPH_FORMATS, isGraphFormatName, type EventGraph, type GraphFormatName } from '../../src/graph/index.js';
import { externalLabel } from '../../src/graph/build-graph.js';
import type { ProjectModel } from '../../src/model/types.js';

const REPO = path.resolve(import.meta.dirname, '../..');
const ORDERS = path.join(REPO, 'fixtures/sam-orders');
const FIXTURES = path.join(import.meta.dirname, 'fixtures');
const GOLDEN = path.join(import.meta.dirname, 'golden');

function golden(name: string, actual: string): void {
  const file = path.join(GOLDEN, name);
  if (process.env['UPDATE_GOLDEN']) writeFileSync(file, actual);
  expect(actual).toBe(readFileSync(file, 'utf8'));
}

function model(root: string, templates: string[] = ['template.yaml']): ProjectModel {
  const loaded = loadModel(root, templates.map((t) => path.join(root, t)));
  expect(loaded.findings.filter((f) => f.ruleId === 'sls/parse-error')).toEqual([]);
  return loaded.model;
}

function graphOf(dir: string, templates?: string[]): EventGraph {
  return buildGraph(model(path.join(FIXTURES, dir), templates));
}

/** One line per edge, easy to read in a failing assertion. */
function edgeLines(graph: EventGraph): string[] {
  return graph.edges.map((e) => `${e.from} -> ${e.to} [${e.kind}: ${e.label}]`);
}

describe('buildGraph on fixtures/sam-orders', () => {
  const graph = buildGraph(model(ORDERS));

  it('has a node for every function, every queue and table, and the implicit HTTP API', () => {
    const at = { stack: 'template.yaml' };
    const declared = (id: string, kind: string) => ({ id, kind, label: id, ...at, logicalId: id });
    expect(graph.nodes).toEqual([
      declared('CreateOrderFunction', 'function'),
      { id: 'HttpApi', kind: 'api', label: 'HttpApi', ...at, implicit: true },
      declared('OrdersQueue', 'queue'),
      declared('OrdersTable', 'table'),
      declared('PricingFunction', 'function'),
      declared('ProcessOrderFunction', 'function'),
      declared('ShipOrderFunction', 'function'),
      { ...declared('ShipmentsDeadLetterQueue', 'queue'), failureSink: { watched: false } },
      declared('ShipmentsQueue', 'queue'),
    ]);
  });

  it('has trigger edges labelled with kind and delivery, and the redrive as a failure edge', () => {
    expect(graph.edges).toEqual([
      { from: 'HttpApi', to: 'CreateOrderFunction', kind: 'trigger', label: 'HttpApi · sync', trigger: 'HttpApi', delivery: 'sync' },
      { from: 'OrdersQueue', to: 'ProcessOrderFunction', kind: 'trigger', label: 'SQS · queue', trigger: 'SQS', delivery: 'queue' },
      { from: 'ShipmentsQueue', to: 'ShipOrderFunction', kind: 'trigger', label: 'SQS · queue', trigger: 'SQS', delivery: 'queue' },
      { from: 'ShipmentsQueue', to: 'ShipmentsDeadLetterQueue', kind: 'failure', label: 'redrive', failure: 'redrive' },
    ]);
  });

  it.each(['mermaid', 'dot', 'json'] as GraphFormatName[])('%s matches its golden file', (format) => {
    golden(`sam-orders.${format === 'mermaid' ? 'mmd' : format}`, formatGraph(format, graph));
  });

  it('json is the graph itself', () => {
    expect(JSON.parse(formatGraph('json', graph))).toEqual({ nodes: graph.nodes, edges: graph.edges });
  });

  it('docs/graph.md shows what `sls-lint graph` prints for the example (its golden file)', () => {
    const docs = readFileSync(path.join(REPO, 'docs/graph.md'), 'utf8');
    const cliGolden = readFileSync(path.join(REPO, 'test/e2e/golden/sam-orders.mmd'), 'utf8');
    expect(docs).toContain(`\`\`\`mermaid\n${cliGolden}\`\`\``);
  });
});

describe('failure sinks', () => {
  const rules = path.join(REPO, 'test/fixtures/rules/dlq-alarm');
  const sinks = (graph: EventGraph) => Object.fromEntries(graph.nodes.filter((n) => n.failureSink).map((n) => [n.id, n.failureSink!.watched]));

  it('marks each queue or topic failures end in, watched when an alarm, a consumer or a subscription tells someone', () => {
    expect(sinks(buildGraph(model(rules, ['pass.sam.yaml'])))).toEqual({
      AuditFailures: true, BillingDLQ: true, ExportsDLQ: true, ImportsDLQ: true, JobsDLQ: true, LegacyDLQ: false, NotifierDLQ: true, PublisherFailures: true,
    });
    expect(sinks(buildGraph(model(rules, ['fail.sam.yaml'])))).toEqual({
      ArchiveFailures: true, ArchiveFailuresQueue: false, FailedEvents: false, MailerFailures: false, OrdersDLQ: false,
    });
  });

  it('counts a function whose code receives from the queue, drawing no edge for it', () => {
    const m = model(rules, ['fail.sam.yaml']);
    const stack = m.stacks[0]!;
    const receive = { stack, functionLogicalId: 'Mailer', target: 'OrdersDLQ', kind: 'receive' as const, label: 'ReceiveMessage' };
    const graph = buildGraph(m, [receive]);
    expect(sinks(graph)['OrdersDLQ']).toBe(true);
    expect(graph.edges).toEqual(buildGraph(m).edges);
  });

  it('draws an unwatched sink in the flagged colour: a mermaid class, a red DOT node', () => {
    const graph = buildGraph(model(rules, ['fail.sam.yaml']));
    const mermaid = formatGraph('mermaid', graph).split('\n');
    expect(mermaid).toContain('  classDef unwatched stroke:#d73a49,stroke-width:2px');
    expect(mermaid).toContain('  class ArchiveFailuresQueue,FailedEvents,MailerFailures,OrdersDLQ unwatched');
    const dot = formatGraph('dot', graph);
    expect(dot).toContain('  "OrdersDLQ" [label="OrdersDLQ", shape=cds, color=red];\n');
    expect(dot).toContain('  "ArchiveFailures" [label="ArchiveFailures", shape=hexagon];\n');
  });
});

describe('graph formats', () => {
  it('are all listed in the one map', () => {
    expect(Object.keys(GRAPH_FORMATS)).toEqual(['mermaid', 'dot', 'json']);
    expect(isGraphFormatName('dot')).toBe(true);
    expect(isGraphFormatName('toString')).toBe(false);
  });

  it('draw failure edges dashed and every other edge solid, invocations bold', () => {
    const graph: EventGraph = {
      nodes: [
        { id: 'Fn', kind: 'function', label: 'Fn', stack: 't.yaml' },
        { id: 'Other', kind: 'function', label: 'Other', stack: 't.yaml' },
        { id: 'Q', kind: 'queue', label: 'Q', stack: 't.yaml' },
        { id: 'T', kind: 'table', label: 'T', stack: 't.yaml' },
      ],
      edges: [
        { from: 'Fn', to: 'Other', kind: 'invoke', label: 'invokes' },
        { from: 'Fn', to: 'Q', kind: 'emit', label: 'emits' },
        { from: 'Fn', to: 'Q', kind: 'failure', label: 'dead-letter', failure: 'dead-letter' },
        { from: 'Fn', to: 'T', kind: 'write', label: 'writes' },
      ],
    };
    expect(formatGraph('mermaid', graph).split('\n').filter((l) => l.includes('|'))).toEqual([
      '  Fn ==>|"invokes"| Other',
      '  Fn -->|"emits"| Q',
      '  Fn -.->|"dead-letter"| Q',
      '  Fn -->|"writes"| T',
    ]);
    expect(formatGraph('dot', graph).split('\n').filter((l) => l.includes('->'))).toEqual([
      '  "Fn" -> "Other" [label="invokes", style=bold];',
      '  "Fn" -> "Q" [label="emits"];',
      '  "Fn" -> "Q" [label="dead-letter", style=dashed];',
      '  "Fn" -> "T" [label="writes"];',
    ]);
  });

  it('mermaid gives every node kind its own shape', () => {
    const kinds = ['function', 'queue', 'topic', 'table', 'bus', 'bucket', 'stream', 'stateMachine', 'api', 'external', 'other'] as const;
    const graph: EventGraph = { nodes: kinds.map((kind) => ({ id: `N${kind}`, kind, label: kind, stack: 't.yaml' })), edges: [] };
    const shapes = formatGraph('mermaid', graph).split('\n').flatMap((l) => {
      const m = /^ {2}N\w+(\S*?)"\w+"(\S*)$/.exec(l);
      return m ? [`${m[1]}…${m[2]}`] : [];
    });
    expect(shapes).toHaveLength(kinds.length);
    expect(new Set(shapes).size).toBe(kinds.length);
    expect(shapes.slice(0, 4)).toEqual(['(…)', '[[…]]', '{{…}}', '[(…)]']);
  });
});

describe('one model whatever the format', () => {
  it('a plain CloudFormation template and its SAM twin give the same graph', () => {
    const sam = model(path.join(FIXTURES, 'twin-sam'));
    const cfn = model(path.join(FIXTURES, 'twin-cloudformation'));
    expect(sam.stacks.map((s) => s.format)).toEqual(['sam']);
    expect(cfn.stacks.map((s) => s.format)).toEqual(['cloudformation']);
    const graph = buildGraph(sam);
    expect(buildGraph(cfn)).toEqual(graph);
    expect(edgeLines(graph)).toEqual([
      'AuditFunction -> AuditFailures [failure: Kinesis on-failure]',
      'AuditFunction -> arn:aws:sns:eu-west-1:123456789012:ops-alerts [failure: on-failure]',
      'AuditStream -> AuditFunction [trigger: Kinesis · stream]',
      'LegacyQueueArn -> ProcessOrderFunction [trigger: SQS · queue]',
      'NotifyFunction -> NotifyDeadLetterQueue [failure: dead-letter]',
      'OrderEvents -> NotifyFunction [trigger: SNS · async]',
      'OrdersQueue -> OrdersDeadLetterQueue [failure: redrive]',
      'OrdersQueue -> ProcessOrderFunction [trigger: SQS · queue]',
      'Schedule -> NotifyFunction [trigger: Schedule · async]',
    ]);
    // The IAM role of the CloudFormation twin takes part in no edge, so it is no node.
    expect(graph.nodes.map((n) => n.id)).not.toContain('FunctionRole');
    expect(graph.nodes.filter((n) => n.kind === 'external')).toEqual([
      { id: 'LegacyQueueArn', kind: 'external', label: 'LegacyQueueArn', stack: 'template.yaml', ref: 'LegacyQueueArn' },
      {
        id: 'arn:aws:sns:eu-west-1:123456789012:ops-alerts', kind: 'external', label: 'ops-alerts', stack: 'template.yaml',
        ref: 'arn:aws:sns:eu-west-1:123456789012:ops-alerts',
      },
    ]);
  });
});

describe('event sources that are not declared resources', () => {
  const graph = graphOf('sources');
  const node = (id: string) => graph.nodes.find((n) => n.id === id);

  it('gives sourceless triggers an entry point: shared per stack, per function for a URL, unknown per function otherwise', () => {
    expect(edgeLines(graph)).toEqual([
      'AppLogs -> WorkerFunction [trigger: CloudWatchLogs · async]',
      'EventBridge -> DeliveryFailures [failure: delivery dead-letter]',
      'EventBridge -> WorkerFunction [trigger: EventBridge · async]',
      'FunctionUrl:PublicFunction -> PublicFunction [trigger: FunctionUrl · sync]',
      'HttpApi -> PublicFunction [trigger: HttpApi · sync]',
      'Orders -> WorkerFunction [trigger: DynamoDB · stream]',
      'SQS:WorkerFunction -> WorkerFunction [trigger: SQS · queue]',
      'WorkerFunction -> arn:aws:sns:eu-west-1:123456789012:ops-alerts [failure: dead-letter]',
      'WorkerFunction -> on-failure:WorkerFunction [failure: on-failure]',
      'implicit:HttpApi -> PublicFunction [trigger: HttpApi · sync]',
    ]);
    expect(node('EventBridge')).toEqual({ id: 'EventBridge', kind: 'bus', label: 'EventBridge', stack: 'template.yaml', implicit: true });
    expect(node('FunctionUrl:PublicFunction')).toMatchObject({ kind: 'api', label: 'FunctionUrl', implicit: true });
    expect(node('SQS:WorkerFunction')).toEqual({ id: 'SQS:WorkerFunction', kind: 'external', label: 'SQS', stack: 'template.yaml' });
    // SAM creates the queue of an OnFailure destination that has a Type and no Destination.
    expect(node('on-failure:WorkerFunction')).toMatchObject({ kind: 'queue', label: 'SQS', implicit: true });
  });

  it('keeps the implicit API apart from a declared resource that has its name', () => {
    expect(node('HttpApi')).toEqual({ id: 'HttpApi', kind: 'api', label: 'HttpApi', stack: 'template.yaml', logicalId: 'HttpApi' });
    expect(node('implicit:HttpApi')).toMatchObject({ kind: 'api', label: 'HttpApi', implicit: true });
  });

  it('lists other resources only when they take part in an edge', () => {
    expect(node('AppLogs')).toMatchObject({ kind: 'other' });
    expect(node('UnusedRole')).toBeUndefined();
  });

  it('labels an ARN with the name in it', () => {
    expect(externalLabel('arn:aws:sqs:eu-west-1:123456789012:orders-dlq')).toBe('orders-dlq');
    expect(externalLabel('arn:aws:lambda:eu-west-1:123456789012:function:notify')).toBe('notify');
    expect(externalLabel('arn:aws:dynamodb:eu-west-1:123456789012:table/Orders/stream/2024-01-01T00:00:00.000')).toBe('Orders');
    expect(externalLabel('OrdersQueueArn')).toBe('OrdersQueueArn');
  });
});

describe('ids', () => {
  it('are prefixed with the template path only where two stacks share a logical id', () => {
    const graph = graphOf('multi', ['orders/template.yaml', 'billing/template.yaml']);
    expect(graph.nodes.map((n) => `${n.id} (${n.stack})`)).toEqual([
      'BillingWorker (billing/template.yaml)',
      'OrdersWorker (orders/template.yaml)',
      'billing/template.yaml#HttpApi (billing/template.yaml)',
      'billing/template.yaml#Queue (billing/template.yaml)',
      'orders/template.yaml#HttpApi (orders/template.yaml)',
      'orders/template.yaml#Queue (orders/template.yaml)',
    ]);
    expect(edgeLines(graph)).toContain('orders/template.yaml#Queue -> OrdersWorker [trigger: SQS · queue]');
    expect(graph.nodes.find((n) => n.id === 'orders/template.yaml#Queue')?.label).toBe('Queue');
  });

  it('a single stack has no prefixes', () => {
    const graph = graphOf('multi', ['orders/template.yaml']);
    expect(graph.nodes.map((n) => n.id)).toEqual(['HttpApi', 'OrdersWorker', 'Queue']);
  });

  it('and the order of everything do not depend on template or declaration order', () => {
    const root = path.join(FIXTURES, 'multi');
    const forward = buildGraph(model(root, ['orders/template.yaml', 'billing/template.yaml']));
    const shuffled = model(root, ['billing/template.yaml', 'orders/template.yaml']);
    for (const stack of shuffled.stacks) {
      stack.functions.reverse();
      stack.resources.reverse();
      stack.triggers.reverse();
    }
    expect(buildGraph(shuffled)).toEqual(forward);
    const sources = model(path.join(FIXTURES, 'sources'));
    const once = formatGraph('json', buildGraph(sources));
    for (const stack of sources.stacks) stack.triggers.reverse();
    expect(formatGraph('json', buildGraph(sources))).toBe(once);
  });

  it('mermaid groups several stacks into subgraphs and dot into clusters', () => {
    const graph = graphOf('multi', ['orders/template.yaml', 'billing/template.yaml']);
    const mermaid = formatGraph('mermaid', graph);
    expect(mermaid).toContain('  subgraph stack_1["billing/template.yaml"]\n    BillingWorker("BillingWorker")\n');
    expect(mermaid.match(/^ {2}end$/gm)).toHaveLength(2);
    const dot = formatGraph('dot', graph);
    expect(dot).toContain('  subgraph "cluster_2" {\n    label="orders/template.yaml";\n    "OrdersWorker" [label="OrdersWorker", shape=box, style=rounded];\n');
  });
});

describe('escaping', () => {
  const graph = graphOf('escaping');

  it('keeps the real names in the graph', () => {
    expect(graph.nodes.map((n) => n.id)).toEqual(['end', 'orders.queue-v2', 'orders_queue_v2', 'quote"d#1']);
    expect(edgeLines(graph)).toEqual([
      'orders.queue-v2 -> end [trigger: SQS · queue]',
      'orders.queue-v2 -> orders_queue_v2 [failure: redrive]',
    ]);
  });

  it('mermaid ids are word characters, never a keyword, never fused with an arrow, unique; labels keep the names', () => {
    expect(formatGraph('mermaid', graph)).toBe([
      'flowchart LR',
      '  n_end("end")',
      '  n_orders_queue_v2[["orders.queue-v2"]]',
      '  n_orders_queue_v2_2[["orders_queue_v2"]]',
      '  quote_d_1{{"quote#quot;d#35;1"}}',
      '  n_orders_queue_v2 -->|"SQS · queue"| n_end',
      '  n_orders_queue_v2 -.->|"redrive"| n_orders_queue_v2_2',
      '  classDef unwatched stroke:#d73a49,stroke-width:2px',
      '  class n_orders_queue_v2_2 unwatched',
      '',
    ].join('\n'));
  });

  it('dot quotes ids and labels', () => {
    const dot = formatGraph('dot', graph);
    expect(dot).toContain('  "end" [label="end", shape=box, style=rounded];\n');
    expect(dot).toContain('  "quote\\"d#1" [label="quote\\"d#1", shape=hexagon];\n');
    expect(dot).toContain('  "orders.queue-v2" -> "end" [label="SQS · queue"];\n');
  });

  it('escapes what would end a Mermaid string or a DOT string', () => {
    const nasty: EventGraph = {
      nodes: [{ id: 'a\\n"b', kind: 'other', label: 'x|y <b> `c` & "d"\nnext', stack: 't.yaml' }],
      edges: [{ from: 'a\\n"b', to: 'graph', kind: 'emit', label: 'say "hi" | #1' }],
    };
    expect(formatGraph('mermaid', nasty)).toBe([
      'flowchart LR',
      '  a_n_b["x#124;y #lt;b#gt; #96;c#96; #amp; #quot;d#quot; next"]',
      '  a_n_b -->|"say #quot;hi#quot; #124; #35;1"| n_graph',
      '',
    ].join('\n'));
    expect(formatGraph('dot', nasty)).toContain('  "a\\\\n\\"b" [label="x|y <b> `c` & \\"d\\"\\nnext", shape=box];\n');
  });
});

describe('every output is well-formed', () => {
  const QUOTED = String.raw`"(?:[^"\\]|\\.)*"`;
  const DOT_LINE = new RegExp([
    String.raw`^digraph "sls-lint" \{$`,
    String.raw`^ {2}(rankdir=LR|(node|edge) \[fontname="Helvetica", fontsize=\d+\]);$`,
    String.raw`^ +${QUOTED} \[label=${QUOTED}, shape=\w+(, style=(rounded|dashed))?(, color=red)?\];$`,
    String.raw`^ {2}${QUOTED} -> ${QUOTED} \[label=${QUOTED}(, style=(dashed|bold))?\];$`,
    String.raw`^ {2}subgraph "cluster_\d+" \{$`,
    String.raw`^ {4}label=${QUOTED};$`,
    String.raw`^ {0,2}\}$`,
  ].join('|'));
  const ID = '[A-Za-z_][A-Za-z0-9_]*';
  const TEXT = '"[^"]*"';
  const MERMAID_LINE = new RegExp([
    '^flowchart LR$',
    String.raw`^ +(?<node>${ID})(\(|\[\[|\{\{|\[\(|\[/|\[\\|\(\[|>|\[)${TEXT}(\)|\]\]|\}\}|\)\]|/\]|\\\]|\]\)|\])$`,
    String.raw`^ {2}(?<from>${ID}) (-->|-\.->|==>)\|${TEXT}\| (?<to>${ID})$`,
    String.raw`^ {2}subgraph (?<group>${ID})\[${TEXT}\]$`,
    '^ {2}end$',
    '^ {2}classDef external stroke-dasharray: 5 5$',
    String.raw`^ {2}class ${ID}(,${ID})* (external|unwatched)$`,
    '^ {2}classDef unwatched stroke:#d73a49,stroke-width:2px$',
  ].join('|'));
  const cases: [string, EventGraph][] = [
    ['sam-orders', buildGraph(model(ORDERS))],
    ['twin', graphOf('twin-sam')],
    ['sources', graphOf('sources')],
    ['multi', graphOf('multi', ['orders/template.yaml', 'billing/template.yaml'])],
    ['escaping', graphOf('escaping')],
  ];

  it.each(cases)('dot of %s: one statement a line, balanced braces, \\n line endings', (_, graph) => {
    const dot = formatGraph('dot', graph);
    expect(dot.endsWith('}\n')).toBe(true);
    expect(dot).not.toContain('\r');
    const lines = dot.slice(0, -1).split('\n');
    expect(lines.filter((l) => !DOT_LINE.test(l))).toEqual([]);
    expect(lines.filter((l) => l.endsWith('{')).length).toBe(lines.filter((l) => /^ *\}$/.test(l)).length);
  });

  it.each(cases)('mermaid of %s: only known statements, word ids, no keyword or arrow-fusing id', (_, graph) => {
    const mermaid = formatGraph('mermaid', graph);
    const lines = mermaid.slice(0, -1).split('\n');
    expect(lines.filter((l) => !MERMAID_LINE.test(l))).toEqual([]);
    const ids = lines.flatMap((l) => Object.values(MERMAID_LINE.exec(l)?.groups ?? {}).filter((v): v is string => v !== undefined));
    expect(ids.filter((id) => /^(end|graph|subgraph|class|style|default)$/i.test(id) || /^[0-9ox]/.test(id))).toEqual([]);
    const declared = lines.flatMap((l) => MERMAID_LINE.exec(l)?.groups?.['node'] ?? []);
    expect(new Set(declared).size).toBe(graph.nodes.length);
  });
});
