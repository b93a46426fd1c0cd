import path from 'node:path';
import type * as TS from 'typescript';
import ts from './typescript.js';
import { isFile, isFolder, isInside, realPath } from './fs-fence.js';

export type FencedTsHost = TS.ModuleResolutionHost & TS.ParseConfigFileHost;

/** The questions the host asks the file system (a caller may note them: src/analysis/module-resolver.ts). */
export interface FsQuestions {
  isFile(file: string): boolean;
  isFolder(file: string): boolean;
  realPath(file: string): string;
}

/**
 * The file system TypeScript's APIs see (`resolveModuleName`, `getParsedCommandLineOfConfigFile`,
 * `parseJsonConfigFileContent`), fenced: nothing outside the fence exists for them, lexically or
 * once symlinks are resolved (a tsconfig.json linked to /etc/shadow, an `extends` through a
 * symlinked folder), only regular files exist (a FIFO or a device named tsconfig.json is not
 * there), and every file they read is read by `readFile`, which the caller makes with the read
 * gate (src/util/fs-fence.ts). Never `ts.sys`, which reads anything, blocking.
 */
export function fencedTsHost(fence: string, readFile: (file: string) => string | undefined, fs: FsQuestions = { isFile, isFolder, realPath }): FencedTsHost {
  const { isFile: fileThere, isFolder: folderThere, realPath: realOf } = fs;
  const realFence = realPath(fence);
  // Lexically inside first, then there at all (most files TypeScript asks about are not), then by real path.
  const exists = (file: string, there: (absolute: string) => boolean) => {
    const absolute = path.resolve(fence, file);
    return isInside(fence, absolute) && there(absolute) && isInside(realFence, realOf(absolute));
  };
  return {
    useCaseSensitiveFileNames: ts.sys.useCaseSensitiveFileNames,
    getCurrentDirectory: () => fence,
    fileExists: (file) => exists(file, fileThere),
    directoryExists: (dir) => exists(dir, folderThere),
    realpath: (file) => realOf(file),
    readFile: (file) => (exists(file, fileThere) ? readFile(file) : undefined),
    // Only compiler options are wanted: the files a tsconfig includes are never listed.
    readDirectory: () => [],
    onUnRecoverableConfigFileDiagnostic: () => {},
  };
}
