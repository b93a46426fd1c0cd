import type { TSESTree } from '@typescript-eslint/utils';
import type { ClientConstruction } from '../src/code/client-constructions.js';
import { projectCodeFacts } from '../src/rule/project-facts.js';
import { DEFAULT_WRAPPER_GLOBS, globListSchema, matchesFile } from '../src/code/file-globs.js';
import { handlerEntries } from '../src/code/handler-entry.js';
import { perInvocationClients } from '../src/code/per-invocation.js';
import { createRule } from '../src/rule/create-rule.js';
import { getSlsServices } from '../src/rule/services.js';

type Options = [{ wrappers?: string[] }];
type MessageIds = 'clientInHandler';

const WHAT: Record<ClientConstruction['category'], string> = {
  sdk: 'AWS SDK client',
  database: 'database connection',
  http: 'HTTP client',
};

export default createRule<Options, MessageIds>({
  name: 'no-client-in-handler',
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow constructing SDK clients, database connections and HTTP clients inside the handler function',
      principle: 'testable-functions',
      recommended: 'error',
      why:
        "A client built in the handler is built again for every event: credentials, region and connections are set up again (a database's connection limit fills up), and a unit test cannot replace it.",
      fix: 'Build the client once at module scope, or pass it in (a parameter, a factory), and reuse it across invocations.',
    },
    messages: {
      clientInHandler: '{{callee}} builds a new {{what}} ({{source}}) on every invocation of {{handler}}: its setup is redone each time',
    },
    schema: [
      {
        type: 'object',
        properties: {
          wrappers: globListSchema('wrapper modules, which this rule does not check'),
        },
        additionalProperties: false,
      },
    ],
    defaultOptions: [{ wrappers: [...DEFAULT_WRAPPER_GLOBS] }],
  },
  create(context, [options]) {
    const services = getSlsServices(context);
    // A module a template names as a handler is the handler, not a wrapper, whatever its folder.
    if (!services.namedHandler && matchesFile(context.filename, services.globRoot, options.wrappers ?? DEFAULT_WRAPPER_GLOBS)) return {};
    const facts = projectCodeFacts(context);
    return {
      'Program:exit'() {
        const reported = new Set<TSESTree.Node>();
        for (const entry of handlerEntries(facts.exportedFunctions, getSlsServices(context).handlerNames)) {
          if (!entry.fn) continue;
          for (const { client, through } of perInvocationClients(entry.fn, facts.clients, facts.declarations)) {
            // One function exported under two handler names is reported once.
            if (reported.has(client.node)) continue;
            reported.add(client.node);
            const handler = through.length > 0 ? `${entry.name} (through ${through.map((name) => `${name}()`).join(', ')})` : entry.name;
            context.report({
              node: client.node,
              messageId: 'clientInHandler',
              data: { callee: calleeText(client), what: WHAT[client.category], source: `'${client.source}'`, handler },
            });
          }
        }
      },
    };

    /** `new DynamoDBClient(...)`, `DynamoDBDocumentClient.from(...)`: the construction as written, up to its arguments. */
    function calleeText(client: ClientConstruction): string {
      const { node } = client;
      // Up to the type arguments' end, or the callee's: the arguments' `(` follows.
      const end = Math.max(node.callee.range[1], node.typeArguments?.range[1] ?? 0);
      const text = context.sourceCode.text.slice(node.range[0], end).replace(/\s+/g, ' ');
      return `${text.length > 60 ? `${text.slice(0, 57)}...` : text}(...)`;
    }
  },
});
