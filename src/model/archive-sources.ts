import path from 'node:path';
import { isReallyInside, listFolder } from '../util/fs-fence.js';

/** How deep below a folder the source of an archive is looked for: build scripts zip sources from nearby. */
const MAX_DEPTH = 4;
/** Entries listed per folder searched, at most: a huge tree is not walked for one guess. */
const MAX_ENTRIES = 5_000;
const SOURCE = /\.(ts|mts|cts|js|mjs|cjs)$/i;

/**
 * The source file a deployed archive was built from, found by name: `functions/ListBooks.zip`
 * built from `functions/APIs/listBooks.js`. Build scripts that zip one function per archive name
 * the archive after the function's source file; letter case and separators may differ
 * (`list-books.js`, `ListBooks.ts`). Only one match is an answer: two are a guess.
 */
export class ArchiveSources {
  private readonly listings = new Map<string, string[]>();

  constructor(private readonly root: string) {}

  find(archiveName: string, dirs: readonly string[]): string | undefined {
    const wanted = normalized(archiveName);
    for (const dir of dirs) {
      const matches = this.sourcesUnder(dir).filter((file) => normalized(path.basename(file).replace(SOURCE, '')) === wanted);
      if (matches.length === 1) return matches[0];
      if (matches.length > 1) return undefined;
    }
    return undefined;
  }

  /** Source files below a folder (not in node_modules, dot folders or build output), listed once per model build. */
  private sourcesUnder(dir: string): string[] {
    let files = this.listings.get(dir);
    if (files) return files;
    files = [];
    const queue: { dir: string; depth: number }[] = [{ dir, depth: 0 }];
    let seen = 0;
    while (queue.length > 0 && seen < MAX_ENTRIES) {
      const next = queue.shift()!;
      if (!isReallyInside(this.root, next.dir)) continue;
      for (const entry of listFolder(next.dir)) {
        if (++seen > MAX_ENTRIES) break;
        const full = path.join(next.dir, entry.name);
        if (entry.isDirectory()) {
          if (next.depth < MAX_DEPTH && !SKIPPED.test(entry.name)) queue.push({ dir: full, depth: next.depth + 1 });
        } else if (entry.isFile() && SOURCE.test(entry.name) && !/\.d\.[mc]?ts$/.test(entry.name)) {
          files.push(full);
        }
      }
    }
    this.listings.set(dir, files);
    return files;
  }
}

const SKIPPED = /^(node_modules|\..*|dist|build|out|coverage|cdk\.out)$/;

/** `ListBooks`, `list-books` and `list_books` are one name. */
function normalized(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]/g, '');
}
