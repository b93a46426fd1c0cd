import path from 'node:path';
import type { TSESTree } from '@typescript-eslint/types';
import { isFunctionNode, propertyName, unwrap, type AstFunction, type Node } from '../code/ast.js';
import { getCodeFacts, type SdkOperation } from '../code/code-facts.js';
import { invocationTypeOf } from '../code/invocation-type.js';
import { firstEntry, namesBus, sentEventOf } from '../code/sent-event.js';
import type { FunctionNode, ProjectModel, Stack } from '../model/types.js';
import { batchFactsOf } from './batch-responses.js';
import { ModuleResolver } from './module-resolver.js';
import { classMember, isClass, isProcessEnv, ModuleIndex, type CalleeRef } from './module-index.js';
import { copyLoc, enclosingFunctionAt, type ModuleSummary, type OperationSummary } from './module-summary.js';

/** One step of the path from a handler to the code a finding is about. */
export interface ChainStep {
  name: string;
  file: string;
  line: number;
}

/** A deployed function whose invocations reach some code, and the call path that gets there. */
export interface Reach {
  fn: FunctionNode;
  stack: Stack;
  /** From the handler (first) to the function holding the code (last). */
  chain: ChainStep[];
}

/** An SDK operation a function performs, with the model resource (or function) it targets when that resolves. */
export interface Emission {
  reach: Reach;
  op: OperationSummary;
  file: string;
  /** Logical id in the same stack: a resource, or a function for Lambda Invoke. */
  target?: string;
}

type Target = { index: ModuleIndex; fn: AstFunction | 'module' };

/** A function (or a module's top level) some deployed function runs, and how many calls from its handler. */
export interface ReachedCode {
  file: string;
  /** The function's start offset, or `module` for the module's top level. */
  at: number | 'module';
  depth: number;
}

const MAX_DEPTH = 24;

/** One index per tree: it lives and dies with the tree (held by the parse cache). */
const indexes = new WeakMap<TSESTree.Program, ModuleIndex>();

function indexOf(file: string, program: TSESTree.Program): ModuleIndex {
  let index = indexes.get(program);
  if (!index || index.file !== file) {
    index = new ModuleIndex(file, program);
    indexes.set(program, index);
  }
  return index;
}

/** The input property that names the resource an operation targets, per service. */
const TARGET_PROPERTY: Record<string, string> = {
  DynamoDB: 'TableName', DynamoDBDocument: 'TableName', S3: 'Bucket', SQS: 'QueueUrl', SNS: 'TopicArn',
  EventBridge: 'EventBusName', CloudWatchEvents: 'EventBusName', Kinesis: 'StreamName', Firehose: 'DeliveryStreamName',
  StepFunctions: 'stateMachineArn', Lambda: 'FunctionName',
};

/**
 * The cross-layer analysis: from each function's handler, the modules and functions its
 * invocations reach (through imports, re-exports, object and class members), and the resources
 * its SDK calls target (through `process.env` names the template binds to resources). Files are
 * parsed by the same parser ESLint then reuses, so a parse still kept serves both.
 *
 * Memory stays flat with project size: what the analysis keeps of each module is its summary
 * (plain data). Syntax trees belong to the parse cache, which is bounded by source size; a
 * module's index lives as long as its tree, and a module evicted is parsed again only if a rule
 * asks about it later. Nothing kept refers to a node: answers go by file and position.
 */
export class ProjectAnalysis {
  private readonly resolver: ModuleResolver;
  /** Every module read, by file; null when it does not parse. */
  private readonly summaries = new Map<string, ModuleSummary | null>();
  private readonly summarizing = new Set<string>();
  private readonly memos = new Map<string, unknown>();
  private readonly reaches = new Map<string, Reach[]>();
  private readonly reachedBy = new Map<FunctionNode, ReachedCode[]>();
  private emissionList: Emission[] | undefined;
  private emissionsByFile: Map<string, Emission[]> | undefined;
  private eventInvokes: Map<string, Emission[]> | undefined;

