import type { TSESTree } from '@typescript-eslint/types';
import { propertyName, unwrap, walk, type Node } from './ast.js';
import { genericSdkClient, libraryClient, type ClientConstruction, type SdkClientName } from './client-constructions.js';
import { Declarations, requireOf, type ImportBinding, type PackageReexport } from './declarations.js';
import { mapperOperationOf, type MapperOperation } from './dynamodb-mappers.js';
import { findExportedFunctions, type ExportedFunction } from './handler-entry.js';
import { httpCallOf, type HttpCall } from './http-calls.js';
import { wrapperIndex } from './library-catalog.js';
import { isTracingPassThrough, modulePath } from './module-paths.js';
import { isValueReference } from './references.js';
import {
  catalogIndex, isAwsSdkSource, operationForCommand, operationForMethod, SDK_CATALOG, V2_PACKAGE, type OperationKind, type ServiceEntry,
} from './sdk-catalog.js';
import { signedFetchCall, signedRequests } from './signed-requests.js';
import { SpanIndex } from './spans.js';
import { resolveObject, type StaticObject } from './static-values.js';
import { wrappedOperationOf, type WrappedOperation } from './wrapped-operations.js';

export type SdkVersion = 'v2' | 'v3';

export interface SdkImport {
  node: Node;
  source: string;
  version: SdkVersion;
  /** Undefined for the whole `aws-sdk` namespace. */
  entry?: ServiceEntry;
  /** The project module the import names, when that module only passes the SDK on (`const AWS = require('./lib/aws')`). */
  via?: string;
  /** `import type { ... }`, or every name imported with an inline `type`. */
  typeOnly: boolean;
  /**
   * The names this import brings in at run time: the exported name (`DynamoDBClient`), `*` for a
   * namespace import or a whole-module `require`, `default` for a default import.
   */
  names: string[];
  /**
   * Whether any of those names is read at run time. False for an ES import that is used only in
   * type positions (TypeScript erases it) or not at all; always true for `require`.
   */
  usedAsValue: boolean;
}

/** A v3 paginator call, `paginateScan({ client }, input)`: it runs the operation once per page. */
export interface SdkPaginator {
  entry: ServiceEntry;
  operation: string;
  kind: OperationKind;
  node: TSESTree.CallExpression;
  inputNode?: Node;
  input?: StaticObject;
}

export interface SdkOperation {
  entry: ServiceEntry;
  operation: string;
  kind: OperationKind;
  sdk: SdkVersion;
  /** The command construction (`new PutCommand(...)`) or the method call (`ddb.put(...)`): where findings go. */
  node: TSESTree.NewExpression | TSESTree.CallExpression;
  /** The input argument as written. */
  inputNode?: Node;
  /** The input read statically, when it can be. */
  input?: StaticObject;
  /** The package whose ready-made client the call is made on, when that wraps the SDK (`@dazn/lambda-powertools-sns-client`). */
  via?: string;
}

/**
 * A method call on a name imported from a module that is no SDK package, whose method is an SDK
 * operation's (`import lambda from './lib/lambda'; lambda.invoke(...)`): an SDK call when that
 * module exports a client, which only the cross-layer analysis can tell.
 */
export interface ImportedReceiverCall {
  node: TSESTree.CallExpression;
  /** What the method is called on: an imported name, a property of one, or a same-file constant holding either. */
  receiver: Node;
  method: string;
}

/** The kind of SDK client a value is: v2, v3 bare (`send`), or v3 aggregated (methods). */
export interface SdkClient {
  entry: ServiceEntry;
  style: 'v2' | 'v3-bare' | 'v3-aggregated';
  /** The package that built it, when that is a wrapper of the SDK (see `CORRELATING_SDK_CLIENTS`). */
  via?: string;
}

