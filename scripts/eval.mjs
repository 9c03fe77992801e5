// npm run eval [-- <datasets folder>]
// The eval tier: accuracy and grouping-quality checks on the full labelled datasets (server/test/eval), which the
// repository does not hold. The folder must contain clothing-dev/ and clothing-train/ (labels.csv in each); by default
// `shared/datasets` beside the repository. Prints each figure with its floor; exits non-zero when one is missed.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const arg = process.argv.slice(2).find((a) => !a.startsWith('-'));
const datasets = path.resolve(arg ?? process.env.EVAL_DATASETS ?? path.join(root, '../shared/datasets'));
const missing = ['clothing-dev', 'clothing-train'].filter((d) => !fs.existsSync(path.join(datasets, d, 'labels.csv')));
if (missing.length) {
  console.error(`eval: ${missing.join(' and ')} not found in ${datasets} (each needs a labels.csv).`);
  console.error('usage: npm run eval -- <folder holding clothing-dev/ and clothing-train/>');
  process.exit(2);
}
console.log(`eval: datasets from ${datasets}`);
const vitest = path.join(root, 'node_modules/vitest/vitest.mjs');
const r = spawnSync(process.execPath, [vitest, 'run', '--config', 'vitest.eval.config.ts'], {
  cwd: root, stdio: 'inherit', env: { ...process.env, EVAL_DATASETS: datasets },
});
process.exit(r.status ?? 1);