  /**
   * `parse` is asked for a module every time the analysis needs it, so it must answer from a cache
   * (the parse cache in src/project/parse.ts, bounded by source size) and parse only what it lost.
   */
  constructor(readonly model: ProjectModel, private readonly parse: (file: string) => TSESTree.Program | undefined) {
    this.resolver = new ModuleResolver(model.root);
    for (const stack of model.stacks) for (const fn of stack.functions) this.reachFrom(fn, stack);
  }

  /** The module index of a file, parsed on first use (and again once evicted); undefined when it does not parse. */
  moduleIndex(file: string): ModuleIndex | undefined {
    if (this.summaries.get(file) === null) return undefined;
    const program = this.parse(file);
    if (!program) {
      if (!this.summaries.has(file)) this.summaries.set(file, null);
      return undefined;
    }
    const index = indexOf(file, program);
    if (!this.summaries.has(file) && !this.summarizing.has(file)) {
      // Summarising follows imports (a config module's process.env names), which may come back here.
      this.summarizing.add(file);
      try {
        this.summaries.set(file, this.summarize(index));
      } finally {
        this.summarizing.delete(file);
      }
    }
    return index;
  }

  /** What the analysis keeps of a module (read on first use); undefined when it does not parse. */
  summaryOf(file: string): ModuleSummary | undefined {
    if (!this.summaries.has(file)) this.moduleIndex(file);
    return this.summaries.get(file) ?? undefined;
  }

  /**
   * A compact answer about some file, computed once per run. It must hold no syntax node: the
   * tree it was computed from may be dropped.
   */
  remember<T>(key: string, compute: () => T): T {
    if (!this.memos.has(key)) this.memos.set(key, compute());
    return this.memos.get(key) as T;
  }

  /** Files the analysis read: every module some handler reaches. */
  files(): string[] {
    return [...this.summaries].filter(([, summary]) => summary).map(([file]) => file).sort();
  }

  /** The deployed functions whose invocations run this function (or this module's top level), by its start offset. */
  reachesOf(file: string, fn: AstFunction | number | 'module'): Reach[] {
    return this.reaches.get(key(file, fn)) ?? [];
  }

  /** The emissions of the SDK calls written in one file. */
  emissionsIn(file: string): Emission[] {
    if (!this.emissionsByFile) {
      this.emissionsByFile = new Map();
      for (const e of this.emissions()) this.emissionsByFile.set(e.file, [...(this.emissionsByFile.get(e.file) ?? []), e]);
    }
    return this.emissionsByFile.get(file) ?? [];
  }

  /** The deployed functions whose invocations reach the code at `node` in `file` (by position). */
  reachersOf(file: string, node: Node): Reach[] {
    const summary = this.summaries.get(file);
    if (!summary) return [];
    const fn = enclosingFunctionAt(summary, node.range);
    return this.reaches.get(key(file, fn === 'module' ? 'module' : fn.start)) ?? [];
  }

  /** The functions a call in a file resolves to (by position: the caller's AST may be an editor's). */
  calleesAt(file: string, call: TSESTree.CallExpression): { index: ModuleIndex; fn: AstFunction }[] {
    const index = this.moduleIndex(file);
    if (!index) return [];
    const own = index.callAt(call.range);
    const ref = own ? index.refOf(own) : undefined;
    if (!ref) return [];
    return this.resolveRef(index, ref).filter((t): t is { index: ModuleIndex; fn: AstFunction } => t.fn !== 'module');
  }

  /** The code a deployed function's invocations run: its handler first, then what it calls, nearest first. */
  codeOf(fn: FunctionNode): readonly ReachedCode[] {
    return this.reachedBy.get(fn) ?? [];
  }

  /** Whether some handler reaches the file (a file none reaches is not the project's deployed code). */
  knows(file: string): boolean {
    return Boolean(this.summaries.get(file));
  }

  emissions(): Emission[] {
    this.emissionList ??= this.computeEmissions();
    return this.emissionList;
  }

