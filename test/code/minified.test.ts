import { describe, expect, it } from 'vitest';
import { HEAD_CHARS, LONG_LINE, minifiedSign } from '../../src/code/minified.js';

const sign = (file: string, text?: string) => minifiedSign(file, () => text);

describe('minifiedSign', () => {
  it('knows minified files by name without reading them', () => {
    let read = false;
    expect(minifiedSign('dist/app.min.js', () => { read = true; return ''; })).toBe('name');
    expect(read).toBe(false);
    expect(sign('vendor/lib.MIN.mjs', '')).toBe('name');
    expect(sign('vendor/lib.min.cjs', '')).toBe('name');
    expect(sign('src/admin.ts', 'export const a = 1;\n')).toBeUndefined();
    expect(sign('src/min.js', 'export const a = 1;\n')).toBeUndefined();
  });

  it('takes a source map comment on a line of its own, not the words in a string', () => {
    expect(sign('dist/app.js', 'exports.a = 1;\n//# sourceMappingURL=app.js.map\n')).toBe('source-map');
    expect(sign('dist/app.js', 'exports.a = 1;\n  //@ sourceMappingURL=data:application/json;base64,e30=')).toBe('source-map');
    expect(sign('src/maps.ts', "const hint = 'add //# sourceMappingURL= to your output';\n")).toBeUndefined();
  });

  it('takes a line over the limit in the head of the file, not one at the limit or after the head', () => {
    expect(sign('a.js', `const s = '${'x'.repeat(LONG_LINE - 13)}';\n`)).toBeUndefined();
    expect(sign('a.js', `const s = '${'x'.repeat(LONG_LINE - 12)}';\n`)).toBe('long-line');
    const head = `${'// a comment line of forty characters.\n'.repeat(Math.ceil(HEAD_CHARS / 39))}`;
    expect(sign('a.js', `${head}const s = '${'x'.repeat(LONG_LINE)}';\n`)).toBeUndefined();
    expect(sign('a.js', undefined)).toBeUndefined();
  });
});
