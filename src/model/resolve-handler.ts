import path from 'node:path';
import { isFile, isInside } from '../util/fs-fence.js';
import type { HandlerRef, TemplateRef } from './types.js';

/** Source extensions a Node.js handler module may have, in the order a bundler would try them. */
export const HANDLER_EXTENSIONS = ['.ts', '.mts', '.cts', '.js', '.mjs', '.cjs'] as const;

export interface HandlerInput {
  projectRoot: string;
  /** Folder the code path is relative to (the template's folder). */
  baseDir: string;
  /** Local code folder (SAM CodeUri, CloudFormation Code as a path); undefined means the base folder. */
  codeDir?: string;
  /** False when the code lives elsewhere: an S3 object, inline code, an image. */
  codeIsLocal: boolean;
  handler: string;
  runtime?: string;
  /** esbuild entry points (SAM Metadata.BuildProperties.EntryPoints), relative to the code folder. */
  entryPoints?: string[];
  at: TemplateRef;
}

export function resolveHandler(input: HandlerInput): HandlerRef {
  const { handler, at } = input;
  const dot = handler.lastIndexOf('.');
  const exportName = dot === -1 ? handler : handler.slice(dot + 1);
  const moduleName = dot === -1 ? handler : handler.slice(0, dot);
  const codeDir = path.resolve(input.baseDir, input.codeDir ?? '.');
  const modulePath = path.resolve(codeDir, moduleName);
  const resolvable =
    input.codeIsLocal && dot > 0 && (input.runtime === undefined || input.runtime.startsWith('nodejs')) &&
    isInside(input.projectRoot, codeDir);
  const ref: HandlerRef = { value: handler, exportName, modulePath, resolvable, at };
  if (!resolvable) return ref;

  const candidates = [
    ...entryPointsFor(moduleName, (input.entryPoints ?? []).map((entry) => path.resolve(codeDir, entry))),
    ...HANDLER_EXTENSIONS.map((ext) => modulePath + ext),
    ...buildFolderSources(codeDir, moduleName),
  ];
  const sourceFile = candidates.find((file) => isInside(input.projectRoot, file) && isFile(file));
  return sourceFile ? { ...ref, sourceFile } : ref;
}

/** esbuild names each bundle after its entry point, so with several entry points the handler's module picks one. */
function entryPointsFor(moduleName: string, entries: string[]): string[] {
  if (entries.length <= 1) return entries;
  const suffix = path.sep + path.normalize(moduleName);
  return entries.filter((entry) => entry.slice(0, entry.length - path.extname(entry).length).endsWith(suffix));
}

const BUILD_FOLDERS = new Set(['dist', 'build', '.build', 'out', 'lib', '.esbuild', '.webpack']);

/** `dist/handlers/x` maps back to `src/handlers/x` or `handlers/x` when the build output is not checked in. */
function buildFolderSources(codeDir: string, moduleName: string): string[] {
  const parts = moduleName.split(/[\\/]/);
  const index = parts.findIndex((part) => BUILD_FOLDERS.has(part));
  if (index === -1) return [];
  const before = parts.slice(0, index);
  const after = parts.slice(index + 1);
  const bases = [[...before, 'src', ...after], [...before, ...after]];
  return bases.flatMap((base) => HANDLER_EXTENSIONS.map((ext) => path.resolve(codeDir, ...base) + ext));
}
