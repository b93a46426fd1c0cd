import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const TEST = path.resolve(import.meta.dirname, '..');

/** A module mock in a file that shares its worker's module graph would leak into the files after it (vitest.config.ts). */
describe('test isolation', () => {
  it('only *.isolated.test.ts files replace modules with vi.mock', () => {
    const files = readdirSync(TEST, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.test.ts') && !f.endsWith('.isolated.test.ts'));
    const mocking = files.filter((f) => /\bvi\.(do)?mock\(/.test(readFileSync(path.join(TEST, f), 'utf8')));
    expect(mocking).toEqual([]);
  });
});
