import { relativePath } from '../util/relative-path.js';

/** One step of the path from a handler to the code a finding is about. */
export interface ChainStep {
  name: string;
  file: string;
  line: number;
}

/** A chain for a rule's message, `handler (src/x.ts:4) → save (src/y.ts:8)`: paths from the project root, module top levels left out. */
export function relativeChain(root: string, chain: readonly ChainStep[]): string {
  return chain.filter((s) => s.name !== '(module)').map((s) => `${s.name} (${relativePath(root, s.file)}:${s.line})`).join(' → ');
}

/** The same chain by names only, `handler → save`, for a short message: the finding's location gives the file. */
export function namedChain(chain: readonly ChainStep[]): string {
  return chain.filter((s) => s.name !== '(module)').map((s) => s.name).join(' → ');
}
