import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fileSystemUses } from '../helpers/fs-access.js';
import { readSources } from '../helpers/import-graph.js';

const REPO = path.resolve(import.meta.dirname, '../..');

/** The read gate: the one module that reads the file system (regular files only, real path in the fence, a size limit per kind). */
const GATE = 'src/util/fs-fence.ts';

/**
 * Every other module that touches the file system, what it uses, and why that is no read the gate
 * should make. Anything not listed here (a new `readFileSync`, a `ts.sys.readFile`, ESLint's
 * `lintFiles`, a new glob) fails the test: read through the gate instead (fs-fence.ts, and
 * ts-host.ts for TypeScript's APIs).
 */
const ALLOWED: Record<string, { uses: string[]; why: string }> = {
  'src/util/write-file.ts': {
    uses: ['node:fs mkdirSync', 'node:fs renameSync', 'node:fs writeFileSync'],
    why: 'the one writer: the report (--output-file), the baseline (--update-baseline) and the cache (--cache), at paths the caller chose',
  },
  'src/util/ts-host.ts': {
    uses: ['ts.sys useCaseSensitiveFileNames'],
    why: 'a constant of the platform; every file TypeScript asks this host for is looked at and read through the gate',
  },
  'src/template/discover.ts': {
    uses: ['tinyglobby globSync'],
    why: 'lists the names below a folder inside the fence, never above it, symlinks not followed; every file found is read through the gate',
  },
  'src/template/cdk-apps.ts': {
    uses: ['tinyglobby globSync'],
    why: 'lists the names in a CDK app\'s output folder inside the fence, symlinks not followed, to see whether it holds synthesized templates',
  },
  'src/cli/relaunch.ts': {
    uses: ['node:child_process spawn'],
    why: 'the CLI starts itself (its own bin.js, same arguments) once more with a larger young generation; it runs nothing else',
  },
  'src/review/changed-lines.ts': {
    uses: ['node:child_process execFileSync'],
    why: '--changed-since runs `git diff` (no shell) in the root; git reads the repository, sls-lint reads only its output',
  },
};

describe('one read gate for every file sls-lint opens', () => {
  const sources = readSources(REPO, ['src', 'rules']);
  const uses = new Map([...sources].map(([file, text]) => [file, fileSystemUses(file, text)] as const).filter(([, found]) => found.length > 0));

  it('only the gate imports node:fs reading functions; the others touch the file system only as listed, for the reason given', () => {
    const others = Object.fromEntries([...uses].filter(([file]) => file !== GATE));
    expect(others).toEqual(Object.fromEntries(Object.entries(ALLOWED).map(([file, { uses: allowed }]) => [file, [...allowed].sort()])));
  });

  it('the gate is what reads: it opens, reads, lists and resolves paths itself', () => {
    expect(uses.get(GATE)).toEqual(expect.arrayContaining([
      'node:fs openSync', 'node:fs readSync', 'node:fs fstatSync', 'node:fs statSync', 'node:fs realpathSync', 'node:fs readdirSync',
    ]));
    expect(uses.get(GATE)).not.toContain('node:fs readFileSync');
  });

  it('each allowed module says why', () => {
    for (const [file, { why }] of Object.entries(ALLOWED)) expect(why.length, file).toBeGreaterThan(40);
  });

  it('docs/security.md names the gate and the writer', () => {
    const doc = readFileSync(path.join(REPO, 'docs/security.md'), 'utf8');
    expect(doc).toContain(GATE);
    expect(doc).toContain('src/util/write-file.ts');
  });
});

describe('the file-system check can fail', () => {
  it('finds node:fs, fs/promises and child_process imports, default, namespace and named, but not type-only ones', () => {
    const text = [
      "import { readFileSync, statSync as stat } from 'node:fs';",
      "import fs from 'fs';",
      "import * as fsp from 'node:fs/promises';",
      "import type { Dirent } from 'node:fs';",
      "import { type Stats } from 'node:fs';",
      "import { spawn } from 'child_process';",
      "import { globSync } from 'tinyglobby';",
    ].join('\n');
    expect(fileSystemUses('a.ts', text)).toEqual([
      'node:child_process spawn', 'node:fs default', 'node:fs readFileSync', 'node:fs statSync', 'node:fs/promises *', 'tinyglobby globSync',
    ]);
  });

  it('finds require() and import() of them, ts.sys members and spreads, and ESLint\'s lintFiles', () => {
    const text = [
      "const fs = require('fs');",
      "const later = () => import('node:fs/promises');",
      'const host = { ...ts.sys, fileExists: (f) => ts.sys.fileExists(f) };',
      'ts.sys.readFile(file);',
      'await eslint.lintFiles(files);',
    ].join('\n');
    expect(fileSystemUses('a.ts', text)).toEqual(['eslint lintFiles', 'node:fs *', 'node:fs/promises *', 'ts.sys *', 'ts.sys fileExists', 'ts.sys readFile']);
  });
});