/** Everything the rules need to know about one file's use of AWS, computed once and shared. */
export interface CodeFacts {
  declarations: Declarations;
  sdkImports: SdkImport[];
  operations: SdkOperation[];
  /** Every exported function, unwrapped from middy/makeIdempotent-style wrappers; rules pick handlers by name. */
  exportedFunctions: ExportedFunction[];
  /** Every AWS SDK client, database connection or HTTP client instance built in the file, in source order. */
  clients: ClientConstruction[];
  /** Every request made with a known HTTP client (and every HTTP client built with a base URL), in source order. */
  httpCalls: HttpCall[];
  /** Every v3 paginator call (`paginateScan`, `paginateQuery`, ...) of a catalog service. */
  paginators: SdkPaginator[];
  /** DynamoDB operations made through a project module that wraps the client (`dynamoDb.call('put', params)`). */
  wrappedOperations: WrappedOperation[];
  /** DynamoDB operations made through dynamoose, ElectroDB or DynamoDB Toolbox. */
  mapperOperations: MapperOperation[];
  /** Method calls on a value imported from a project module (`lambda.invoke(...)` with `lambda` from './lib/lambda'): SDK calls once the analysis resolves the client. */
  importedReceiverCalls: ImportedReceiverCall[];
  /** The operations that send a message on (kind `emit`), by span: which of them a block holds is a binary search away. */
  emitting: SpanIndex<SdkOperation>;
}

const cache = new WeakMap<TSESTree.Program, CodeFacts>();
/** Facts of a file read with what the project says about its imports: one set per tree (a tree belongs to one project). */
const withReexports = new WeakMap<TSESTree.Program, { key: string; facts: CodeFacts }>();
const classifiers = new WeakMap<CodeFacts, SdkClassifier>();

/**
 * The facts of a file. `reexports` are what the cross-layer analysis found about the project
 * modules it imports (`const AWS = require('./lib/aws')`, where that module only passes the SDK
 * on): with them, the facts see the SDK behind those names. Without, the file is read on its own.
 */
export function getCodeFacts(program: TSESTree.Program, reexports: readonly PackageReexport[] = []): CodeFacts {
  if (reexports.length > 0) {
    const key = JSON.stringify(reexports);
    const kept = withReexports.get(program);
    if (kept?.key === key) return kept.facts;
    const facts = computeCodeFacts(program, reexports);
    withReexports.set(program, { key, facts });
    return facts;
  }
  let facts = cache.get(program);
  if (!facts) {
    facts = computeCodeFacts(program, []);
    cache.set(program, facts);
  }
  return facts;
}

/** The SDK client an expression of a file stands for (`new AWS.Lambda()`, a same-file variable holding one), if any. */
export function sdkClientIn(program: TSESTree.Program, expression: Node, reexports: readonly PackageReexport[] = []): SdkClient | undefined {
  const value = classifiers.get(getCodeFacts(program, reexports))?.classify(expression);
  return value?.kind === 'client' ? { entry: value.entry, style: value.style, ...(value.via ? { via: value.via } : {}) } : undefined;
}

/** What an expression stands for in SDK terms. */
type SdkValue =
  | { kind: 'v2-root' }
  | { kind: 'v3-module'; entry: ServiceEntry }
  | { kind: 'client-class'; entry: ServiceEntry; style: 'v2' | 'v3-bare' | 'v3-aggregated' }
  | { kind: 'command-class'; entry: ServiceEntry; operation: string }
  | { kind: 'client'; entry: ServiceEntry; style: 'v2' | 'v3-bare' | 'v3-aggregated'; via?: string };

