import path from 'node:path';
import type { Probe } from './module-resolver.js';

/** An import the analysis resolved: from a file (its folder decides), a specifier, and the module it led to. */
export interface Resolution {
  from: string;
  specifier: string;
  /** Undefined when it led to no module of the project. */
  to: string | undefined;
  /** What resolving it asked the file system (module-resolver.ts); `configs`: and every tsconfig question. */
  asked?: { probes: readonly Probe[]; configs: boolean };
}

/**
 * What one computation of the analysis read: the modules it looked into (by file) and the imports
 * it resolved. A result is still true on a later run when every file has the same content and
 * every import leads where it led: that is all a summary or a handler's walk is computed from.
 */
export class Dependencies {
  readonly files = new Set<string>();
  /** By folder and specifier: resolution depends on the importing file's folder only. */
  readonly resolutions = new Map<string, Resolution>();

  addFile(file: string): void {
    this.files.add(file);
  }

  addResolution(resolution: Resolution): void {
    const key = resolutionKey(resolution.from, resolution.specifier);
    if (!this.resolutions.has(key)) this.resolutions.set(key, resolution);
  }

  addAll(other: Dependencies): void {
    for (const file of other.files) this.files.add(file);
    for (const [key, resolution] of other.resolutions) if (!this.resolutions.has(key)) this.resolutions.set(key, resolution);
  }
}

export function resolutionKey(from: string, specifier: string): string {
  return `${path.dirname(from)}\u0000${specifier}`;
}

/**
 * The computations under way, innermost last: a file read or an import resolved counts for each of
 * them (a summary made while walking a handler is part of what the walk read). Owned by one analysis;
 * with nothing open (no `--cache`), recording costs nothing.
 */
export class DependencyLog {
  private readonly open: Dependencies[] = [];

  /** Whether some computation is under way (recording is skipped otherwise). */
  get active(): boolean {
    return this.open.length > 0;
  }

  /** Runs `compute`, adding what it reads to `into` (and to the computations around it). */
  during<T>(into: Dependencies, compute: () => T): T {
    this.open.push(into);
    try {
      return compute();
    } finally {
      this.open.pop();
    }
  }

  file(file: string): void {
    for (const deps of this.open) deps.addFile(file);
  }

  resolution(resolution: Resolution): void {
    for (const deps of this.open) deps.addResolution(resolution);
  }

  /** A result computed earlier (a summary, the implementations index) is used: what it read counts too. */
  include(deps: Dependencies | undefined): void {
    if (!deps) return;
    for (const open of this.open) if (open !== deps) open.addAll(deps);
  }
}
