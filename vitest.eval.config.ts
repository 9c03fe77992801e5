import { defineConfig } from 'vitest/config';

// `npm run eval [-- <datasets folder>]` (scripts/eval.mjs): accuracy and grouping quality measured on the full labelled
// datasets (`shared/datasets` beside the repository, or the folder given, passed on as EVAL_DATASETS). Each test prints
// its figures and fails when one is under its stated floor. Not part of `npm test`, which uses the committed sample.
export default defineConfig({
  test: {
    include: ['server/test/eval/**/*.eval.test.ts'],
    exclude: ['**/node_modules/**'],
    globalSetup: ['server/test/helpers/pg-global-setup.ts'],
    pool: 'forks',
    poolOptions: { forks: { maxForks: 2, minForks: 1 } },
    testTimeout: 300_000,
    hookTimeout: 600_000,
    reporters: ['default'],
  },
});
