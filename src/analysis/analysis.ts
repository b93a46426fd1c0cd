import type { TSESTree } from '@typescript-eslint/types';
import type { AstFunction, Node } from '../code/ast.js';
import type { SdkOperation } from '../code/code-facts.js';
import type { PackageReexport } from '../code/declarations.js';
import type { InvocationScope } from '../code/invocation-type.js';
import { ModelIndex, type StackIndex } from '../model/stack-index.js';
import type { SpanIndex } from '../code/spans.js';
import type { FunctionNode, ProjectModel, Stack } from '../model/types.js';
import { Dependencies, DependencyLog } from './dependencies.js';
import { handlerDefinition, type HandlerDefinition } from './handler-definitions.js';
import { ModuleIndex } from './module-index.js';
import { ModuleResolver } from './module-resolver.js';
import { functionSpansOf, type FunctionSummary, type ModuleSummary } from './module-summary.js';
import { codeKey, reachFrom, splitCodeKey, type Reach, type ReachedCode } from './reachability.js';
import { Reuse, type AnalysisReuse } from './reuse.js';
import { invocationScopeOf, operationsOf } from './sdk-operations.js';
import { handlerKey, type StoredAnalysis, type StoredHandler, type StoredModule, type StoredVisit } from './stored-analysis.js';
import { summarizeModule } from './summarize-module.js';
import { emissionsByFile, emissionsByTarget, emissionsOf, eventInvokesOf, invokedKey, type Emission } from './targets.js';
import { resolveRef, type ClassAt, type CodeProject, type FunctionAt } from './function-resolver.js';
import { passedValuesOf, type PassedValues } from './passed-values.js';
import type { CallSites } from './call-sites.js';
import { concreteImplementations, implementationIndex, type ClassPlace } from './implementations.js';
import { typeKey, type TypeAt } from './type-declarations.js';
import { staticSource, type ModuleLookup, type StaticSource } from './value-resolver.js';
import { parameterOf } from './parameter-flows.js';
import { wrappedRequests, type WrappedRequest, type WrapperLookup } from './request-wrappers.js';
import { resourceParameters, type ResourceParameter, type ResourceParameterLookup } from './resource-parameters.js';

export type { ChainStep } from './call-chain.js';
export type { Reach, ReachedCode } from './reachability.js';
export type { Emission } from './targets.js';
export type { HandlerDefinition } from './handler-definitions.js';
export type { WrappedRequest } from './request-wrappers.js';
export type { ResourceParameter } from './resource-parameters.js';
export type { AnalysisReuse } from './reuse.js';
export type { StoredAnalysis } from './stored-analysis.js';

/** A function of the project a call runs that makes HTTP requests with a URL the call gives it. */
export interface RequestWrapper {
  /** Its name (`getJson`), file and line. */
  name: string;
  file: string;
  line: number;
  requests: readonly WrappedRequest[];
}

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
 *
 * This class owns the caches; the work is done by function-resolver.ts (what a call runs),
 * value-resolver.ts (where a value comes from), reachability.ts (who reaches what) and targets.ts
 * (what SDK calls target).
 *
 * With `reuse` (`--cache`), each summary and each handler's walk is recorded with what it read
 * (dependencies.ts), and the last run's records that still hold are used instead of parsing: a run
 * after a one-file edit parses the walks that read that file, not the project (reuse.ts).
 */