function computeCodeFacts(program: TSESTree.Program, reexports: readonly PackageReexport[]): CodeFacts {
  // The tree's index does not depend on what the project says about imports: one per tree.
  const declarations = new Declarations(program, reexports, (cache.get(program) ?? withReexports.get(program)?.facts)?.declarations.tree);
  const classifier = new SdkClassifier(declarations);
  const operations: SdkOperation[] = [];
  const clients: ClientConstruction[] = [];
  const httpCalls: HttpCall[] = [];
  const paginators: SdkPaginator[] = [];
  const wrappedOperations: WrappedOperation[] = [];
  const mapperOperations: MapperOperation[] = [];
  const importedReceiverCalls: ImportedReceiverCall[] = [];
  const valueNames = new Set<string>();
  const clientAt = new Map<Node, ClientConstruction>();

  const addClient = (node: TSESTree.NewExpression | TSESTree.CallExpression, ancestors: readonly Node[], found: Omit<ClientConstruction, 'node'>) => {
    const outer = ancestors.findLast((a) => clientAt.has(a));
    const client: ClientConstruction = { node, ...found, ...(outer ? { within: clientAt.get(outer)! } : {}) };
    clients.push(client);
    clientAt.set(node, client);
  };

  walk(program, (node, ancestors) => {
    if (node.type === 'Identifier') {
      if (isValueReference(node, ancestors)) valueNames.add(node.name);
    } else if (node.type === 'NewExpression') {
      const value = classifier.classify(node.callee);
      if (value?.kind === 'command-class') {
        operations.push(sdkOperation(value.entry, value.operation, 'v3', node, node.arguments[0], declarations));
      }
      const sdk = sdkClientName(classifier.classify(node)) ?? genericSdkClient(node, declarations);
      const library = sdk ? undefined : libraryClient(node, declarations);
      if (sdk) addClient(node, ancestors, { category: 'sdk', ...sdk });
      else if (library) addClient(node, ancestors, { category: library.category, name: library.name, source: library.source });
      if (library?.http) httpCalls.push(library.http);
    } else if (node.type === 'CallExpression') {
      const from = isFromCall(node) ? sdkClientName(classifier.classify(node), true) : undefined;
      const library = from ? undefined : libraryClient(node, declarations);
      if (from) addClient(node, ancestors, { category: 'sdk', ...from });
      else if (library) addClient(node, ancestors, { category: library.category, name: library.name, source: library.source });
      const http = library?.http ?? httpCallOf(node, declarations) ?? signedFetchCall(node, declarations);
      if (http) httpCalls.push(http);
      const paginator = paginatorOf(node, declarations);
      if (paginator) paginators.push(paginator);
      const wrapped = wrappedOperationOf(node, declarations);
      if (wrapped) wrappedOperations.push(wrapped);
      const mapped = mapperOperationOf(node, ancestors, declarations);
      if (mapped) mapperOperations.push(mapped);
      if (node.callee.type !== 'MemberExpression') return;
      const method = propertyName(node.callee.property, node.callee.computed);
      if (!method) return;
      const receiver = classifier.classify(node.callee.object);
      if (receiver?.kind === 'client' && receiver.style !== 'v3-bare') {
        const name = operationForMethod(receiver.entry, method);
        if (name) {
          const op = sdkOperation(receiver.entry, name, receiver.style === 'v2' ? 'v2' : 'v3', node, node.arguments[0], declarations);
          operations.push(receiver.via ? { ...op, via: receiver.via } : op);
        }
      } else if (!receiver) {
        const imported = importedReceiver(node.callee.object, declarations);
        if (imported && SDK_CATALOG.some((entry) => operationForMethod(entry, method))) importedReceiverCalls.push({ node, receiver: imported, method });
      }
    }
  });

  const sdkImports: SdkImport[] = [];
  const seen = new Set<Node>();
  for (const binding of declarations.imports.values()) {
    if (seen.has(binding.node)) continue;
    const imp = sdkImportOf(binding, declarations, valueNames);
    if (imp) {
      seen.add(binding.node);
      sdkImports.push(imp);
    }
  }
  sdkImports.sort((a, b) => a.node.range[0] - b.node.range[0]);

  const facts: CodeFacts = {
    declarations, sdkImports, operations, exportedFunctions: findExportedFunctions(program, declarations),
    clients, httpCalls: signedRequests(program, declarations, httpCalls), paginators, wrappedOperations, mapperOperations,
    importedReceiverCalls, emitting: new SpanIndex(operations.filter((op) => op.kind === 'emit'), (op) => op.node.range),
  };
  classifiers.set(facts, classifier);
  return facts;
}

