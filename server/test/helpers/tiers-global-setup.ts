import { tierSummary } from './tier-env.ts';

// Says once, at the start of `npm test`, which optional tiers run here and why the others are skipped.
export function setup() {
  console.log(`\n${tierSummary()}\n`);
}