export class ProjectAnalysis {
  private readonly resolver: ModuleResolver;
  /** Every module read, by file; null when it does not parse. */
  private readonly summaries = new Map<string, ModuleSummary | null>();
  private readonly summarizing = new Set<string>();
  /** Each summary's functions by span, built on the first position asked of its file. */
  private readonly functionSpans = new Map<string, SpanIndex<FunctionSummary>>();
  /** With `reuse`: each module's summary with what it read, by file (the last run's record itself when it was reused). */
  private readonly records = new Map<string, StoredModule>();
  private readonly log = new DependencyLog();
  private readonly reuse: Reuse | undefined;
  private implementationDeps: Dependencies | undefined;
  private readonly memos = new Map<string, unknown>();
  /** Who reaches each function or module top level, by `codeKey`. */
  private readonly reaches = new Map<string, Reach[]>();
  private readonly reachedBy = new Map<FunctionNode, ReachedCode[]>();
  /**
   * Each handler's definition, found when its walk is made (the module is parsed then): asked again
   * later for every function (handlerNamesDefinedIn), it would parse every handler file once more
   * once the parse cache has dropped it, 13 s of a 117 s run at 10,000 functions.
   */
  private readonly definitions = new Map<FunctionNode, HandlerDefinition | undefined>();
  private emissionList: Emission[] | undefined;
  private fileEmissions: Map<string, Emission[]> | undefined;
  private eventInvokes: Map<string, Emission[]> | undefined;
  private emissionTargets: Map<Stack, Map<string, Emission[]>> | undefined;
  private implementations: Map<string, ClassPlace[]> | undefined;
  /** Imports resolved to module indexes through this analysis' caches: how the resolver and the walk read other modules. */
  private readonly modules: ModuleLookup = (fromFile, specifier) => {
    const file = this.resolve(fromFile, specifier);
    return file ? this.moduleIndex(file) : undefined;
  };
  /** What the walk's calls passed the SDK calls of the code they reach, through parameters. */
  private readonly passedTo = (target: FunctionAt, calls: CallSites): PassedValues | undefined => {
    const summary = this.summaryOf(target.index.file);
    return summary ? passedValuesOf(this.modules, summary, target, calls) : undefined;
  };
  /** What resolving calls needs: the modules, and which classes of the handlers' code implement a type. */
  private readonly project: CodeProject = { modules: this.modules, implementationsOf: (type) => this.implementationsOf(type) };
  /** How request wrappers are read: calls resolved as the walk resolves them, each function's answer kept. */
  private readonly wrapperLookup: WrapperLookup = { project: this.project, remember: (key, compute) => this.remember(key, compute) };
  /** How resource parameters are read: the same, for SDK calls that take a resource name from a parameter. */
  private readonly resourceLookup: ResourceParameterLookup = { project: this.project, remember: (key, compute) => this.remember(key, compute) };

  /**
   * `parse` is asked for a module every time the analysis needs it, so it must answer from a cache
   * (the parse cache in src/analysis/parse.ts, bounded by source size) and parse only what it lost.
   */
  constructor(
    readonly model: ProjectModel,
    private readonly parse: (file: string) => TSESTree.Program | undefined,
    reuse?: AnalysisReuse,
    /** The model's lookups, built once per run: the session shares its own with the template rules. */
    readonly stacks: ModelIndex = new ModelIndex(model),
    /**
     * `false`: walk no handler yet; `walk` walks a share of them. A thread's share of a run
     * (src/engine/threads.ts), whose records (`stored()`) the whole analysis is then built from.
     */
    walkAll = true,
  ) {
    this.resolver = new ModuleResolver(model.fence ?? model.root);
    this.reuse = reuse ? new Reuse(reuse, model, this.resolver) : undefined;
    if (walkAll) for (const stack of model.stacks) for (const fn of stack.functions) this.reachFrom(fn, stack);
  }

  /** Walks these functions' handlers (an analysis made with `walkAll` false): their records are in `stored()`. */
  walk(functions: Iterable<{ fn: FunctionNode; stack: Stack }>): void {
    for (const { fn, stack } of functions) this.reachFrom(fn, stack);
  }

  /** The module index of a file, parsed on first use (and again once evicted); undefined when it does not parse. */
  moduleIndex(file: string): ModuleIndex | undefined {
    this.read(file);
    if (this.summaries.get(file) === null) return undefined;
    const program = this.parse(file);
    if (!program) {
      if (!this.summaries.has(file)) {
        this.keepSummary(file, null, this.ownDeps(file));
        this.reuse?.summarized(file, null);
      }
      return undefined;
    }
    const index = indexOf(file, program);
    if (!this.summaries.has(file) && !this.summarizing.has(file)) {
      // Summarising follows imports (a config module's process.env names), which may come back here.
      this.summarizing.add(file);
      try {
        const deps = this.ownDeps(file);
        const summary = this.log.during(deps, () => summarizeModule(this.modules, index));
        this.keepSummary(file, summary, deps);
        this.reuse?.summarized(file, summary);
      } finally {
        this.summarizing.delete(file);
      }
    }
    return index;
  }