/** `Object.assign(target, ...)`, `Object.freeze(target)` and the like: calls that return their first argument. */
function isTargetKeeper(node: TSESTree.CallExpression): boolean {
  const callee = unwrap(node.callee);
  return callee.type === 'MemberExpression' && callee.object.type === 'Identifier' && callee.object.name === 'Object' &&
    ['assign', 'freeze', 'seal', 'preventExtensions'].includes(propertyName(callee.property, callee.computed) ?? '');
}

/** `X.from(...)`: how the DynamoDB document clients are built from a client. */
function isFromCall(node: TSESTree.CallExpression): boolean {
  return node.callee.type === 'MemberExpression' && propertyName(node.callee.property, node.callee.computed) === 'from';
}

/** The catalog name of an SDK client value: `new DynamoDBClient()`, `new AWS.DynamoDB.DocumentClient()`, `DynamoDBDocumentClient.from(c)`. */
function sdkClientName(value: SdkValue | undefined, from = false): SdkClientName | undefined {
  if (value?.kind !== 'client') return undefined;
  const { entry, style } = value;
  if (style === 'v2') return from ? undefined : { name: `AWS.${entry.v2Client}`, source: V2_PACKAGE };
  const name = style === 'v3-bare' ? entry.v3Client : entry.v3Aggregated;
  return { name: from ? `${name}.from` : name, source: entry.v3Package };
}

function paginatorOf(node: TSESTree.CallExpression, decls: Declarations): SdkPaginator | undefined {
  const target = modulePath(node.callee, decls);
  const entry = target ? catalogIndex.byV3Package.get(target.source) : undefined;
  const name = target?.path.length === 1 ? target.path[0]! : '';
  if (!entry || !name.startsWith('paginate')) return undefined;
  const operationName = name.slice('paginate'.length);
  const kind = entry.operations[operationName];
  if (!kind) return undefined;
  const inputNode = node.arguments[1];
  const input = resolveObject(inputNode, decls);
  return { entry, operation: operationName, kind, node, ...(inputNode ? { inputNode } : {}), ...(input ? { input } : {}) };
}

/**
 * A value that comes from a module that is no AWS SDK package, what it holds for the analysis to
 * find: an imported name (`lambda`), a property of one (`db.documentClient`), or a same-file
 * constant holding either (`const client = db.documentClient`).
 */
function importedReceiver(expression: Node, decls: Declarations, hops = 0): Node | undefined {
  const node = unwrap(expression);
  if (hops > 8) return undefined;
  if (node.type === 'MemberExpression') {
    return !node.computed && importedReceiver(node.object, decls, hops + 1) ? node : undefined;
  }
  if (node.type !== 'Identifier') return undefined;
  const binding = decls.imports.get(node.name);
  if (binding) return isAwsSdkSource(binding.source) ? undefined : node;
  const local = decls.valueOf(node.name, node);
  return local && importedReceiver(local, decls, hops + 1) ? node : undefined;
}

export function sdkOperation(
  entry: ServiceEntry, name: string, sdk: SdkVersion, node: SdkOperation['node'], inputNode: Node | undefined, decls: Declarations,
): SdkOperation {
  const input = resolveObject(inputNode, decls);
  return {
    entry, operation: name, kind: entry.operations[name]!, sdk, node,
    ...(inputNode ? { inputNode } : {}),
    ...(input ? { input } : {}),
  };
}

