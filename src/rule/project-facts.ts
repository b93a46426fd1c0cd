import type { TSESTree } from '@typescript-eslint/types';
import { getCodeFacts, type CodeFacts } from '../code/code-facts.js';
import { getSlsServices, type RuleContextLike } from './services.js';

/**
 * The code facts of the file a rule lints, with what the project says about its imports when the
 * templates are joined: a name imported from a project module that only passes the SDK (or a client
 * library) on stands for the package (`const AWS = require('./lib/aws'); new AWS.DynamoDB.DocumentClient()`).
 * Without the join, the file is read on its own.
 */
export function projectCodeFacts(context: RuleContextLike & { sourceCode: { ast: TSESTree.Program } }): CodeFacts {
  const analysis = getSlsServices(context).crossLayer?.analysis;
  return getCodeFacts(context.sourceCode.ast, analysis?.packageReexportsIn(context.filename));
}
