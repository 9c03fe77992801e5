import { defineConfig } from 'vitest/config';

// One runner for the whole repository (the unit tier: `npm test`). Suites needing PostgreSQL, Redis or Chromium run when
// those are present and are skipped with the reason otherwise (server/test/helpers/tiers.ts); browser tests of the web
// app are `npm run test:e2e` (server/test/e2e), accuracy on the full datasets `npm run eval` (server/test/eval).
// Forks (not threads): sharp and better-sqlite3 are native and behave best with one process per test file.
export default defineConfig({
  test: {
    include: ['server/src/**/*.test.ts', 'server/test/**/*.test.ts', 'web/src/**/*.test.ts', 'packages/*/src/**/*.test.ts'],
    exclude: ['**/node_modules/**', 'server/test/e2e/**', 'server/test/eval/**'],
    globalSetup: ['server/test/helpers/tiers-global-setup.ts', 'server/test/helpers/pg-global-setup.ts'],
    pool: 'forks',
    poolOptions: { forks: { maxForks: 2, minForks: 1 } },
    testTimeout: 30_000,
    hookTimeout: 60_000,
    reporters: ['default'],
  },
});
