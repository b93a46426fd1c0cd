/**
 * Exits 2 with a message when this Node.js does not satisfy package.json's `engines.node`, so a
 * runner without actions/setup-node fails with advice instead of a syntax error deep in the build.
 * Reads the forms package.json uses: `^x.y.z`, `>=x.y.z` and `||`; a range in any other form passes.
 */
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

const parts = (version) => version.replace(/^v/, '').split('.').map((n) => Number.parseInt(n, 10) || 0);

function compare(a, b) {
  for (let i = 0; i < 3; i += 1) if ((a[i] ?? 0) !== (b[i] ?? 0)) return (a[i] ?? 0) - (b[i] ?? 0);
  return 0;
}

/** @param {string} version @param {string} range */
export function satisfies(version, range) {
  const v = parts(version);
  return range.split('||').some((alternative) => {
    const term = alternative.trim();
    const caret = /^\^(\d+(?:\.\d+){0,2})$/.exec(term);
    if (caret) {
      const min = parts(caret[1]);
      return v[0] === min[0] && compare(v, min) >= 0;
    }
    const atLeast = /^>=\s*(\d+(?:\.\d+){0,2})$/.exec(term);
    if (atLeast) return compare(v, parts(atLeast[1])) >= 0;
    return true;
  });
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const range = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).engines?.node;
  if (range && !satisfies(process.versions.node, range)) {
    console.log(`sls-lint needs Node.js ${range}; this runner has ${process.version}. Add actions/setup-node (node-version: 20) before sls-lint.`);
    process.exit(2);
  }
}
