import path from 'node:path';
import type * as TS from 'typescript';
import ts from './typescript.js';
import { isFile, isFolder, isInside, realPath } from './fs-fence.js';

export type FencedTsHost = TS.ModuleResolutionHost & TS.ParseConfigFileHost;

/**
 * The file system TypeScript's APIs see (`resolveModuleName`, `getParsedCommandLineOfConfigFile`,
 * `parseJsonConfigFileContent`), fenced: nothing outside the fence exists for them, lexically or
 * once symlinks are resolved (a tsconfig.json linked to /etc/shadow, an `extends` through a
 * symlinked folder), only regular files exist (a FIFO or a device named tsconfig.json is not
 * there), and every file they read is read by `readFile`, which the caller makes with the read
 * gate (src/util/fs-fence.ts). Never `ts.sys`, which reads anything, blocking.
 */
export function fencedTsHost(fence: string, readFile: (file: string) => string | undefined): FencedTsHost {
  const realFence = realPath(fence);
  // Lexically inside first, then there at all (most files TypeScript asks about are not), then by real path.
  const exists = (file: string, there: (absolute: string) => boolean) => {
    const absolute = path.resolve(fence, file);
    return isInside(fence, absolute) && there(absolute) && isInside(realFence, realPath(absolute));
  };
  return {
    useCaseSensitiveFileNames: ts.sys.useCaseSensitiveFileNames,
    getCurrentDirectory: () => fence,
    fileExists: (file) => exists(file, isFile),
    directoryExists: (dir) => exists(dir, isFolder),
    realpath: (file) => realPath(file),
    readFile: (file) => (exists(file, isFile) ? readFile(file) : undefined),
    // Only compiler options are wanted: the files a tsconfig includes are never listed.
    readDirectory: () => [],
    onUnRecoverableConfigFileDiagnostic: () => {},
  };
}