  /**
   * Emissions of the SDK operation at a place in a file (one per function that reaches it). By
   * position, not identity: in an editor, ESLint's AST of the file is not the analysis' own.
   */
  emissionsAt(file: string, op: SdkOperation): Emission[] {
    return this.emissionsIn(file).filter((e) => e.op.range[0] === op.node.range[0] && e.op.range[1] === op.node.range[1]);
  }

  /** Code that invokes a function asynchronously (Lambda Invoke with `InvocationType: 'Event'`). */
  asyncInvokers(fn: FunctionNode, stack: Stack): Emission[] {
    if (!this.eventInvokes) {
      this.eventInvokes = new Map();
      for (const e of this.emissions()) {
        if (!e.target || e.op.service !== 'Lambda' || e.op.invocationType !== 'Event') continue;
        const k = `${e.reach.stack.templatePath}#${e.target}`;
        this.eventInvokes.set(k, [...(this.eventInvokes.get(k) ?? []), e]);
      }
    }
    return this.eventInvokes.get(`${stack.templatePath}#${fn.logicalId}`) ?? [];
  }

  private reachFrom(fn: FunctionNode, stack: Stack): void {
    const file = fn.handler?.sourceFile;
    if (!file) return;
    const index = this.moduleIndex(file);
    if (!index) return;
    const visited = new Set<string>();
    const queue: { target: Target; chain: ChainStep[] }[] = [];
    const enqueue = (target: Target, chain: ChainStep[]) => {
      const k = key(target.index.file, target.fn);
      if (visited.has(k)) return;
      visited.add(k);
      queue.push({ target, chain: [...chain, step(target)] });
    };
    enqueue({ index, fn: 'module' }, []);
    for (const target of this.resolveExport(index, fn.handler!.exportName, undefined, 0)) enqueue(target, []);
    const reached: ReachedCode[] = [];
    this.reachedBy.set(fn, reached);
    while (queue.length > 0) {
      const { target, chain } = queue.shift()!;
      const k = key(target.index.file, target.fn);
      const list = this.reaches.get(k) ?? [];
      list.push({ fn, stack, chain });
      this.reaches.set(k, list);
      reached.push({ file: target.index.file, at: target.fn === 'module' ? 'module' : target.fn.range[0], depth: chain.length - 1 });
      if (chain.length > MAX_DEPTH) continue;
      for (const nested of target.index.nestedIn(target.fn)) enqueue({ index: target.index, fn: nested }, chain);
      for (const ref of target.index.callsOf(target.fn)) {
        for (const callee of this.resolveRef(target.index, ref)) {
          // Entering a module runs its top level first.
          if (callee.index.file !== target.index.file) enqueue({ index: callee.index, fn: 'module' }, chain);
          enqueue(callee, chain);
        }
      }
      if (target.fn === 'module') {
        for (const specifier of target.index.importSpecifiers) {
          const imported = this.resolveModule(target.index.file, specifier);
          if (imported) enqueue({ index: imported, fn: 'module' }, chain);
        }
      }
    }
  }

  /** The module's functions and SDK operations as plain data, with what its calls target and send. */
  private summarize(index: ModuleIndex): ModuleSummary {
    const batch = batchFactsOf(index.program);
    const functions = index.functions.map((fn) => ({
      start: fn.range[0], end: fn.range[1], line: fn.loc.start.line, name: index.nameOf(fn), ...batch.get(fn.range[0]),
    }));
    const operations = getCodeFacts(index.program).operations.map((op): OperationSummary => {
      const owner = index.enclosingFunction(op.node);
      const source = this.targetSource(index, op);
      const invocationType = invocationTypeOf(op, index.decls);
      return {
        service: op.entry.service, operation: op.operation, kind: op.kind,
        range: [op.node.range[0], op.node.range[1]], loc: copyLoc(op.node.loc), owner: owner === 'module' ? 'module' : owner.range[0],
        ...(source ? { source } : {}), ...(invocationType !== undefined ? { invocationType } : {}),
        sent: sentEventOf(op, index.decls), namesBus: namesBus(op),
      };
    });
    return { file: index.file, functions, operations };
  }

