import type { ApiDomain, FunctionNode, ProjectModel, ResourceKind, ResourceNode, Stack, StackOutput, Trigger } from './types.js';

/** The properties that declare a resource's physical name: a literal name or ARN in code is matched against them. */
export const NAME_PROPERTIES = ['QueueName', 'TopicName', 'TableName', 'BucketName', 'StateMachineName', 'Name', 'StreamName', 'DeliveryStreamName'] as const;

/**
 * One stack's lookups, built once: by logical id, by deployed name, by kind, and its triggers by
 * function and by source. What the analysis and the rules ask per reach, per SDK call, per
 * trigger or per function is answered here in constant time, not by scanning the stack again (a
 * template of 58,000 resources with 1,000 consumers made those scans quadratic). Every answer is
 * the one a scan of the stack's lists in order gives: the first element, in the stack's order.
 */
export class StackIndex {
  private readonly functions = new Map<string, FunctionNode>();
  /** Where each logical id's functions are in `stack.functions` (a broken template may repeat one). */
  private readonly positions = new Map<string, number[]>();
  private readonly resources = new Map<string, ResourceNode>();
  private readonly deployed = new Map<string, { fn: FunctionNode; order: number }>();
  private readonly named = new Map<string, ResourceNode>();
  private readonly kinds = new Map<ResourceKind, ResourceNode[]>();
  private readonly byFunction = new Map<string, Trigger[]>();
  private readonly bySource = new Map<string, Trigger[]>();
  private readonly outputs = new Map<string, StackOutput>();
  private readonly domains = new Map<string, ApiDomain>();
  /** The functions whose deployed name is written out whole (no unresolved `${...}` left in it), in the stack's order. */
  readonly concreteDeployedNames: readonly FunctionNode[];

  constructor(readonly stack: Stack) {
    const concrete: FunctionNode[] = [];
    stack.functions.forEach((fn, order) => {
      setFirst(this.functions, fn.logicalId, fn);
      append(this.positions, fn.logicalId, order);
      if (fn.deployedName === undefined) return;
      setFirst(this.deployed, fn.deployedName, { fn, order });
      if (!fn.deployedName.includes('${')) concrete.push(fn);
    });
    this.concreteDeployedNames = concrete;
    for (const resource of stack.resources) {
      setFirst(this.resources, resource.logicalId, resource);
      append(this.kinds, resource.kind, resource);
      for (const key of NAME_PROPERTIES) {
        const value = resource.properties[key];
        if (typeof value === 'string') setFirst(this.named, value, resource);
      }
    }
    for (const trigger of stack.triggers) {
      append(this.byFunction, trigger.functionLogicalId, trigger);
      if (trigger.source !== undefined) append(this.bySource, trigger.source, trigger);
    }
    for (const output of stack.outputs ?? []) setFirst(this.outputs, output.name, output);
    for (const domain of stack.apiDomains ?? []) if (domain.resource !== undefined) setFirst(this.domains, domain.resource, domain);
  }

  function(logicalId: string): FunctionNode | undefined {
    return this.functions.get(logicalId);
  }

  /** Every function with one of these logical ids, in the stack's order (as `stack.functions.filter` gives them). */
  functionsWithIds(ids: Iterable<string>): FunctionNode[] {
    const at = new Set<number>();
    for (const id of ids) for (const position of this.positions.get(id) ?? []) at.add(position);
    return [...at].sort((a, b) => a - b).map((position) => this.stack.functions[position]!);
  }

  resource(logicalId: string): ResourceNode | undefined {
    return this.resources.get(logicalId);
  }

  /** A function or a resource of the stack, the function first when both have the id. */
  element(logicalId: string): FunctionNode | ResourceNode | undefined {
    return this.functions.get(logicalId) ?? this.resources.get(logicalId);
  }

  /** Whether a function or a resource of the stack has this logical id. */
  has(logicalId: string): boolean {
    return this.functions.has(logicalId) || this.resources.has(logicalId);
  }

