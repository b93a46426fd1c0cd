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
    },
    messages: {
      scan:
        'DynamoDB Scan reads every item in {{table}} on each call, so its cost and latency grow with the table. Query by key or index, or react to changes through a DynamoDB stream instead of scanning for them.',
      partiqlScan:
        'A PartiQL SELECT without WHERE runs as a Scan of {{table}}: it reads every item on each call, so its cost and latency grow with the table. Select by key, or react to changes through a DynamoDB stream.',
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