  /** What the analysis keeps of a module (read on first use); undefined when it does not parse. */
  summaryOf(file: string): ModuleSummary | undefined {
    this.read(file);
    if (!this.summaries.has(file)) this.moduleIndex(file);
    return this.summaries.get(file) ?? undefined;
  }

  /**
   * With `reuse`: this run's records for the next one (every module summarised and every handler
   * walked, with what each read). Undefined without `reuse`.
   */
  stored(): StoredAnalysis | undefined {
    return this.reuse?.snapshot(this.records);
  }

  /**
   * With `reuse`: the files whose findings may depend on what changed since the records were made.
   * Every file the walk of a handler reached, on this run and on the last, when that walk was made
   * again (a file it read changed, an import leads elsewhere, or it is new). `sameAsStored`: the
   * walks and summaries made again came out as the stored ones (see Reuse.sameAsStored).
   */
  walkedAgain(): { handlers: number; files: Set<string>; sameAsStored: boolean } {
    const files = new Set<string>();
    for (const key of this.reuse?.walkedAgain ?? []) {
      for (const file of this.reuse!.storedReach(key)) files.add(file);
      for (const visit of this.reuse!.handlers.get(key)?.visits ?? []) files.add(visit.file);
    }
    return { handlers: this.reuse?.walkedAgain.size ?? 0, files, sameAsStored: this.reuse?.sameAsStored() ?? false };
  }

  /**
   * A compact answer about some file, computed once per run. It must hold no syntax node: the
   * tree it was computed from may be dropped.
   */
  remember<T>(key: string, compute: () => T): T {
    if (!this.memos.has(key)) this.memos.set(key, compute());
    return this.memos.get(key) as T;
  }

  /** The tsconfig files import resolution read (their `paths` decide where imports lead). */
  configFiles(): string[] {
    return this.resolver.configFiles();
  }

  /** Files the analysis read: every module some handler reaches. */
  files(): string[] {
    return [...this.summaries].filter(([, summary]) => summary).map(([file]) => file).sort();
  }

  /** The deployed functions whose invocations run this function (or this module's top level), by its start offset. */
  reachesOf(file: string, fn: AstFunction | number | 'module'): Reach[] {
    return this.reaches.get(codeKey(file, fn)) ?? [];
  }

  /** The emissions of the SDK calls written in one file. */
  emissionsIn(file: string): Emission[] {
    this.fileEmissions ??= emissionsByFile(this.emissions());
    return this.fileEmissions.get(file) ?? [];
  }

  /** The deployed functions whose invocations reach the code at `node` in `file` (by position). */
  reachersOf(file: string, node: Node): Reach[] {
    const summary = this.summaries.get(file);
    if (!summary) return [];
    let spans = this.functionSpans.get(file);
    if (!spans) {
      spans = functionSpansOf(summary);
      this.functionSpans.set(file, spans);
    }
    const fn = spans.innermost(node.range) ?? 'module';
    return this.reaches.get(codeKey(file, fn === 'module' ? 'module' : fn.start)) ?? [];
  }

  /** The functions a call in a file resolves to (by position: the caller's AST may be an editor's). */
  calleesAt(file: string, call: TSESTree.CallExpression): { index: ModuleIndex; fn: AstFunction }[] {
    const index = this.moduleIndex(file);
    if (!index) return [];
    const own = index.callAt(call.range);
    const ref = own ? index.refOf(own) : undefined;
    if (!ref) return [];
    return resolveRef(this.project, index, ref).filter((t): t is { index: ModuleIndex; fn: AstFunction } => t.fn !== 'module');
  }

