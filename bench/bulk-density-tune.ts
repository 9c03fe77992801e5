// bench/bulk-density-tune: chooses the density grouping's thresholds (uploads whose order says nothing: random names,
// no capture times) on sessions built from the TRAINING photos only (shared/datasets/clothing-train). Prints pairwise
// F1 per setting, on average and per session; bench/bulk-quality.ts then measures the chosen one on clothing-dev.
//   npx tsx bench/bulk-density-tune.ts [sessions=8] [garments=30] [first seed=1000]
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DEFAULT_GROUPING, groupPhotos, type GroupingOptions } from '../server/src/modules/bulk/grouping/group-photos.ts';
import { TRAIN_DATASET, buildSession, scoreGrouping } from '../server/test/bulk/fixtures/session-builder.ts';
import { cachedSessionSignals, type SessionSignals } from './bulk-signals.ts';

const sessions = Number(process.argv[2] ?? 8);
const garments = Number(process.argv[3] ?? 30);
const firstSeed = Number(process.argv[4] ?? 1000);
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'vintedbot-bulk-tune-'));

const built: SessionSignals[] = [];
for (let s = 0; s < sessions; s++) {
  const seed = firstSeed + s;
  built.push(await cachedSessionSignals(`train-${garments}-${seed}-regions`, () => buildSession({ garments, seed, dataset: TRAIN_DATASET, exactDuplicates: 2, nearDuplicates: 2 }), tmp, { embedding: true, regions: true }));
  process.stdout.write(`session ${s + 1}/${sessions}: ${built.at(-1)!.signals.length} photos\r`);
}
console.log('');

/** Random names, no capture times, shuffled: the order says nothing (as bench/bulk-quality.ts's third variant). */
function score(opts: GroupingOptions) {
  return built.map((s, si) => {
    const photos = s.signals.filter((p) => !s.duplicate.has(p.id))
      .map((p, i) => ({ ...p, takenAt: null, filename: `${((i + 1) * 7919 + si * 104729) % 100003}.jpg` }))
      .sort((a, b) => (a.filename < b.filename ? -1 : 1));
    const res = groupPhotos(photos, { ...opts, mode: 'density' });
    const groups = res.groups.map((g) => [...g.photoIds]);
    for (const [dup, twin] of s.duplicate) groups.find((g) => g.includes(twin))?.push(dup);
    return { ...scoreGrouping(s.truth, groups), clusters: res.groups.length };
  });
}

const settings: [string, Partial<GroupingOptions>][] = [
  ['as shipped', {}],
  ['no adoption', { adoptCentre: 2 }],
  // The other-floor adoption: centre-window cosine floor × lead over the next group (0.5 / 0.1 chosen, 2026-12-07).
  ...[0.4, 0.5, 0.6, 0.7].flatMap((a) => [0, 0.05, 0.1, 0.15, 0.2].map((m): [string, Partial<GroupingOptions>] => [`centre ≥ ${a} +${m}`, { adoptCentre: a, adoptMargin: m }])),
];
for (const [name, o] of settings) {
  const sc = score({ ...DEFAULT_GROUPING, ...o });
  const avg = (k: 'precision' | 'recall' | 'f1') => (sc.reduce((a, x) => a + x[k], 0) / sc.length).toFixed(3);
  console.log(`${name.padEnd(14)} F1 ${avg('f1')} (P ${avg('precision')}, R ${avg('recall')}); worst ${Math.min(...sc.map((x) => x.f1)).toFixed(3)}; per session ${sc.map((x) => x.f1.toFixed(2)).join(' ')}; clusters ${sc.map((x) => x.clusters).join(' ')}`);
}
fs.rmSync(tmp, { recursive: true, force: true });
