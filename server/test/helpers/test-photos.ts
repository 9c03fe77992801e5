import fs from 'node:fs';
import path from 'node:path';

// Where tests find real photos. The unit run (`npm test`) reads only the committed sample in
// server/test/fixtures/photos (6 CC0 photos per class, see its SOURCE.md), so it passes on a fresh clone.
// The full datasets (`../shared/datasets` beside the repository, or EVAL_DATASETS) are for `npm run eval` and bench.

/** The committed sample, laid out like the datasets: `<class>/<uuid>.jpg`, labels.csv, colours.csv. */
export const TEST_PHOTOS = path.resolve(import.meta.dirname, '../fixtures/photos');

/** A committed photo by its path in the sample (`t-shirt/03103065-….jpg`). */
export const testPhoto = (rel: string) => path.join(TEST_PHOTOS, rel);

/** The `n` photos of a class after the first `skip`, in file-name order (absolute paths); never fewer than asked. */
export function testPhotos(cls: string, n = 3, skip = 0): string[] {
  const all = fs.readdirSync(path.join(TEST_PHOTOS, cls)).filter((f) => f.endsWith('.jpg')).sort();
  if (skip + n > all.length) throw new Error(`the committed sample has ${all.length} ${cls} photos: ${n} after ${skip} asked`);
  return all.slice(skip, skip + n).map((f) => path.join(TEST_PHOTOS, cls, f));
}

/** The sample's labels.csv rows: file (relative) and class (folder name). */
export function labelledTestPhotos(): { file: string; cls: string }[] {
  return fs.readFileSync(path.join(TEST_PHOTOS, 'labels.csv'), 'utf8').trim().split('\n').slice(1)
    .map((l) => l.split(',')).map((c) => ({ file: c[0], cls: c[1] }));
}

/** The full labelled datasets (clothing-dev, clothing-train): EVAL_DATASETS, else `shared/datasets` beside the repository. */
export function datasetsDir(): string {
  return path.resolve(process.env.EVAL_DATASETS || path.resolve(import.meta.dirname, '../../../../shared/datasets'));
}
