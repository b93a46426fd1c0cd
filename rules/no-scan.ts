import { projectCodeFacts } from '../src/rule/project-facts.js';
import { DEFAULT_TEST_GLOBS, globListSchema, matchesFile } from '../src/code/file-globs.js';
import { tableScans } from '../src/code/table-scans.js';
import { createRule } from '../src/rule/create-rule.js';
import { getSlsServices } from '../src/rule/services.js';

type Options = [{ ignoreFiles?: string[] }];
type MessageIds = 'scan' | 'partiqlScan';

export default createRule<Options, MessageIds>({
  name: 'no-scan',
  meta: {
    type: 'suggestion',
    docs: {
      description: 'Disallow DynamoDB Scan (and PartiQL SELECT without WHERE) in function code',
      principle: 'events-flow-one-way',
      recommended: 'warn',
      why:
        'A Scan reads, and bills, every item of the table on each call: cost and latency grow with the table until the function times out, and it takes read capacity from every other reader.',
      fix:
        'Query by key or by a global secondary index; to find changed, pending or expired items, react to a DynamoDB stream (or an event) instead of scanning for them.',
      fixes: {
        partiqlScan: 'Select by key (a WHERE on the partition key), or react to changes through a DynamoDB stream.',
      },
    },
    messages: {
      scan: 'DynamoDB Scan reads every item of {{table}} on each call: its cost and latency grow with the table',
      partiqlScan: 'PartiQL SELECT without WHERE scans {{table}}: it reads every item on each call, its cost grows with the table',
    },
    schema: [
      {
        type: 'object',
        properties: {
          ignoreFiles: globListSchema('files not to check, such as tests that clean up a table'),
        },
        additionalProperties: false,
      },
    ],
    defaultOptions: [{ ignoreFiles: [...DEFAULT_TEST_GLOBS] }],
  },
  create(context, [options]) {
    if (matchesFile(context.filename, getSlsServices(context).globRoot, options.ignoreFiles ?? DEFAULT_TEST_GLOBS)) return {};
    const facts = projectCodeFacts(context);
    return {
      'Program:exit'() {
        // Project mode also sees calls on clients other project modules build (`db.scan(...)` with `db` from './lib/client').
        const analysis = facts.importedReceiverCalls.length > 0 ? getSlsServices(context).crossLayer?.analysis : undefined;
        const operations = analysis ? analysis.operationsIn(context.filename, context.sourceCode.ast) : facts.operations;
        for (const scan of tableScans(facts, operations)) {
          const table = scan.table ? `table '${scan.table}'` : 'the table';
          context.report({ node: scan.node, messageId: scan.form === 'partiql' ? 'partiqlScan' : 'scan', data: { table } });
        }
      },
    };
  },
});