  /** Where the name of the resource an operation targets comes from, as far as the code shows. */
  private targetSource(index: ModuleIndex, op: SdkOperation): { env?: string; literal?: string } | undefined {
    const property = TARGET_PROPERTY[op.entry.service];
    if (!property || !op.input) return undefined;
    // PutEvents names its bus per entry; the first entry stands for the call.
    const valueNode = op.entry.service === 'EventBridge' || op.entry.service === 'CloudWatchEvents'
      ? firstEntry(op.input.properties.get('Entries'))?.get(property)
      : op.input.properties.get(property);
    return valueNode ? this.staticSource(index, valueNode, 0) : undefined;
  }

  private resolveModule(fromFile: string, specifier: string): ModuleIndex | undefined {
    const file = this.resolver.resolve(fromFile, specifier);
    return file ? this.moduleIndex(file) : undefined;
  }

  private resolveRef(index: ModuleIndex, ref: CalleeRef): Target[] {
    if (ref.kind === 'local') return this.resolveValue(index, ref.value, ref.member, 0);
    const target = this.resolveModule(index.file, ref.source);
    if (!target) return [];
    return this.resolveExport(target, ref.name, ref.member, 0);
  }

  private resolveExport(index: ModuleIndex, name: string, member: string | undefined, depth: number): Target[] {
    if (depth > MAX_DEPTH) return [];
    if (name === '*') return member ? this.resolveExport(index, member, undefined, depth + 1) : this.resolveExport(index, 'default', undefined, depth + 1);
    const entry = index.exports.get(name);
    if (entry?.kind === 'value') return this.resolveValue(index, entry.value, member, depth + 1);
    if (entry?.kind === 'reexport') {
      const target = this.resolveModule(index.file, entry.source);
      return target ? this.resolveExport(target, entry.name, member, depth + 1) : [];
    }
    if (name === 'default') return [];
    for (const star of index.starExports) {
      const target = this.resolveModule(index.file, star);
      const found = target ? this.resolveExport(target, name, member, depth + 1) : [];
      if (found.length > 0) return found;
    }
    return [];
  }

  private resolveValue(index: ModuleIndex, value: Node, member: string | undefined, depth: number): Target[] {
    if (depth > MAX_DEPTH) return [];
    const node = unwrap(value);
    if (isFunctionNode(node)) return member === undefined ? [{ index, fn: node }] : [];
    switch (node.type) {
      case 'Identifier': {
        const binding = index.decls.imports.get(node.name);
        if (binding) {
          const target = this.resolveModule(index.file, binding.source);
          return target ? this.resolveExport(target, binding.imported, member, depth + 1) : [];
        }
        const local = index.decls.functionNamed(node.name) ?? index.classes.get(node.name) ?? index.decls.valueOf(node.name, node);
        return local ? this.resolveValue(index, local, member, depth + 1) : [];
      }
      case 'ObjectExpression': {
        if (member === undefined) return [];
        for (const prop of node.properties) {
          if (prop.type === 'Property' && propertyName(prop.key, prop.computed) === member) return this.resolveValue(index, prop.value, undefined, depth + 1);
        }
        return [];
      }
      case 'ClassDeclaration':
      case 'ClassExpression': {
        if (member === undefined) return [];
        const method = classMember(node, member);
        return method ? this.resolveValue(index, method, undefined, depth + 1) : [];
      }
      case 'NewExpression': {
        if (member === undefined) return [];
        const classes = this.resolveClass(index, node.callee, depth + 1);
        return classes.flatMap(({ index: at, cls }) => {
          const method = classMember(cls, member);
          return method ? this.resolveValue(at, method, undefined, depth + 1) : [];
        });
      }
      case 'CallExpression': {
        if (member !== undefined) return [];
        // A wrapper (`middy(fn)`, `withLogging(fn)`) returns what it wraps, as far as reachability goes;
        // a chain on it (`middy(fn).use(a).use(b)`) configures the same wrapped function.
        const callee = unwrap(node.callee);
        const chained = callee.type === 'MemberExpression' && unwrap(callee.object).type === 'CallExpression'
          ? this.resolveValue(index, callee.object, undefined, depth + 1) : [];
        return [...chained, ...node.arguments.flatMap((arg) => this.resolveValue(index, arg, undefined, depth + 1))];
      }
      case 'AwaitExpression':
        return this.resolveValue(index, node.argument, member, depth + 1);
      default:
        return [];
    }
  }

