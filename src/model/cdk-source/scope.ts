import type ts from 'typescript';
import type { Value } from './values.js';

/** Marks a binding whose value is being computed: reading it again is a cycle, hence unknown. */
export const IN_PROGRESS: unique symbol = Symbol('in progress');

/** What a name is bound to in a module before it is read: evaluated on first use. */
export interface ModuleBindings {
  readonly file: string;
  readonly source: ts.SourceFile;
  /** Values already computed, by name. */
  readonly values: Map<string, Value | typeof IN_PROGRESS>;
}

/**
 * A block or function scope. Names not found up the chain are looked up in the module (its
 * declarations and imports), which the interpreter does lazily.
 */
export class Scope {
  private readonly vars = new Map<string, Value>();

  constructor(
    readonly module: ModuleBindings,
    private readonly parent?: Scope,
    /** Set by function scopes that bind `this` (not arrows). */
    private readonly thisBinding?: { value: Value },
  ) {}

  has(name: string): boolean {
    return this.vars.has(name) || (this.parent?.has(name) ?? false);
  }

  get(name: string): Value {
    if (this.vars.has(name)) return this.vars.get(name);
    return this.parent?.get(name);
  }

  declare(name: string, value: Value): void {
    this.vars.set(name, value);
  }

  /** Assigns to the nearest binding; false when the name is not a local one. */
  assign(name: string, value: Value): boolean {
    if (this.vars.has(name)) {
      this.vars.set(name, value);
      return true;
    }
    return this.parent?.assign(name, value) ?? false;
  }

  thisValue(): Value {
    if (this.thisBinding) return this.thisBinding.value;
    return this.parent?.thisValue();
  }

  child(thisBinding?: { value: Value }): Scope {
    return new Scope(this.module, this, thisBinding);
  }
}
