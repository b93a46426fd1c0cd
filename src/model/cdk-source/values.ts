import type ts from 'typescript';
import type { FunctionNode, ResourceNode } from '../types.js';
import type { Scope } from './scope.js';
import type { StackBuild } from './stack-build.js';

/**
 * The values the CDK reader computes while it walks an app: plain data with the place each piece
 * was written, library references kept symbolic (`lambda.Runtime.NODEJS_20_X`, `Duration.seconds(30)`),
 * and constructs. `UNKNOWN` is a value that only running the app would give.
 */
export type Value =
  | undefined | null | boolean | number | string
  | Unknown | ObjectValue | ArrayValue | SubValue
  | LibRef | LibCall | LibInstance | ModuleValue
  | FunctionValue | ClassValue | ConstructValue | AttrValue | ApiResourceValue | ChainValue | MetricValue;

/** Where something is written: a node of a parsed source file. */
export interface Located {
  source: ts.SourceFile;
  node: ts.Node;
}

/** A value with the place it was written (an object property, an argument, an array element). */
export interface Entry {
  value: Value;
  at: Located;
}

export interface Unknown {
  readonly kind: 'unknown';
}

export const UNKNOWN: Unknown = Object.freeze({ kind: 'unknown' as const });

export class ObjectValue {
  readonly kind = 'object';
  readonly entries = new Map<string, Entry>();
  /** A spread or computed key could not be read: a key it lacks may still be set. */
  partial = false;
}

export class ArrayValue {
  readonly kind = 'array';
  constructor(readonly items: Entry[]) {}
}

/** A string built from text and construct attributes: `arn:...:${queue.queueName}`. */
export class SubValue {
  readonly kind = 'sub';
  constructor(readonly parts: (string | AttrValue)[]) {}
}

/**
 * Something exported by a library, by module (`aws-lambda`, `core` for aws-cdk-lib's root,
 * `node:path`...) and the names that lead to it: `Runtime.NODEJS_20_X` is `['Runtime', 'NODEJS_20_X']`.
 */
export interface LibRef {
  readonly kind: 'lib';
  module: string;
  path: string[];
}

/** A call to a library function: `Duration.seconds(30)`, `Code.fromAsset('lambda')`, `Schedule.rate(...)`. */
export interface LibCall {
  readonly kind: 'lib-call';
  ref: LibRef;
  args: Entry[];
  at: Located;
}

/** A library object that is not a construct: an event source, a target, a subscription, an integration. */
export interface LibInstance {
  readonly kind: 'lib-instance';
  type: string;
  args: Entry[];
  at: Located;
}

/** A project module required or imported as a whole (`import * as shared from './shared'`). */
export interface ModuleValue {
  readonly kind: 'module';
  file: string;
}

export interface FunctionValue {
  readonly kind: 'function';
  decl: ts.FunctionLikeDeclaration;
  source: ts.SourceFile;
  /** The scope it was defined in. */
  closure: Scope;
  /** `this` inside a method: the instance it was read from. */
  boundThis?: Value;
}

export interface ClassValue {
  readonly kind: 'class';
  decl: ts.ClassLikeDeclaration;
  source: ts.SourceFile;
  closure: Scope;
}

export type ConstructRole = 'app' | 'stage' | 'stack' | 'nested-stack' | 'construct' | 'imported' | 'object';

/**
 * A construct (or an instance of a project class that is none: role `object`). Library constructs
 * the table knows get a model node; project classes keep the members their constructor set.
 */
export class ConstructValue {
  readonly kind = 'construct';
  readonly members = new Map<string, Value>();
  /** The family of a library construct this is (or extends): `function`, `queue`, ... */
  family?: string;
  /** The library type (`aws-lambda.Function`) or project class name. */
  type: string;
  node?: FunctionNode | ResourceNode;
  /** Per-family state: the API of a REST resource, the triggers a state waits to give a source... */
  readonly data = new Map<string, unknown>();

  constructor(
    readonly role: ConstructRole,
    type: string,
    readonly path: readonly string[],
    readonly stack: StackBuild | undefined,
    readonly at: Located | undefined,
    readonly classValue?: ClassValue,
  ) {
    this.type = type;
  }

  get pathName(): string {
    return this.path.join('/');
  }
}

/** An attribute of a construct: `table.tableName`, `queue.queueArn`, `api.url`. */
export interface AttrValue {
  readonly kind: 'attr';
  target: ConstructValue;
  name: string;
}

/** A resource of a REST API (`api.root`, `resource.addResource('orders')`). */
export interface ApiResourceValue {
  readonly kind: 'api-resource';
  api: ConstructValue;
}

/** States chained with `.next()`, `.when()`, `.branch()`...: the states a state machine runs. */
export interface ChainValue {
  readonly kind: 'chain';
  states: ConstructValue[];
}

/**
 * A CloudWatch metric or math expression (`queue.metricApproximateAgeOfOldestMessage()`,
 * `new cloudwatch.Metric({...})`, `new cloudwatch.MathExpression({...})`): what an alarm made
 * from it watches.
 */
export interface MetricValue {
  readonly kind: 'metric';
  /** The metric, or each metric a math expression reads. */
  metrics: MetricPart[];
  /** A part could not be read: a metric the app computes, an expression that names its metrics in its text. */
  unreadable: boolean;
}

/** One metric: its dimensions as the app writes them (`queue.queueName`, text...). */
export interface MetricPart {
  namespace?: string;
  metricName?: string;
  dimensions: { name: string; value: Value }[];
}

export function isMetric(value: Value): value is MetricValue {
  return typeof value === 'object' && value !== null && value.kind === 'metric';
}

export function isUnknown(value: Value): value is Unknown {
  return value === UNKNOWN;
}

export function isConstruct(value: Value): value is ConstructValue {
  return value instanceof ConstructValue;
}

export function isObjectValue(value: Value): value is ObjectValue {
  return value instanceof ObjectValue;
}

export function isArrayValue(value: Value): value is ArrayValue {
  return value instanceof ArrayValue;
}

export function isLibRef(value: Value): value is LibRef {
  return typeof value === 'object' && value !== null && value.kind === 'lib';
}

export function isLibCall(value: Value): value is LibCall {
  return typeof value === 'object' && value !== null && value.kind === 'lib-call';
}

export function isLibInstance(value: Value): value is LibInstance {
  return typeof value === 'object' && value !== null && value.kind === 'lib-instance';
}

export function isAttr(value: Value): value is AttrValue {
  return typeof value === 'object' && value !== null && value.kind === 'attr';
}

/** `module.Name.Member` of a library reference, for comparing with table keys. */
export function refKey(ref: LibRef): string {
  return [ref.module, ...ref.path].join('.');
}

/** Plain data a JavaScript program could print: no library or construct value inside. */
export function isPrimitive(value: Value): value is undefined | null | boolean | number | string {
  return value === undefined || value === null || typeof value === 'boolean' || typeof value === 'number' || typeof value === 'string';
}
