import { projectCodeFacts } from '../src/rule/project-facts.js';
import { directEndpointUses } from '../src/code/direct-endpoints.js';
import { DEFAULT_WRAPPER_GLOBS, globListSchema, matchesFile } from '../src/code/file-globs.js';
import { handlerEntries } from '../src/code/handler-entry.js';
import { createRule } from '../src/rule/create-rule.js';
import { getSlsServices } from '../src/rule/services.js';

type Options = [{ wrappers?: string[] }];
type MessageIds = 'directSdk' | 'reexportedSdk' | 'directHttp' | 'signedHttp';

export default createRule<Options, MessageIds>({
  name: 'no-unwrapped-sdk',
  meta: {
    type: 'suggestion',
    docs: {
      description: 'Disallow AWS SDK clients and third-party HTTP calls in handler modules; reach them through a wrapper module',
      principle: 'endpoints-wrapped',
      recommended: 'warn',
      why:
        'A handler that builds SDK calls or HTTP requests itself copies how each service is reached into every function, and its unit tests must mock the SDK or the network.',
      fix:
        'Put the calls in a wrapper module (an adapter, client, gateway or repository, e.g. orders-repository.ts) and have the handler import that and call functions like saveOrder(order).',
    },
    messages: {
      directSdk: "Handler module uses the AWS SDK directly ('{{source}}'): it cannot be tested without AWS",
      reexportedSdk: "Handler module uses the AWS SDK directly ('{{source}}'): '{{via}}' only passes the SDK on, it wraps nothing",
      directHttp: 'Handler module calls {{host}} directly with {{library}}: it cannot be tested without that endpoint',
      signedHttp: 'Handler module sends a request signed for AWS ({{signer}}) directly with {{library}}: untestable without AWS',
    },
    schema: [
      {
        type: 'object',
        properties: {
          wrappers: globListSchema('wrapper modules, where using the SDK and HTTP clients directly is fine'),
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
        if (handlerEntries(facts.exportedFunctions, getSlsServices(context).handlerNames).length === 0) return;
        for (const use of directEndpointUses(facts)) {
          if (use.kind === 'sdk' && use.via) context.report({ node: use.node, messageId: 'reexportedSdk', data: { source: use.source, via: use.via } });
          else if (use.kind === 'sdk') context.report({ node: use.node, messageId: 'directSdk', data: { source: use.source } });
          else if (use.kind === 'signed') context.report({ node: use.node, messageId: 'signedHttp', data: { signer: use.signer, library: use.library } });
          else context.report({ node: use.node, messageId: 'directHttp', data: { host: use.host, library: use.library } });
        }
      },
    };
  },
});
