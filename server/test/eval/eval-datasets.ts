import fs from 'node:fs';
import path from 'node:path';
import { datasetsDir } from '../helpers/test-photos.ts';

// The eval tier (`npm run eval [-- <datasets folder>]`) measures accuracy and grouping quality on the full labelled
// datasets, which are not in the repository: `shared/datasets` beside it, or the folder given (EVAL_DATASETS).

export const DATASETS = datasetsDir();
export const DEV = path.join(DATASETS, 'clothing-dev');
export const TRAIN = path.join(DATASETS, 'clothing-train');

/** Throws, naming the folder and how to give another, when a dataset is missing (eval never passes without data). */
export function requireDatasets(...dirs: string[]) {
  for (const d of dirs) {
    if (!fs.existsSync(path.join(d, 'labels.csv'))) {
      throw new Error(`no labelled dataset at ${d} (labels.csv missing): run \`npm run eval -- <folder holding clothing-dev and clothing-train>\``);
    }
  }
}

/** One figure against its floor, printed so every eval run shows where it stands. */
export function figure(name: string, value: number, floor: number, unit: '%' | '' = '%') {
  const show = (x: number) => (unit === '%' ? `${(100 * x).toFixed(1)} %` : x.toFixed(3));
  console.log(`[eval] ${name}: ${show(value)} (floor ${show(floor)})${value >= floor ? '' : '  <-- BELOW FLOOR'}`);
  return value;
}
