import type { TSESTree } from '@typescript-eslint/types';
import { propertyName, unwrap, walk, type Node } from './ast.js';
import { Declarations, type ImportBinding } from './declarations.js';
import { findExportedFunctions, type ExportedFunction } from './handler-entry.js';
import {
  catalogIndex, operationForCommand, operationForMethod, V2_PACKAGE, type OperationKind, type ServiceEntry,
} from './sdk-catalog.js';
import { resolveObject, type StaticObject } from './static-values.js';

export type SdkVersion = 'v2' | 'v3';

export interface SdkImport {
  node: Node;
  source: string;
  version: SdkVersion;
  /** Undefined for the whole `aws-sdk` namespace. */
  entry?: ServiceEntry;
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
}

/** Everything the rules need to know about one file's use of AWS, computed once and shared. */
export interface CodeFacts {
  declarations: Declarations;
  sdkImports: SdkImport[];
  operations: SdkOperation[];
  /** Every exported function, unwrapped from middy/makeIdempotent-style wrappers; rules pick handlers by name. */
  exportedFunctions: ExportedFunction[];
}

const cache = new WeakMap<TSESTree.Program, CodeFacts>();

export function getCodeFacts(program: TSESTree.Program): CodeFacts {
  let facts = cache.get(program);
  if (!facts) {
    facts = computeCodeFacts(program);
    cache.set(program, facts);
  }
  return facts;
}

/** What an expression stands for in SDK terms. */
type SdkValue =
  | { kind: 'v2-root' }
  | { kind: 'v3-module'; entry: ServiceEntry }
  | { kind: 'client-class'; entry: ServiceEntry; style: 'v2' | 'v3-bare' | 'v3-aggregated' }
  | { kind: 'command-class'; entry: ServiceEntry; operation: string }
  | { kind: 'client'; entry: ServiceEntry; style: 'v2' | 'v3-bare' | 'v3-aggregated' };

function computeCodeFacts(program: TSESTree.Program): CodeFacts {
  const declarations = new Declarations(program);
  const sdkImports: SdkImport[] = [];
  const seen = new Set<Node>();
  for (const binding of declarations.imports.values()) {
    const imp = sdkImportOf(binding);
    if (imp && !seen.has(binding.node)) {
      seen.add(binding.node);
      sdkImports.push(imp);
    }
  }
  sdkImports.sort((a, b) => a.node.range[0] - b.node.range[0]);

  const classifier = new SdkClassifier(declarations);
  const operations: SdkOperation[] = [];
  walk(program, (node) => {
    if (node.type === 'NewExpression') {
      const value = classifier.classify(node.callee);
      if (value?.kind === 'command-class') {
        operations.push(operation(value.entry, value.operation, 'v3', node, node.arguments[0], declarations));
      }
    } else if (node.type === 'CallExpression' && node.callee.type === 'MemberExpression') {
      const method = propertyName(node.callee.property, node.callee.computed);
      if (!method) return;
      const receiver = classifier.classify(node.callee.object);
      if (receiver?.kind === 'client' && receiver.style !== 'v3-bare') {
        const name = operationForMethod(receiver.entry, method);
        if (name) operations.push(operation(receiver.entry, name, receiver.style === 'v2' ? 'v2' : 'v3', node, node.arguments[0], declarations));
      }
    }
  });
  return { declarations, sdkImports, operations, exportedFunctions: findExportedFunctions(program, declarations) };
}

function operation(
  entry: ServiceEntry, name: string, sdk: SdkVersion, node: SdkOperation['node'], inputNode: Node | undefined, decls: Declarations,
): SdkOperation {
  const input = resolveObject(inputNode, decls);
  return {
    entry, operation: name, kind: entry.operations[name]!, sdk, node,
    ...(inputNode ? { inputNode } : {}),
    ...(input ? { input } : {}),
  };
}

function sdkImportOf(binding: ImportBinding): SdkImport | undefined {
  const { source, node } = binding;
  if (source === V2_PACKAGE) return { node, source, version: 'v2', ...(v2EntryFor(binding.imported) ? { entry: v2EntryFor(binding.imported)! } : {}) };
  const v2 = catalogIndex.byV2Module.get(source);
  if (v2) return { node, source, version: 'v2', entry: v2 };
  const v3 = catalogIndex.byV3Package.get(source);
  if (v3) return { node, source, version: 'v3', entry: v3 };
  if (source.startsWith('@aws-sdk/client-') || source.startsWith('@aws-sdk/lib-')) return { node, source, version: 'v3' };
  return undefined;
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
        const init = this.decls.valueOf(node.name, node);
        return init ? this.classify(init) : undefined;
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
        if (node.callee.type === 'MemberExpression' && propertyName(node.callee.property, node.callee.computed) === 'from') {
          const owner = this.classify(node.callee.object);
          if (owner?.kind === 'client-class' && owner.style !== 'v2') return { kind: 'client', entry: owner.entry, style: owner.style };
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
    if (v2) return imported === '*' || imported === 'default' ? { kind: 'client-class', entry: v2, style: 'v2' } : undefined;
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

