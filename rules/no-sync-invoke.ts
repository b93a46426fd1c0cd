import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { propertyName, unwrap } from '../src/code/ast.js';
import { getCodeFacts, type SdkOperation } from '../src/code/code-facts.js';
import { absoluteUrlHost, originOfUrl, staticPrefix, targetsRequestHost, urlOrigin, type HttpCall } from '../src/code/http-calls.js';
import { resolveObject } from '../src/code/static-values.js';
import { invocationTypeOf } from '../src/code/invocation-type.js';
import { createRule } from '../src/rule/create-rule.js';
import { namedChain } from '../src/analysis/call-chain.js';
import type { Reach, RequestWrapper, WrappedRequest } from '../src/analysis/analysis.js';
import { ownApiOf, type OwnApi } from '../src/analysis/api-calls.js';
import { synchronousRoleOf } from '../src/analysis/synchronous-roles.js';
import { getSlsServices } from '../src/rule/services.js';
import { relativePath } from '../src/util/relative-path.js';

type MessageIds = 'syncInvoke' | 'syncInvokeOf' | 'syncSelfInvoke' | 'syncExecution' | 'syncHttpToOwnHost' | 'syncHttpToOwnApi' | 'syncHttpToOwnApiThrough' | 'suggestEvent';

/** The expressions a URL may be given as: a name, a member, a literal, a text joined from parts. */
const URL_SHAPES = new Set<string>(['Identifier', 'MemberExpression', 'Literal', 'TemplateLiteral', 'BinaryExpression', 'LogicalExpression']);
/** A literal that may be a URL or a host: `https://api.example.com/...`, `api.example.com`. */
const HOST_LIKE = /^(https?:\/\/)?[\w-]+(\.[\w-]+)+/i;

