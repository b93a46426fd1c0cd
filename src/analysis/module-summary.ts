import type { TSESTree } from '@typescript-eslint/types';
import type { PackageReexport } from '../code/declarations.js';
import type { OperationKind } from '../code/sdk-catalog.js';
import { SpanIndex } from '../code/spans.js';
import type { SentEvent } from '../code/sent-event.js';
import type { PassedInputs } from './passed-values.js';
import type { StaticSource } from './value-resolver.js';

/**
 * What the analysis keeps of a module once its syntax tree may be dropped: plain data, no AST
 * node. Everything a rule asks about code it is not linting (who reaches what, what an SDK call
 * targets and sends, what a batch handler returns) is answered from here, so a project of any
 * size holds a few kilobytes per module, not the module's tree.
 */
export interface ModuleSummary {
  file: string;
  /** Every function, in source order. */
  functions: FunctionSummary[];
  /** Every SDK operation, in source order. */
  operations: OperationSummary[];
  /** Its imports of project modules that only pass a package on (`const AWS = require('./lib/aws')`). */
  packageReexports: PackageReexport[];
}

export type SourceLoc = TSESTree.SourceLocation;

export interface FunctionSummary {
  start: number;
  end: number;
  line: number;
  name: string;
  /** The first place in the function (nested callbacks included) that builds `batchItemFailures` or hands the batch to Powertools. */
  batchFailuresAt?: SourceLoc;
  /** The first loop over `event.Records` that lets a record's error escape the function. */
  throwingLoopAt?: SourceLoc;
  /** The first loop over the batch's records written in this function. */
  batchLoopAt?: SourceLoc;
}

export interface OperationSummary {
  service: string;
  operation: string;
  kind: OperationKind;
  /** Of the command construction or method call, as in the code facts. */
  range: readonly [number, number];
  loc: SourceLoc;
  /** The start of the innermost function around the call, or `module`. */
  owner: number | 'module';
  /** Where the resource name comes from: `process.env.NAME`, a literal, the running function (across imported config modules). */
  source?: StaticSource;
  /** Lambda Invoke only: `Event`, `RequestResponse`, ... or undefined when not static. */
  invocationType?: string;
  sent: SentEvent;
  /** PutEvents whose entry names its bus. */
  namesBus: boolean;
  /** Where the resource name or the invocation type come in through a parameter, when the file alone cannot tell them. */
  passed?: PassedInputs;
}

/** A summary's functions by span: the innermost around a range (the range itself excluded) is a binary search away. */
export function functionSpansOf(summary: ModuleSummary): SpanIndex<FunctionSummary> {
  return new SpanIndex(summary.functions, (fn) => [fn.start, fn.end]);
}

/** A plain copy: a node's own loc object is fine to keep, but a copy says it outlives the tree. */
export function copyLoc(loc: SourceLoc): SourceLoc {
  return { start: { line: loc.start.line, column: loc.start.column }, end: { line: loc.end.line, column: loc.end.column } };
}
