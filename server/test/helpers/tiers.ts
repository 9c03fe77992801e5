import { beforeEach } from 'vitest';
import { missing, type Tier } from './tier-env.ts';

// Skipping a suite, or part of one, when a tier it needs is missing here (see tier-env.ts for the tiers).
export { CHROMIUM_PATH, missing, type Tier } from './tier-env.ts';

const strict = (tiers: Tier[]) => process.env.REQUIRE_CHROMIUM === '1' && tiers.includes('chromium') && missing.chromium !== null;

/**
 * For a whole test file that needs `tiers`: true when they are all here. Otherwise every test of the file is skipped
 * with the reason (the file's beforeAll hooks must return early on false); a missing Chromium under REQUIRE_CHROMIUM=1 fails.
 */
export function suiteNeeds(...tiers: Tier[]): boolean {
  const why = tiers.map((t) => missing[t]).filter(Boolean).join('; ');
  if (!why) return true;
  if (strict(tiers)) throw new Error(`REQUIRE_CHROMIUM=1 but ${missing.chromium}`);
  console.warn(`[skipped] ${why}: this file's tests are skipped (they run in CI).`);
  beforeEach((ctx) => ctx.skip(`skipped: ${why}`));
  return false;
}

/** For describe.skipIf: the reason a block cannot run (also printed), or '' when it can. */
export function blockNeeds(...tiers: Tier[]): string {
  const why = tiers.map((t) => missing[t]).filter(Boolean).join('; ');
  if (strict(tiers)) throw new Error(`REQUIRE_CHROMIUM=1 but ${missing.chromium}`);
  if (why) console.warn(`[skipped] ${why}: some tests of this file are skipped (they run in CI).`);
  return why;
}