function sdkImportOf(binding: ImportBinding, decls: Declarations, valueNames: ReadonlySet<string>): SdkImport | undefined {
  const { source, node } = binding;
  const usage = { ...importUsage(binding, decls, valueNames), ...(binding.via ? { via: binding.via } : {}) };
  if (source === V2_PACKAGE) return { node, source, version: 'v2', ...(v2EntryFor(binding.imported) ? { entry: v2EntryFor(binding.imported)! } : {}), ...usage };
  const v2 = catalogIndex.byV2Module.get(source);
  if (v2) return { node, source, version: 'v2', entry: v2, ...usage };
  const v3 = catalogIndex.byV3Package.get(source);
  if (v3) return { node, source, version: 'v3', entry: v3, ...usage };
  if (source.startsWith('@aws-sdk/client-') || source.startsWith('@aws-sdk/lib-')) return { node, source, version: 'v3', ...usage };
  return undefined;
}

/** Which names one import declaration (or `require`) brings in at run time, and whether any is read. */
function importUsage(binding: ImportBinding, decls: Declarations, valueNames: ReadonlySet<string>): Pick<SdkImport, 'typeOnly' | 'names' | 'usedAsValue'> {
  const node = binding.node;
  // The names this declaration binds from the binding's source: all of them, unless the project
  // said some come through a module that passes one package on (`import { AWS, saveOrder } from './lib'`).
  const fromSource = (local: string) => {
    const bound = decls.imports.get(local);
    return bound?.node === node && bound.source === binding.source ? bound : undefined;
  };
  if (node.type === 'ImportDeclaration') {
    const values = node.importKind === 'type' ? [] : node.specifiers.filter((s) => !(s.type === 'ImportSpecifier' && s.importKind === 'type'));
    const own = values.filter((s) => fromSource(s.local.name));
    return {
      typeOnly: values.length === 0 && node.specifiers.length > 0,
      names: own.map((s) => fromSource(s.local.name)!.imported),
      usedAsValue: own.some((s) => valueNames.has(s.local.name)),
    };
  }
  if (node.type === 'TSImportEqualsDeclaration') {
    const typeOnly = node.importKind === 'type';
    return { typeOnly, names: typeOnly ? [] : [binding.imported], usedAsValue: !typeOnly && valueNames.has(node.id.name) };
  }
  // require(): every binding the declarator makes comes from the same source.
  const names = [...decls.imports.values()].filter((b) => b.node === node && b.source === binding.source).map((b) => b.imported);
  return { typeOnly: false, names, usedAsValue: true };
}

function v2EntryFor(name: string): ServiceEntry | undefined {
  return catalogIndex.byV2Client.get(name);
}

class SdkClassifier {
  private readonly memo = new Map<Node, SdkValue | undefined>();
  private readonly active = new Set<Node>();

  constructor(private readonly decls: Declarations) {}

  classify(expression: Node): SdkValue | undefined {
    const node = unwrap(expression);
    if (this.memo.has(node)) return this.memo.get(node);
    if (this.active.has(node)) return undefined; // `let c = c || new X()` and similar self references
    this.active.add(node);
    const value = this.compute(node);
    this.active.delete(node);
    this.memo.set(node, value);
    return value;
  }

