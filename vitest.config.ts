import { defineConfig } from 'vitest/config';

// One runner for the whole repository. Forks (not threads): sharp and better-sqlite3 are native and
// behave best with one process per test file.
export default defineConfig({
  test: {
    include: ['server/src/**/*.test.ts', 'server/test/**/*.test.ts', 'web/src/**/*.test.ts', 'packages/*/src/**/*.test.ts'],
    exclude: ['**/node_modules/**', 'server/test/e2e/**'],
    globalSetup: ['server/test/helpers/pg-global-setup.ts'],
    pool: 'forks',
    poolOptions: { forks: { maxForks: 2, minForks: 1 } },
    testTimeout: 30_000,
    hookTimeout: 60_000,
    reporters: ['default'],
  },
});
