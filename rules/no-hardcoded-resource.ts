import type { TSESTree } from '@typescript-eslint/utils';
import { getCodeFacts } from '../src/code/code-facts.js';
import { DEFAULT_TEST_GLOBS, globListSchema, matchesFile } from '../src/code/file-globs.js';
import { bucketInUrl, hardcodedNames, isBuiltIn, resourceStringKind, stringLiteral, type ResourceStringKind } from '../src/code/resource-strings.js';
import { resolveObject, valueAtPath } from '../src/code/static-values.js';
import type { Node } from '../src/code/ast.js';
import { createRule } from '../src/rule/create-rule.js';
import { getSlsServices } from '../src/rule/services.js';

type Options = [{ ignoreFiles?: string[] }];
type MessageIds = 'hardcodedArn' | 'hardcodedQueueUrl' | 'hardcodedBucketUrl' | 'hardcodedName';

const MESSAGE_OF: Record<ResourceStringKind, MessageIds> = { arn: 'hardcodedArn', queueUrl: 'hardcodedQueueUrl', bucketUrl: 'hardcodedBucketUrl' };

export default createRule<Options, MessageIds>({
  name: 'no-hardcoded-resource',
  meta: {
    type: 'suggestion',
    docs: {
      description: 'Disallow hard-coded ARNs, queue URLs and resource names; read them from configuration',
      principle: 'endpoints-wrapped',
      recommended: 'warn',
      why:
        'A name, URL or ARN written in the code ties it to one account, region and stage: it cannot run in a second stage or a test stack, and a renamed resource fails at run time instead of deploy time.',
      fix:
        'Pass the resource in from the template as an environment variable (!Ref, or !GetAtt for ARNs and queue URLs), and read it in one place, ideally the wrapper module that reaches the resource.',
      fixes: {
        hardcodedBucketUrl: 'Build the URL from the bucket name passed in from the template (an environment variable set with !Ref).',
      },
    },
    messages: {
      hardcodedArn: "Hard-coded ARN '{{value}}' ties this code to one account, region and stage",
      hardcodedQueueUrl: "Hard-coded queue URL '{{value}}' ties this code to one account, region and stage",
      hardcodedBucketUrl: "This URL hard-codes the bucket '{{bucket}}', which ties this code to one deployment",
      hardcodedName: "Hard-coded {{key}} '{{value}}' ties this code to one deployment: every stage and test shares it",
    },
    schema: [
      {
        type: 'object',
        properties: {
          ignoreFiles: globListSchema('files not to check, such as tests with sample events'),
        },
        additionalProperties: false,
      },
    ],
    defaultOptions: [{ ignoreFiles: [...DEFAULT_TEST_GLOBS] }],
  },
  create(context, [options]) {
    if (matchesFile(context.filename, getSlsServices(context).globRoot, options.ignoreFiles ?? DEFAULT_TEST_GLOBS)) return {};
    const facts = getCodeFacts(context.sourceCode.ast);
    const decls = facts.declarations;
    const reported = new Set<TSESTree.Node>();
    const analysis = getSlsServices(context).crossLayer?.analysis;
    const helperCalls: TSESTree.CallExpression[] = [];

    function reportName(name: { key: string; value: string; node: TSESTree.Node }): void {
      // An ARN or queue URL was reported as such when its literal was visited.
      if (reported.has(name.node) || resourceStringKind(name.value)) return;
      reported.add(name.node);
      context.report({ node: name.node, messageId: 'hardcodedName', data: { key: name.key, value: name.value } });
    }

    /** A cheap look before resolving a call: an argument is a string written in the file, or an object with one. */
    function mayNameResource(arg: Node): boolean {
      if (arg.type === 'SpreadElement') return false;
      if (stringLiteral(arg, decls)) return true;
      const object = resolveObject(arg, decls);
      return !!object && [...object.properties.values()].some((value) => stringLiteral(value, decls));
    }

    /**
     * A call of a project function whose SDK calls take a resource name from its arguments
     * (`sendTo('orders-queue', body)` running GetQueueUrl with `QueueName: name`, in this file or
     * imported, through further helpers): the name is chosen, and reported, where it is written here.
     */
    function checkHelperCall(node: TSESTree.CallExpression): void {
      for (const param of analysis!.resourceParametersAt(context.filename, node)) {
        const arg = node.arguments[param.position];
        if (!arg || node.arguments.slice(0, param.position + 1).some((a) => a.type === 'SpreadElement')) continue;
        const value = valueAtPath(arg, param.path, decls);
        const literal = value ? stringLiteral(value, decls) : undefined;
        if (literal && literal.value.trim() !== '' && !isBuiltIn(param.key, literal.value)) reportName({ key: param.key, ...literal });
      }
    }

    function checkString(node: TSESTree.Literal | TSESTree.TemplateLiteral, value: string): void {
      const kind = resourceStringKind(value);
      if (!kind || reported.has(node)) return;
      reported.add(node);
      context.report({ node, messageId: MESSAGE_OF[kind], data: { value, bucket: bucketInUrl(value, true) ?? '' } });
    }

    return {
      Literal(node) {
        // `type Arn = 'arn:aws:...'` is a type, and an import source is not a resource.
        if (typeof node.value !== 'string' || node.parent.type === 'TSLiteralType' || node.parent.type === 'ImportDeclaration') return;
        checkString(node, node.value);
      },
      TemplateLiteral(node) {
        if (node.parent.type === 'TSLiteralType') return;
        const prefix = node.quasis[0]?.value.cooked ?? '';
        if (node.expressions.length === 0) {
          checkString(node, prefix);
          return;
        }
        // `https://my-bucket.s3.amazonaws.com/${key}`: the static start of the URL names the bucket.
        const bucket = bucketInUrl(prefix, false);
        if (bucket) context.report({ node, messageId: 'hardcodedBucketUrl', data: { bucket } });
      },
      CallExpression(node) {
        if (analysis && node.arguments.some(mayNameResource)) helperCalls.push(node);
      },
      'Program:exit'() {
        for (const op of [...facts.operations, ...facts.paginators]) {
          for (const name of hardcodedNames(op.input, decls)) reportName(name);
        }
        for (const call of helperCalls) checkHelperCall(call);
      },
    };
  },
});