  /**
   * The functions of the project a call in a file runs (by position: the caller's AST may be an
   * editor's) that make HTTP requests with a URL from their parameters, and those requests.
   */
  requestWrappersAt(file: string, call: TSESTree.CallExpression): RequestWrapper[] {
    const wrappers: RequestWrapper[] = [];
    for (const callee of this.calleesAt(file, call)) {
      const requests = wrappedRequests(this.wrapperLookup, callee.index, callee.fn);
      if (requests.length > 0) wrappers.push({ name: callee.index.nameOf(callee.fn), file: callee.index.file, line: callee.fn.loc.start.line, requests });
    }
    return wrappers;
  }

  /**
   * The resource names (`QueueName`, `TableName`...) the SDK calls of the project functions a call
   * runs take from the call's arguments (by position: the caller's AST may be an editor's), through
   * the functions they are passed on to.
   */
  resourceParametersAt(file: string, call: TSESTree.CallExpression): ResourceParameter[] {
    return this.calleesAt(file, call).flatMap((callee) => resourceParameters(this.resourceLookup, callee.index, callee.fn));
  }

  /**
   * Whether a value of a file is a parameter of a function around it, or a property of one
   * (`url`, `options.url`): what the function's callers give, for the AST a rule holds.
   */
  isParameterIn(file: string, program: TSESTree.Program, node: Node): boolean {
    return parameterOf(indexOf(file, program), node) !== undefined;
  }

  /** The code a deployed function's invocations run: its handler first, then what it calls, nearest first. */
  codeOf(fn: FunctionNode): readonly ReachedCode[] {
    return this.reachedBy.get(fn) ?? [];
  }

  /** Whether some handler reaches the file (a file none reaches is not the project's deployed code). */
  knows(file: string): boolean {
    return Boolean(this.summaries.get(file));
  }

  /** The lookups of one of the model's stacks (by logical id, deployed name, kind; triggers by function and source). */
  stackIndex(stack: Stack): StackIndex {
    return this.stacks.of(stack);
  }

  emissions(): Emission[] {
    this.emissionList ??= emissionsOf(this.reaches, this.summaries, this.stacks);
    return this.emissionList;
  }

  /**
   * Emissions of the SDK operation at a place in a file (one per function that reaches it). By
   * position, not identity: in an editor, ESLint's AST of the file is not the analysis' own.
   */
  emissionsAt(file: string, op: SdkOperation): Emission[] {
    return this.emissionsIn(file).filter((e) => e.op.range[0] === op.node.range[0] && e.op.range[1] === op.node.range[1]);
  }

  /**
   * The SDK calls of a file, for the AST a rule holds (by position, it may be an editor's): those
   * its code facts see, and those on clients imported from project modules.
   */
  operationsIn(file: string, program: TSESTree.Program): SdkOperation[] {
    return operationsOf(this.modules, indexOf(file, program));
  }

  /**
   * The imports of a file that name a project module which only passes a package on (the SDK, a
   * client library): plain data, for `getCodeFacts(program, ...)` of any parse of the file.
   */
  packageReexportsIn(file: string): readonly PackageReexport[] {
    // Only for a module the analysis read: asking must not add a file to the project's code.
    return this.summaries.get(file)?.packageReexports ?? [];
  }

  /** Where a value of a file comes from (an environment variable, a literal...), across the modules it imports; for the AST a rule holds. */
  sourceIn(file: string, program: TSESTree.Program, node: Node): StaticSource | undefined {
    return staticSource(this.modules, indexOf(file, program), node, 0);
  }

  /** How an invoke's input is read in a file, for the AST a rule holds: with the strings it imports from project modules. */
  invocationScopeIn(file: string, program: TSESTree.Program): InvocationScope {
    return invocationScopeOf(this.modules, indexOf(file, program));
  }

  /**
   * Where a deployed function's handler is written: the handler file, or the module it re-exports
   * the handler from (`export { default as handler } from './impl'`), with the name it has there.
   * Undefined when the handler file is not read.
   */
  handlerDefinitionOf(fn: FunctionNode): HandlerDefinition | undefined {
    const file = fn.handler?.sourceFile;
    // With `reuse`, found with the walk (a walk reused needs no parse).
    const walked = file ? this.reuse?.handlers.get(handlerKey(file, fn.handler!.exportName)) : undefined;
    if (walked) return walked.definition;
    if (this.definitions.has(fn)) return this.definitions.get(fn);
    const index = file ? this.moduleIndex(file) : undefined;
    return index ? handlerDefinition(this.modules, index, fn.handler!.exportName) : undefined;
  }

