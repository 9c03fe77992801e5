import { defineConfig } from 'vitest/config';

// Browser tests: the real server (built web app included) driven in Debian's Chromium through playwright-core.
// One file at a time: each launches a browser and a server, and the machine is small.
export default defineConfig({
  test: {
    include: ['server/test/e2e/**/*.e2e.test.ts'],
    globalSetup: ['server/test/e2e/global-setup.ts'],
    pool: 'forks',
    poolOptions: { forks: { singleFork: true } },
    fileParallelism: false,
    testTimeout: 120_000,
    // A page's first render on a loaded 2-core CI machine can take more than expect.poll's 1 s default (seen once:
    // the empty dashboard's welcome). Polls return as soon as they pass, so a roomier limit costs nothing.
    expect: { poll: { timeout: 10_000 } },
    hookTimeout: 240_000,
    reporters: ['default'],
  },
});