  /** What people call an element: its name (a CDK construct path's tail), else its logical id. */
  nameOf(logicalId: string): string {
    return this.element(logicalId)?.name ?? logicalId;
  }

  /** Of the functions deployed under any of these names, the first in the stack's order. */
  functionDeployedAs(...names: string[]): FunctionNode | undefined {
    let first: { fn: FunctionNode; order: number } | undefined;
    for (const name of names) {
      const found = this.deployed.get(name);
      if (found && (!first || found.order < first.order)) first = found;
    }
    return first?.fn;
  }

  /** The first resource whose name property (QueueName, TableName... see NAME_PROPERTIES) is `name`. */
  resourceNamed(name: string): ResourceNode | undefined {
    return this.named.get(name);
  }

  resourcesOfKind(kind: ResourceKind): readonly ResourceNode[] {
    return this.kinds.get(kind) ?? [];
  }

  /** The triggers of a function, in the stack's order. */
  triggersOf(functionLogicalId: string): readonly Trigger[] {
    return this.byFunction.get(functionLogicalId) ?? [];
  }

  /** The triggers whose events come from a resource, in the stack's order. */
  triggersFrom(source: string): readonly Trigger[] {
    return this.bySource.get(source) ?? [];
  }

  output(name: string): StackOutput | undefined {
    return this.outputs.get(name);
  }

  /** The custom domain a domain name resource of the stack declares. */
  domainOf(resource: string): ApiDomain | undefined {
    return this.domains.get(resource);
  }
}

/**
 * The lookups of one model: each stack's index, and what crosses stacks (stacks by deployed name and
 * service, outputs by export name, custom domains by host), each built on first use. Owned by whoever
 * owns the model for a run (the session, the analysis, a template rule run): never a module-level cache.
 */
export class ModelIndex {
  private readonly stacks = new Map<Stack, StackIndex>();
  private across: AcrossStacks | undefined;

  constructor(readonly model: ProjectModel) {}

  of(stack: Stack): StackIndex {
    let index = this.stacks.get(stack);
    if (!index) this.stacks.set(stack, (index = new StackIndex(stack)));
    return index;
  }

  /** The first stack (in the model's order) deployed under this name (`provider.stackName`, `<service>-<stage>`). */
  stackNamed(name: string): Stack | undefined {
    return this.acrossStacks().byName.get(name);
  }

  /** The first stack of this Serverless service. */
  serviceNamed(service: string): Stack | undefined {
    return this.acrossStacks().byService.get(service);
  }

  /** The first output (in the model's order) exported under this name, and its stack. */
  exported(exportName: string): { stack: Stack; output: StackOutput } | undefined {
    return this.acrossStacks().exports.get(exportName);
  }

  /** The custom domains on a host (lower case), in the model's order. */
  domainsOn(host: string): readonly { stack: Stack; domain: ApiDomain }[] {
    return this.acrossStacks().hosts.get(host) ?? [];
  }

  private acrossStacks(): AcrossStacks {
    if (this.across) return this.across;
    const across: AcrossStacks = { byName: new Map(), byService: new Map(), exports: new Map(), hosts: new Map() };
    for (const stack of this.model.stacks) {
      if (stack.stackName !== undefined) setFirst(across.byName, stack.stackName, stack);
      if (stack.serviceName !== undefined) setFirst(across.byService, stack.serviceName, stack);
      for (const output of stack.outputs ?? []) if (output.exportName !== undefined) setFirst(across.exports, output.exportName, { stack, output });
      for (const domain of stack.apiDomains ?? []) append(across.hosts, domain.host, { stack, domain });
    }
    return (this.across = across);
  }
}

interface AcrossStacks {
  byName: Map<string, Stack>;
  byService: Map<string, Stack>;
  exports: Map<string, { stack: Stack; output: StackOutput }>;
  hosts: Map<string, { stack: Stack; domain: ApiDomain }[]>;
}

function setFirst<K, V>(map: Map<K, V>, key: K, value: V): void {
  if (!map.has(key)) map.set(key, value);
}

function append<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
