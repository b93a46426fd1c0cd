import type { FunctionNode, ResourceKind, ResourceNode, Stack, TemplateRef, Trigger, UnreadPart } from '../types.js';
import type { ReadContext } from './props.js';
import { cfnLogicalId, type CfnResource } from './cfn-resources.js';
import { isConstruct, type ConstructValue, type Located, type Value } from './values.js';

/** One CDK stack being read: the model stack, and the logical ids it has handed out. */
export class StackBuild {
  readonly stack: Stack;
  /** Its L1 constructs, read once the app has run (cfn-resources.ts). */
  readonly cfnResources: CfnResource[] = [];
  private readonly used = new Set<string>();

  constructor(templatePath: string, readonly path: readonly string[]) {
    this.stack = { templatePath, format: 'cdk', functions: [], resources: [], triggers: [], links: [] };
  }

  /**
   * A logical id as CDK makes one from the construct path below the stack, without the hash CDK
   * appends: `Orders/Handler` is `OrdersHandler`. A clash gets a number.
   */
  logicalId(constructPath: readonly string[]): string {
    const below = constructPath.slice(this.path.length).filter((part) => part !== 'Resource' && part !== 'Default');
    const base = below.map((part) => part.replace(/[^A-Za-z0-9]/g, '')).join('') || 'Construct';
    let id = base;
    for (let n = 2; this.used.has(id); n++) id = `${base}${n}`;
    this.used.add(id);
    return id;
  }

  /** The id a node of this stack uses for a construct: its logical id here, its path when it is in another stack. */
  refOf(construct: ConstructValue): string | undefined {
    const logicalId = construct.node?.logicalId ?? cfnLogicalId(construct);
    if (logicalId === undefined) return undefined;
    return construct.stack === this ? logicalId : construct.pathName;
  }
}

/** A TemplateRef for the first line of a node: findings point at one line, as in templates. */
export function refAt({ source, node }: Located): TemplateRef {
  const start = node.getStart(source);
  const { line, character } = source.getLineAndCharacterOfPosition(start);
  const lineEnd = source.getLineEndOfPosition(start);
  const end = Math.min(node.getEnd(), lineEnd);
  const endCharacter = source.getLineAndCharacterOfPosition(end).character;
  return { file: source.fileName, line: line + 1, column: character + 1, endLine: line + 1, endColumn: endCharacter + 1 };
}

/** What could not be read: counted, listed for tests and debugging, never guessed at. */
export type Unread = UnreadPart;

/** A resource node for a construct, added to its stack. */
export function addResource(
  self: ConstructValue, type: string, kind: ResourceKind, properties: Record<string, unknown> = {},
): ResourceNode | undefined {
  const build = self.stack;
  if (!build || !self.at) return undefined;
  const node: ResourceNode = {
    logicalId: build.logicalId(self.path), name: self.pathName, type, kind, at: refAt(self.at), properties, ignoredRules: [],
  };
  self.node = node;
  build.stack.resources.push(node);
  return node;
}

/** The function node of a construct, when it is a function of a stack being read. */
export function functionOf(value: Value): { fn: FunctionNode; build: StackBuild } | undefined {
  if (!isConstruct(value) || value.family !== 'function' || !value.node || !value.stack) return undefined;
  return { fn: value.node as FunctionNode, build: value.stack };
}

/**
 * A trigger of a function, in the function's stack, its source named as that stack knows it. A
 * function the app imports (`Function.fromFunctionArn`) has no node to trigger: what invokes it is unread.
 */
export function addTrigger(
  fnValue: Value, trigger: Omit<Trigger, 'functionLogicalId' | 'source'>, source: Value, context: Pick<ReadContext, 'unread'>,
): Trigger | undefined {
  const target = functionOf(fnValue);
  if (!target) {
    if (isConstruct(fnValue) && fnValue.role === 'imported') context.unread(trigger.at, `${trigger.kind} events to ${fnValue.pathName}, a function the app imports`, 'construct');
    return undefined;
  }
  const sourceId = isConstruct(source) ? target.build.refOf(source) : undefined;
  const full: Trigger = { functionLogicalId: target.fn.logicalId, ...trigger, ...(sourceId ? { source: sourceId } : {}) };
  target.build.stack.triggers.push(full);
  return full;
}
