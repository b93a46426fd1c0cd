import type { ModuleIndex } from './module-index.js';
import { typeDeclarationOf, typeKey } from './type-declarations.js';
import type { ModuleLookup } from './value-resolver.js';

/** A class, by its file and start: plain data, so the index outlives the trees it was read from. */
export interface ClassPlace {
  file: string;
  start: number;
  abstract: boolean;
}

/**
 * Which classes implement or extend each declared type (`class DynamoInvoiceStore implements
 * InvoiceStore`, `class Orders extends Repository`), by `typeKey`, over some modules: the code the
 * handlers import, so a fake in a test file does not count as a second implementation.
 */
export function implementationIndex(modules: ModuleLookup, indexes: Iterable<ModuleIndex>): Map<string, ClassPlace[]> {
  const byType = new Map<string, ClassPlace[]>();
  for (const index of indexes) {
    for (const cls of index.classList) {
      const heritage = [...cls.implements.map((clause) => clause.expression), ...(cls.superClass ? [cls.superClass] : [])];
      for (const name of heritage) {
        const declared = typeDeclarationOf(modules, index, name);
        if (!declared) continue;
        const key = typeKey(declared);
        const list = byType.get(key) ?? [];
        list.push({ file: index.file, start: cls.range[0], abstract: cls.type === 'ClassDeclaration' && cls.abstract });
        byType.set(key, list);
      }
    }
  }
  return byType;
}

/** The classes that can be instances of a type: its implementations, an abstract one replaced by its own. */
export function concreteImplementations(byType: ReadonlyMap<string, readonly ClassPlace[]>, key: string): ClassPlace[] {
  const found: ClassPlace[] = [];
  const seen = new Set<string>();
  const visit = (k: string): void => {
    if (seen.has(k)) return;
    seen.add(k);
    for (const place of byType.get(k) ?? []) {
      if (place.abstract) visit(`${place.file}#${place.start}`);
      else found.push(place);
    }
  };
  visit(key);
  return found;
}