  /**
   * The names under which a file exports handlers that other files re-export to the template: the
   * file defines them, so the rules that judge a handler's code judge them here.
   */
  handlerNamesDefinedIn(file: string): readonly string[] {
    const byFile = this.remember('handler-definitions', () => {
      const names = new Map<string, string[]>();
      for (const stack of this.model.stacks) {
        for (const fn of stack.functions) {
          const definition = this.handlerDefinitionOf(fn);
          if (!definition || definition.file === fn.handler?.sourceFile) continue;
          const list = names.get(definition.file) ?? [];
          if (!list.includes(definition.exportName)) list.push(definition.exportName);
          names.set(definition.file, list);
        }
      }
      return names;
    });
    return byFile.get(file) ?? [];
  }

  /** The emissions whose target is this function or resource of a stack, in the order of `emissions()`. */
  emissionsTo(stack: Stack, logicalId: string): Emission[] {
    this.emissionTargets ??= emissionsByTarget(this.emissions());
    return this.emissionTargets.get(stack)?.get(logicalId) ?? [];
  }

  /** Code that invokes a function asynchronously (Lambda Invoke with `InvocationType: 'Event'`). */
  asyncInvokers(fn: FunctionNode, stack: Stack): Emission[] {
    this.eventInvokes ??= eventInvokesOf(this.emissions());
    return this.eventInvokes.get(invokedKey(stack, fn.logicalId)) ?? [];
  }

  /** A method of this file, not just the walk's call: bench/profile.mjs times `reachFrom` here. */
  private reachFrom(fn: FunctionNode, stack: Stack): void {
    const file = fn.handler?.sourceFile;
    if (file && this.reuse) return this.reachRecorded(fn, stack, file, this.reuse);
    const index = file ? this.moduleIndex(file) : undefined;
    if (!index) return;
    this.reachedBy.set(fn, reachFrom(fn, stack, index, this.project, this.reaches, this.passedTo));
    this.definitions.set(fn, handlerDefinition(this.modules, index, fn.handler!.exportName));
  }

  /**
   * The walk of a handler with `reuse`: the one already made this run for the same handler, or the
   * last run's when it still holds (no parse), or a new one, recorded with what it read.
   */
  private reachRecorded(fn: FunctionNode, stack: Stack, file: string, reuse: Reuse): void {
    const key = handlerKey(file, fn.handler!.exportName);
    const known = reuse.handlers.get(key) ?? reuse.handler(key);
    if (known) return this.replay(fn, stack, key, known, reuse);
    const deps = new Dependencies();
    const walk = new Map<string, Reach[]>();
    let walked: { reached: ReachedCode[]; definition: HandlerDefinition } | undefined;
    this.log.during(deps, () => {
      const index = this.moduleIndex(file);
      if (!index) return;
      walked = { reached: reachFrom(fn, stack, index, this.project, walk, this.passedTo), definition: handlerDefinition(this.modules, index, fn.handler!.exportName) };
    });
    // Added as the walk would have added them: keys new to the analysis in the walk's order.
    for (const [k, [reach]] of walk) this.addReach(k, reach!);
    if (walked) this.reachedBy.set(fn, walked.reached);
    const visits = walked ? [...walk].map(([k, [reach]]) => visitOf(k, reach!)) : undefined;
    reuse.walked(key, { deps, visits, definition: walked?.definition });
  }