  private compute(node: Node): SdkValue | undefined {
    switch (node.type) {
      case 'Identifier': {
        const binding = this.decls.imports.get(node.name);
        if (binding) return this.fromImport(binding);
        const init = this.decls.valueOf(node.name, node) ?? this.decls.classNamed(node.name);
        return init ? this.classify(init) : undefined;
      }
      case 'ClassDeclaration':
      case 'ClassExpression': {
        // `class OrdersClient extends DocumentClient { byId(id) {...} }`: its instances are document clients, with methods of their own.
        const base = node.superClass ? this.classify(node.superClass) : undefined;
        return base?.kind === 'client-class' ? base : undefined;
      }
      case 'MemberExpression': {
        const name = propertyName(node.property, node.computed);
        if (!name) return undefined;
        if (node.object.type === 'ThisExpression') {
          const value = this.decls.memberValue(name);
          return value ? this.classify(value) : undefined;
        }
        const owner = this.classify(node.object);
        if (owner?.kind === 'v2-root') {
          const entry = v2EntryFor(name);
          return entry ? { kind: 'client-class', entry, style: 'v2' } : undefined;
        }
        if (owner?.kind === 'client-class' && owner.style === 'v2') {
          const entry = v2EntryFor(`${owner.entry.v2Client}.${name}`);
          return entry ? { kind: 'client-class', entry, style: 'v2' } : undefined;
        }
        if (owner?.kind === 'v3-module') return this.fromV3Export(owner.entry, name);
        return undefined;
      }
      case 'NewExpression': {
        const callee = this.classify(node.callee);
        return callee?.kind === 'client-class' ? { kind: 'client', entry: callee.entry, style: callee.style } : undefined;
      }
      case 'CallExpression': {
        // DynamoDBDocumentClient.from(client) / DynamoDBDocument.from(client)
        if (isFromCall(node)) {
          const owner = this.classify((node.callee as TSESTree.MemberExpression).object);
          if (owner?.kind === 'client-class' && owner.style !== 'v2') return { kind: 'client', entry: owner.entry, style: owner.style };
        }
        // require('aws-sdk') used in place, as in AWSXRay.captureAWS(require('aws-sdk'))
        const required = requireOf(node);
        if (required) return this.fromImport({ source: required.source, imported: required.member ?? '*', node });
        // captureAWS(AWS), tracer.captureAWSv3Client(client): the same SDK value, instrumented
        if (isTracingPassThrough(node) && node.arguments[0]) return this.classify(node.arguments[0]);
        // Object.assign(new DocumentClient(), { table }), Object.freeze(client): the client, with properties added or kept.
        if (isTargetKeeper(node) && node.arguments[0]) {
          const target = this.classify(node.arguments[0]);
          return target?.kind === 'client' ? target : undefined;
        }
        return undefined;
      }
      case 'AwaitExpression':
        return this.classify(node.argument);
      case 'LogicalExpression':
        return this.classify(node.right) ?? this.classify(node.left);
      case 'ConditionalExpression':
        return this.classify(node.consequent) ?? this.classify(node.alternate);
      default:
        return undefined;
    }
  }

  private fromImport(binding: ImportBinding): SdkValue | undefined {
    const { source, imported } = binding;
    if (source === V2_PACKAGE) {
      if (imported === '*' || imported === 'default') return { kind: 'v2-root' };
      const entry = v2EntryFor(imported);
      return entry ? { kind: 'client-class', entry, style: 'v2' } : undefined;
    }
    const v2 = catalogIndex.byV2Module.get(source);
    if (v2) {
      if (imported === '*' || imported === 'default') return { kind: 'client-class', entry: v2, style: 'v2' };
      // `import { DocumentClient } from 'aws-sdk/clients/dynamodb'`: the module's classes are its client's.
      const nested = v2EntryFor(`${v2.v2Client}.${imported}`);
      return nested ? { kind: 'client-class', entry: nested, style: 'v2' } : undefined;
    }
    const wrapped = wrapperIndex.correlatingClients.get(source);
    const wrappedEntry = wrapped && (imported === '*' || imported === 'default') ? SDK_CATALOG.find((e) => e.service === wrapped.service) : undefined;
    if (wrappedEntry) return { kind: 'client', entry: wrappedEntry, style: 'v2', via: source };
    const v3 = catalogIndex.byV3Package.get(source);
    if (!v3) return undefined;
    if (imported === '*') return { kind: 'v3-module', entry: v3 };
    return this.fromV3Export(v3, imported);
  }

  private fromV3Export(entry: ServiceEntry, name: string): SdkValue | undefined {
    if (name === entry.v3Client) return { kind: 'client-class', entry, style: 'v3-bare' };
    if (name === entry.v3Aggregated) return { kind: 'client-class', entry, style: 'v3-aggregated' };
    const operationName = operationForCommand(entry, name);
    return operationName ? { kind: 'command-class', entry, operation: operationName } : undefined;
  }
}