export default createRule<[], MessageIds>({
  name: 'no-sync-invoke',
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow calling another function or a state machine synchronously from a function: Lambda Invoke, StartSyncExecution, or an HTTP request to the application\'s own API',
      principle: 'events-flow-one-way',
      recommended: 'error',
      why:
        "The caller pays while it waits, its timeout must cover the callee's, and the callee's errors, throttles and cold starts become its own: two functions deployed apart fail together.",
      fix:
        "Hand the work off: invoke with InvocationType 'Event', or better send it through a queue, topic or event bus, and react to the result when it arrives as an event.",
      fixes: {
        syncSelfInvoke: "Invoke with InvocationType 'Event', or do the work in a loop inside one invocation (or a Step Functions Map state).",
        syncHttpToOwnHost: 'Call that code directly (import the module the other function uses), or send the work through a queue, topic or event bus.',
        syncHttpToOwnApi: 'Call that code directly (import the module the other function uses), or send the work through a queue, topic or event bus.',
        syncHttpToOwnApiThrough: 'Call that code directly (import the module the other function uses), or send the work through a queue, topic or event bus.',
        syncExecution: "Use StartExecution, and react to the execution's status-change event (EventBridge) instead of waiting for it.",
      },
    },
    hasSuggestions: true,
    messages: {
      syncInvoke: 'Lambda Invoke with InvocationType {{invocationType}} makes this function wait for another one, and pay for both',
      syncInvokeOf: 'Lambda Invoke of {{target}} (RequestResponse) makes {{function}} wait for it and pay for both{{where}}',
      syncSelfInvoke: "Lambda Invoke of {{function}}'s own name (RequestResponse) waits for the next run{{where}}: each level is billed",
      syncHttpToOwnHost: 'This {{library}} request goes back to the API it came in on: the function waits for another function of its own app',
      syncHttpToOwnApi: "This {{library}} request calls {{api}}, this app's own API: {{function}} waits on another function{{where}}",
      syncHttpToOwnApiThrough: "This URL of {{api}}, this app's own API, goes to {{wrapper}}: {{function}} waits on another function{{where}}",
      syncExecution: 'StartSyncExecution makes this function wait for the state machine, and pay for the wait',
      suggestEvent: "Set InvocationType to 'Event'.",
    },
    schema: [],
    defaultOptions: [],
  },
  create(context) {
    const program = context.sourceCode.ast;
    const facts = getCodeFacts(program);
    const decls = facts.declarations;
    // Any call may give a URL to a function of the project that requests it: the project is always asked.
    const join = getSlsServices(context).crossLayer;
    /** Calls with arguments, for checkWrapperCall. */
    const calls: TSESTree.CallExpression[] = [];
    const analysis = join?.analysis;
    const file = context.filename;
    // Project mode also sees clients and constants imported from the project's modules.
    const operations = analysis ? analysis.operationsIn(file, program) : facts.operations;
    const scope = analysis ? analysis.invocationScopeIn(file, program) : { program, decls };

    /** Whether waiting on calls is the job of a function that runs this code (a custom resource, a traffic hook, a callback task). */
    const waitsByRole = (reach: Reach) => analysis !== undefined && synchronousRoleOf(analysis, reach.fn, reach.stack) !== undefined;
    /** Whether every function that runs the call waits by its role: then nobody waits by mistake. */
    const onlyByRole = (node: TSESTree.Node) => {
      const reaches = join?.reachersOf(node) ?? [];
      return reaches.length > 0 && reaches.every(waitsByRole);
    };

    /** The function that waits, and the calls from its handler to this code (` (via handler → quote)`; nothing when it is the handler). */
    function waiting(reach: Reach): { function: string; where: string } {
      const calls = reach.chain.filter((s) => s.name !== '(module)').length - 1;
      return { function: reach.fn.name ?? reach.fn.logicalId, where: calls === 0 ? '' : ` (via ${namedChain(reach.chain)})` };
    }

    function checkOperation(op: SdkOperation): void {
      if (onlyByRole(op.node)) return;
      if (op.entry.service === 'StepFunctions' && op.operation === 'StartSyncExecution') {
        context.report({ node: op.node, messageId: 'syncExecution' });
        return;
      }
      if (op.entry.service !== 'Lambda' || op.operation !== 'Invoke') return;
      // `Event` and `DryRun` do not wait; anything else is not ours to judge (or not valid at all).
      // Project mode: a type the file cannot tell may be passed in by a caller in another module.
      const inFile = invocationTypeOf(op, scope);
      const emissions = analysis?.emissionsAt(file, op) ?? [];
      const waits = (e: { invocationType?: string }) => (inFile ?? e.invocationType) === 'RequestResponse';
      if (inFile !== 'RequestResponse' && !emissions.some(waits)) return;
      const suggest = op.input?.literal ? [{ messageId: 'suggestEvent' as const, fix: (fixer: TSESLint.RuleFixer) => setEvent(fixer, op) }] : [];
      // Project mode: name the function invoked, and how deep in the caller's code the wait sits.
      const emission = emissions.find((e) => e.target && waits(e) && !waitsByRole(e.reach));
      if (emission) {
        const { reach } = emission;
        context.report({
          node: op.node,
          messageId: emission.target === reach.fn.logicalId ? 'syncSelfInvoke' : 'syncInvokeOf',
          data: { target: analysis!.stackIndex(reach.stack).nameOf(emission.target!), ...waiting(reach) },
          suggest,
        });
        return;
      }
      context.report({ node: op.node, messageId: 'syncInvoke', data: { invocationType: "'RequestResponse'" }, suggest });
    }

    function checkHttpCall(call: HttpCall): void {
      if (onlyByRole(call.node)) return;
      if (targetsRequestHost(call, decls)) {
        context.report({ node: call.node, messageId: 'syncHttpToOwnHost', data: { library: call.library } });
        return;
      }
      const origin = analysis ? urlOrigin(call, decls) : undefined;
      // A URL the function around takes from its caller is judged at each call that gives one (checkWrapperCall).
      if (!origin || analysis!.isParameterIn(file, program, origin)) return;
      const api = ownApiAt(call.node, origin, absoluteUrlHost(call.url));
      if (api) context.report({ node: call.node, messageId: 'syncHttpToOwnApi', data: { library: call.library, ...api } });
    }

    /**
     * A call of a function of the project that requests the URL it is given (`getJson(url)` running
     * `fetch(url)`, in this file or imported): judged where the URL is chosen, here.
     */
    function checkWrapperCall(node: TSESTree.CallExpression): void {
      if (requestNodes.has(node) || !node.arguments.some(mayBeUrl) || onlyByRole(node)) return;
      for (const wrapper of analysis!.requestWrappersAt(file, node)) {
        for (const request of wrapper.requests) {
          const url = urlGiven(node.arguments, request);
          const origin = url && originOfUrl(url, decls);
          // Passed on from this function's own caller: judged at that call.
          if (!origin || analysis!.isParameterIn(file, program, origin)) continue;
          const api = ownApiAt(node, origin, absoluteUrlHost(staticPrefix(url, decls)));
          if (!api) continue;
          context.report({ node, messageId: 'syncHttpToOwnApiThrough', data: { ...wrapperData(wrapper, request), ...api } });
          return;
        }
      }
    }

    /**
     * Whether an argument may give a wrapper a URL of an API of the application (a cheap look before
     * resolving the call): it is one of a known origin (an environment variable, a literal URL), or
     * an object literal with one.
     */
    function mayBeUrl(arg: TSESTree.CallExpressionArgument): boolean {
      if (arg.type === 'SpreadElement' || arg.type === 'ArrowFunctionExpression' || arg.type === 'FunctionExpression') return false;
      const object = arg.type === 'ObjectExpression' ? arg : undefined;
      const values = object ? object.properties.flatMap((p) => (p.type === 'Property' ? [p.value] : [])) : [arg];
      return values.some((value) => {
        if (!URL_SHAPES.has(unwrap(value).type)) return false;
        const origin = originOfUrl(value, decls);
        const source = origin && analysis!.sourceIn(file, program, origin);
        return source !== undefined && (source.env !== undefined || source.parts !== undefined || (source.literal !== undefined && HOST_LIKE.test(source.literal)));
      });
    }

    /** The API of the application a request whose host comes from `origin` calls, and the function that waits for it. */
    function ownApiAt(node: TSESTree.Node, origin: TSESTree.Node, host: string | undefined): ({ api: string } & ReturnType<typeof waiting>) | undefined {
      const source = analysis!.sourceIn(file, program, origin);
      for (const reach of join!.reachersOf(node)) {
        const api: OwnApi | undefined = waitsByRole(reach) ? undefined : ownApiOf(analysis!.stacks, reach, source, host?.toLowerCase());
        if (api) return { api: analysis!.stackIndex(api.stack).nameOf(api.id), ...waiting(reach) };
      }
      return undefined;
    }

    /** The URL a call gives a request of the function it calls: the argument, or a property of an object literal given. */
    function urlGiven(args: readonly TSESTree.CallExpressionArgument[], request: WrappedRequest): TSESTree.Node | undefined {
      if (args.slice(0, request.position + 1).some((a) => a.type === 'SpreadElement')) return undefined;
      let node: TSESTree.Node | undefined = args[request.position];
      for (const key of request.path) node = node && resolveObject(node, decls)?.properties.get(key);
      return node;
    }

    /** The wrapper, where it is written, and the client it requests with: `getJson (lib/http.ts:1), a fetch request`. */
    function wrapperData(wrapper: RequestWrapper, request: WrappedRequest): { wrapper: string } {
      return { wrapper: `${wrapper.name} (${relativePath(analysis!.model.root, wrapper.file)}:${wrapper.line}), a ${request.library} request` };
    }

    function setEvent(fixer: TSESLint.RuleFixer, op: SdkOperation): TSESLint.RuleFix {
      const input = op.input!;
      const literal = input.literal!;
      // The literal's own InvocationType, unless a later spread overrides it: then we append instead.
      const own = literal.properties.find(
        (p): p is TSESTree.Property => p.type === 'Property' && propertyName(p.key, p.computed) === 'InvocationType' &&
          input.properties.get('InvocationType') === p.value,
      );
      if (own) return own.shorthand ? fixer.replaceText(own, "InvocationType: 'Event'") : fixer.replaceText(own.value, "'Event'");
      const last = literal.properties.at(-1);
      if (!last) return fixer.replaceText(literal, "{ InvocationType: 'Event' }");
      return fixer.insertTextAfter(last, ", InvocationType: 'Event'");
    }

    const requestNodes = new Set<TSESTree.Node>([...facts.httpCalls.map((c) => c.node), ...operations.map((op) => op.node)]);

    return {
      CallExpression(node) {
        if (analysis && node.arguments.length > 0) calls.push(node);
      },
      'Program:exit'() {
        for (const op of operations) checkOperation(op);
        for (const call of facts.httpCalls) checkHttpCall(call);
        for (const call of calls) checkWrapperCall(call);
      },
    };
  },
});
