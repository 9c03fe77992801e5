import fs from 'node:fs';

// The test tiers and how each is selected. `npm test` on a fresh clone needs nothing beside the repository; the
// suites that need a service run when it is there and are skipped, saying why, when it is not:
//   PostgreSQL   DATABASE_URL set: every API suite runs on it instead of SQLite, and the cross-process bulk tests run.
//   Redis        REDIS_URL set: the BullMQ job-queue suite (bulk-redis.test.ts; its multi-process part also needs DATABASE_URL)
//                and, with DATABASE_URL, the two-process topology (reliability/topology.test.ts).
//   Chromium     found at CHROMIUM_PATH (default /usr/bin/chromium): the Vinted connector suites that drive a browser.
// PostgreSQL and Redis are chosen by their variables, so a run that sets them and cannot connect fails. Chromium is
// looked for on disk: CI (.ci/run) installs it and sets REQUIRE_CHROMIUM=1, which turns its absence into a failure.
// Outside `npm test`: `npm run test:e2e` (the web app in Chromium) and `npm run eval` (accuracy on the full datasets).

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Why each optional tier cannot run here, or null when it can. */
export const missing = {
  postgres: process.env.DATABASE_URL ? null : 'DATABASE_URL is not set',
  redis: process.env.REDIS_URL ? null : 'REDIS_URL is not set',
  chromium: fs.existsSync(CHROMIUM_PATH) ? null : `Chromium is missing at ${CHROMIUM_PATH} (apt-get install -y chromium, or set CHROMIUM_PATH)`,
} as const;

export type Tier = keyof typeof missing;

/** One summary at the start of `npm test` (vitest.config.ts's global setup). */
export function tierSummary(): string {
  const line = (name: string, why: string | null, runs: string) => `  ${name.padEnd(11)} ${why ? `skipped: ${why}` : 'runs'}${why ? '' : ` (${runs})`}`;
  return [
    'Test tiers of this run:',
    `  SQLite      ${missing.postgres ? 'runs (every API suite on the embedded database)' : 'not used: DATABASE_URL is set, API suites run on PostgreSQL'}`,
    line('PostgreSQL', missing.postgres, 'DATABASE_URL'),
    line('Redis', missing.redis, 'REDIS_URL: bulk-redis.test.ts, reliability/topology.test.ts'),
    line('Chromium', missing.chromium, `${CHROMIUM_PATH}: server/test/vinted, bulk-publish.test.ts`),
    '  Also: `npm run test:e2e` (web app in Chromium), `npm run eval` (accuracy on the full datasets).',
  ].join('\n');
}