  /** A walk recorded (this run or the last) for a function with that handler: its reaches, and the summaries of what it read. */
  private replay(fn: FunctionNode, stack: Stack, key: string, walk: StoredHandler, reuse: Reuse): void {
    reuse.handlers.set(key, walk);
    // Every module the walk read is in the analysis, as a walk made now would leave it.
    for (const file of walk.deps.files) if (!this.summaries.has(file)) this.loadStored(file);
    if (!walk.visits) return;
    const reached: ReachedCode[] = [];
    for (const visit of walk.visits) {
      this.addReach(codeKey(visit.file, visit.at), { fn, stack, chain: visit.chain, ...(visit.passed ? { passed: visit.passed } : {}) });
      reached.push({ file: visit.file, at: visit.at, depth: visit.chain.length - 1 });
    }
    this.reachedBy.set(fn, reached);
  }

  private addReach(k: string, reach: Reach): void {
    const list = this.reaches.get(k);
    if (list) list.push(reach);
    else this.reaches.set(k, [reach]);
  }

  /** The last run's summary of a module, when it still holds; false when there is none. */
  private loadStored(file: string): boolean {
    const stored = this.reuse?.module(file);
    if (!stored) return false;
    this.summaries.set(file, stored.summary);
    this.records.set(file, stored);
    return true;
  }

  private keepSummary(file: string, summary: ModuleSummary | null, deps: Dependencies): void {
    this.summaries.set(file, summary);
    if (this.reuse) this.records.set(file, { summary, deps });
  }

  /** What a summary reads: its own file, to begin with. */
  private ownDeps(file: string): Dependencies {
    const deps = new Dependencies();
    deps.addFile(file);
    return deps;
  }

  /** Resolves an import, noting it for the computations under way. */
  private resolve(fromFile: string, specifier: string): string | undefined {
    const to = this.resolver.resolve(fromFile, specifier);
    if (this.log.active) {
      const asked = this.resolver.probesOf(fromFile, specifier);
      this.log.resolution({ from: fromFile, specifier, to, ...(asked ? { asked } : {}) });
    }
    return to;
  }

  /**
   * Notes that a module is read, for the computations under way: the file, and what its summary read
   * (a walk uses the summaries of what it reaches). With `reuse`, the last run's summary is loaded
   * when it holds, so asking for a summary parses nothing.
   */
  private read(file: string): void {
    if (this.reuse && !this.summaries.has(file)) this.loadStored(file);
    if (!this.log.active) return;
    this.log.file(file);
    this.log.include(this.records.get(file)?.deps);
  }

  /**
   * The classes of the deployed code that implement a type. The deployed code is every module the
   * handlers import, directly or not, read once for all handlers on first use: the answer does not
   * depend on which handler's walk asks first.
   */
  private implementationsOf(type: TypeAt): ClassAt[] {
    if (!this.implementations) {
      const deps = new Dependencies();
      this.implementations = this.log.during(deps, () => implementationIndex(this.modules, this.importedModules()));
      this.implementationDeps = deps;
    }
    this.log.include(this.implementationDeps);
    return concreteImplementations(this.implementations, typeKey(type)).flatMap((place) => {
      const cls = this.moduleIndex(place.file)?.classList.find((c) => c.range[0] === place.start);
      return cls ? [{ index: this.moduleIndex(place.file)!, cls }] : [];
    });
  }

  /** Every module the handlers import, directly or through others. */
  private *importedModules(): Generator<ModuleIndex> {
    const seen = new Set<string>();
    const queue: string[] = [];
    for (const stack of this.model.stacks) {
      for (const fn of stack.functions) if (fn.handler?.sourceFile) queue.push(fn.handler.sourceFile);
    }
    while (queue.length > 0) {
      const file = queue.shift()!;
      if (seen.has(file)) continue;
      seen.add(file);
      const index = this.moduleIndex(file);
      if (!index) continue;
      yield index;
      for (const specifier of index.importSpecifiers) {
        const imported = this.resolve(file, specifier);
        if (imported && !seen.has(imported)) queue.push(imported);
      }
    }
  }
}

/** A reach of a walk, as stored: the code, its call chain and what the calls passed it. */
function visitOf(k: string, reach: Reach): StoredVisit {
  const [file, at] = splitCodeKey(k);
  return { file, at: at === 'module' ? 'module' : Number(at), chain: reach.chain, ...(reach.passed ? { passed: reach.passed } : {}) };
}