  private resolveClass(index: ModuleIndex, callee: Node, depth: number): { index: ModuleIndex; cls: TSESTree.ClassDeclaration | TSESTree.ClassExpression }[] {
    if (depth > MAX_DEPTH) return [];
    const node = unwrap(callee);
    if (isClass(node)) return [{ index, cls: node }];
    if (node.type !== 'Identifier') return [];
    const binding = index.decls.imports.get(node.name);
    if (binding) {
      const target = this.resolveModule(index.file, binding.source);
      const entry = target ? exportedValue(target, binding.imported === '*' ? 'default' : binding.imported) : undefined;
      return entry && target ? this.resolveClass(target, entry, depth + 1) : [];
    }
    const local = index.classes.get(node.name) ?? index.decls.valueOf(node.name, node);
    return local ? this.resolveClass(index, local, depth + 1) : [];
  }

  private computeEmissions(): Emission[] {
    const emissions: Emission[] = [];
    for (const [k, reaches] of this.reaches) {
      const [file, at] = splitKey(k);
      const summary = this.summaries.get(file);
      if (!summary) continue;
      const owner = at === 'module' ? 'module' : Number(at);
      for (const op of summary.operations) {
        if (op.owner !== owner) continue;
        for (const reach of reaches) {
          const target = targetOf(reach, op);
          emissions.push({ reach, op, file, ...(target ? { target } : {}) });
        }
      }
    }
    return emissions;
  }

  /** Follows a value to `process.env.NAME` or a literal, across same-file constants and imported config modules. */
  private staticSource(index: ModuleIndex, expression: Node, depth: number): { env?: string; literal?: string } | undefined {
    if (depth > MAX_DEPTH) return undefined;
    const node = unwrap(expression);
    if (node.type === 'MemberExpression' && isProcessEnv(unwrap(node.object))) {
      const name = propertyName(node.property, node.computed);
      return name ? { env: name } : undefined;
    }
    if (node.type === 'Literal' && typeof node.value === 'string') return { literal: node.value };
    if (node.type === 'TemplateLiteral' && node.expressions.length === 0) return { literal: node.quasis[0]?.value.cooked ?? '' };
    if (node.type === 'LogicalExpression') return this.staticSource(index, node.left, depth + 1);
    if (node.type === 'Identifier') {
      const env = index.envBindings.get(node.name);
      if (env) return { env };
      const binding = index.decls.imports.get(node.name);
      if (binding) {
        const target = this.resolveModule(index.file, binding.source);
        const value = target ? exportedValue(target, binding.imported === '*' ? 'default' : binding.imported) : undefined;
        return value && target ? this.staticSource(target, value, depth + 1) : undefined;
      }
      const local = index.decls.valueOf(node.name, node);
      return local ? this.staticSource(index, local, depth + 1) : undefined;
    }
    if (node.type === 'MemberExpression') {
      const member = propertyName(node.property, node.computed);
      if (!member) return undefined;
      const owner = this.objectOf(index, node.object, depth + 1);
      const prop = owner?.node.properties.find((p): p is TSESTree.Property => p.type === 'Property' && propertyName(p.key, p.computed) === member);
      return prop && owner ? this.staticSource(owner.index, prop.value, depth + 1) : undefined;
    }
    return undefined;
  }

