import path from 'node:path';
import { isFile, isInside, isReallyInside, listFolder } from '../util/fs-fence.js';

/**
 * Finds files by a path whose letter case may differ from the disk: a template written on a
 * case-insensitive file system (macOS, Windows) may spell a folder `Handlers` that is `handlers`.
 * Folder listings are read once; one instance lives as long as one model build.
 */
export class LetterCaseLookup {
  private readonly listings = new Map<string, string[]>();

  constructor(private readonly root: string) {}

  /**
   * The file a path (inside the root) names once letter case is ignored, spelled as on disk; undefined
   * when there is none, or when two entries of one folder differ only in case.
   */
  find(file: string): string | undefined {
    if (!isInside(this.root, file) || file === this.root) return undefined;
    let current = this.root;
    for (const segment of path.relative(this.root, file).split(path.sep)) {
      const names = this.list(current);
      const lower = segment.toLowerCase();
      const matches = names.includes(segment) ? [segment] : names.filter((name) => name.toLowerCase() === lower);
      if (matches.length !== 1) return undefined;
      current = path.join(current, matches[0]!);
    }
    return isFile(current) ? current : undefined;
  }

  private list(dir: string): string[] {
    let names = this.listings.get(dir);
    if (!names) {
      // A folder symlinked out of the project is not the project's to list.
      names = isReallyInside(this.root, dir) ? readNames(dir) : [];
      this.listings.set(dir, names);
    }
    return names;
  }
}

function readNames(dir: string): string[] {
  return listFolder(dir).map((entry) => entry.name);
}
