import { defineConfig } from 'vitest/config';

/**
 * Test files share one module graph per worker (`isolate: false`): importing ESLint, TypeScript and
 * the parser once per worker instead of once per file halves the suite. That is safe because
 * src/ keeps no module-level state (test/meta/module-state.test.ts). Files that replace modules
 * with `vi.mock` are named `*.isolated.test.ts` and run isolated, so their mocks cannot leak.
 */
export default defineConfig({
  test: {
    testTimeout: 30_000,
    // Temporary projects go under one folder per run, removed at the end (test/setup/temp-root.ts).
    globalSetup: ['test/setup/temp-root.ts'],
    // CI counts tests from the JSON report (.ci/run prints "N passed, N failed" from it).
    reporters: process.env['CI'] ? ['default', ['json', { outputFile: 'test-results/vitest.json' }]] : ['default'],
    projects: [
      { extends: true, test: { name: 'shared', include: ['test/**/*.test.ts'], exclude: ['test/**/*.isolated.test.ts'], isolate: false } },
      { extends: true, test: { name: 'isolated', include: ['test/**/*.isolated.test.ts'] } },
    ],
  },
});