  /** The object literal an expression stands for (a config object), possibly in another module. */
  private objectOf(index: ModuleIndex, expression: Node, depth: number): { index: ModuleIndex; node: TSESTree.ObjectExpression } | undefined {
    if (depth > MAX_DEPTH) return undefined;
    const node = unwrap(expression);
    if (node.type === 'ObjectExpression') return { index, node };
    // `Object.freeze({...})` and the like keep the object as it is.
    if (node.type === 'CallExpression' && isObjectKeeper(node) && node.arguments[0]) return this.objectOf(index, node.arguments[0], depth + 1);
    if (node.type === 'Identifier') {
      const binding = index.decls.imports.get(node.name);
      if (binding) {
        const target = this.resolveModule(index.file, binding.source);
        const value = target ? exportedValue(target, binding.imported === '*' ? 'default' : binding.imported) : undefined;
        return value && target ? this.objectOf(target, value, depth + 1) : undefined;
      }
      const local = index.decls.valueOf(node.name, node);
      return local ? this.objectOf(index, local, depth + 1) : undefined;
    }
    if (node.type === 'MemberExpression') {
      const member = propertyName(node.property, node.computed);
      const owner = member ? this.objectOf(index, node.object, depth + 1) : undefined;
      const prop = owner?.node.properties.find((p): p is TSESTree.Property => p.type === 'Property' && propertyName(p.key, p.computed) === member);
      return prop && owner ? this.objectOf(owner.index, prop.value, depth + 1) : undefined;
    }
    return undefined;
  }
}

function exportedValue(index: ModuleIndex, name: string): Node | undefined {
  const entry = index.exports.get(name);
  return entry?.kind === 'value' ? entry.value : undefined;
}

/** The logical id an operation targets: through `process.env.X` and the function's Environment, or a literal name. */
function targetOf(reach: Reach, op: OperationSummary): string | undefined {
  const value = op.source;
  if (!value) return undefined;
  const { stack, fn } = reach;
  const ids = new Set([...stack.functions.map((f) => f.logicalId), ...stack.resources.map((r) => r.logicalId)]);
  if (value.env) {
    const variable = fn.environment[value.env];
    const reference = variable?.references.find((r) => ids.has(r));
    if (reference) return reference;
    if (typeof variable?.value === 'string') return matchByName(stack, variable.value);
    return undefined;
  }
  return value.literal ? matchByName(stack, value.literal) : undefined;
}

/** A literal name or ARN matched to the resource that declares that name (QueueName, TableName, ...). */
function matchByName(stack: Stack, value: string): string | undefined {
  const name = value.startsWith('arn:') ? value.split(':').at(-1)!.split('/').at(-1)! : value.split('/').at(-1)!;
  for (const fn of stack.functions) if (fn.deployedName === name || fn.deployedName === value.split(':function:').at(-1)) return fn.logicalId;
  for (const resource of stack.resources) {
    const props = resource.properties;
    for (const key of ['QueueName', 'TopicName', 'TableName', 'BucketName', 'StateMachineName', 'Name', 'StreamName', 'DeliveryStreamName']) {
      if (props[key] === name) return resource.logicalId;
    }
  }
  return undefined;
}

function key(file: string, fn: AstFunction | number | 'module'): string {
  return `${file}#${typeof fn === 'object' ? fn.range[0] : fn}`;
}

function splitKey(k: string): [string, string] {
  const at = k.lastIndexOf('#');
  return [k.slice(0, at), k.slice(at + 1)];
}

function step(target: Target): ChainStep {
  const fn = target.fn;
  return { name: target.index.nameOf(fn), file: target.index.file, line: fn === 'module' ? 1 : fn.loc.start.line };
}

export function relativeChain(root: string, chain: readonly ChainStep[]): string {
  return chain.filter((s) => s.name !== '(module)').map((s) => `${s.name} (${path.relative(root, s.file).split(path.sep).join('/')}:${s.line})`).join(' → ');
}


/** `Object.freeze(x)`, `Object.seal(x)`: calls that return their argument unchanged. */
function isObjectKeeper(node: TSESTree.CallExpression): boolean {
  const callee = unwrap(node.callee);
  return callee.type === 'MemberExpression' && callee.object.type === 'Identifier' && callee.object.name === 'Object' &&
    ['freeze', 'seal', 'preventExtensions'].includes(propertyName(callee.property, callee.computed) ?? '');
}
