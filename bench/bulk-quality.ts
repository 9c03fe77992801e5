// bench/bulk-quality: how well bulk groups photos into garments, on sessions built from the DEV photos
// (shared/datasets/clothing-dev, never used to fit anything). Each session: N garments shown 3–6 times (front,
// crop, mirror, small rotation, light change, other background, detail zoom, a rendered care label), in capture
// order, with exact and near duplicates. Three ways a batch arrives: a camera roll with EXIF times, the same without
// times (file names only), and random names without times (order says nothing: density mode).
// Same decode, figures, close-up detector, dedup and grouping as the bulk job (bench/bulk-signals.ts).
//   npx tsx bench/bulk-quality.ts [sessions=5] [garments=30] [first seed=5000]
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DEFAULT_GROUPING, groupPhotos } from '../server/src/modules/bulk/grouping/group-photos.ts';
import type { PhotoSignals } from '../server/src/modules/bulk/grouping/photo-signals.ts';
import { loadConfig } from '../server/src/config.ts';
import { buildSession, DEV_DATASET, scoreGrouping } from '../server/test/bulk/fixtures/session-builder.ts';
import { cachedSessionSignals, type SessionSignals } from './bulk-signals.ts';

const sessions = Number(process.argv[2] ?? 5);
const garments = Number(process.argv[3] ?? 30);
const firstSeed = Number(process.argv[4] ?? 5000);
const cfg = loadConfig({ DATA_DIR: os.tmpdir() });
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'vintedbot-bulk-q-'));

interface Meta { kind: Map<string, string>; cls: Map<string, string> }
const built: (SessionSignals & Meta)[] = [];
for (let s = 0; s < sessions; s++) {
  const opts = { garments, seed: firstSeed + s, dataset: DEV_DATASET, exactDuplicates: 2, nearDuplicates: 2 };
  const session = await buildSession(opts);
  const sig = await cachedSessionSignals(`dev-${garments}-${firstSeed + s}-regions`, async () => session, tmp, { embedding: true, regions: true });
  built.push({ ...sig, kind: new Map(session.photos.map((p) => [p.filename, p.kind])), cls: new Map(session.photos.map((p) => [p.filename, p.source.split('/').at(-2)!])) });
  process.stdout.write(`session ${s + 1}/${sessions}: ${session.photos.length} photos\r`);
}
console.log('');
const det = built.reduce((a, s) => ({ tp: a.tp + s.labelsDetected.truePositive, fp: a.fp + s.labelsDetected.falsePositive, miss: a.miss + s.labelsDetected.missed }), { tp: 0, fp: 0, miss: 0 });
console.log(`${built.length} dev sessions, ${built.reduce((a, s) => a + s.signals.length, 0)} photos, ${garments} garments each; label close-ups: detector found ${det.tp}, missed ${det.miss}, flagged ${det.fp} other photos`);
console.log(`duplicates collapsed: ${built.reduce((a, s) => a + s.duplicate.size, 0)} (built: ${sessions * 4})`);

type Variant = 'camera roll, EXIF times' | 'file names only (no EXIF)' | 'random names, no EXIF';
const variants: [Variant, (p: PhotoSignals, i: number, si: number) => PhotoSignals, boolean][] = [
  ['camera roll, EXIF times', (p) => p, false],
  ['file names only (no EXIF)', (p) => ({ ...p, takenAt: null }), false],
  ['random names, no EXIF', (p, i, si) => ({ ...p, takenAt: null, filename: `${((i + 1) * 7919 + si * 104729) % 100003}.jpg` }), true],
];
const failures: string[] = [];
for (const [name, transform, shuffled] of variants) {
  const scores = built.map((s, si) => {
    let photos = s.signals.filter((p) => !s.duplicate.has(p.id)).map((p, i) => transform(p, i, si));
    if (shuffled) photos = [...photos].sort((a, b) => (a.filename < b.filename ? -1 : 1));
    const res = groupPhotos(photos, { ...DEFAULT_GROUPING, eps: cfg.BULK_CLUSTER_EPS, minSamples: cfg.BULK_MIN_SAMPLES });
    const byId = new Map(photos.map((p) => [p.id, p.filename]));
    const groups = res.groups.map((g) => g.photoIds.map((id) => id));
    for (const [dup, twin] of s.duplicate) groups.find((g) => g.includes(twin))?.push(dup);
    const sc = scoreGrouping(s.truth, groups);
    if (name === variants[0][0] || name === variants[1][0] || process.env.FAIL_DENSITY) collectFailures(name, si, s, groups, byId);
    return { ...sc, mode: res.mode, order: res.order, clusters: res.groups.length, few: res.groups.filter((g) => g.fewPhotos).length };
  });
  const avg = (k: 'precision' | 'recall' | 'f1' | 'inOneCluster' | 'whole') => scores.reduce((a, x) => a + x[k], 0) / scores.length;
  console.log(`\n${name}  (grouping mode: ${[...new Set(scores.map((x) => x.mode))].join(', ')}; consecutive shots alike: ${scores.map((x) => x.order.consecutive_alike).join(' ')}, any two: ${scores.map((x) => x.order.any_alike).join(' ')})`);
  console.log(`  pairwise precision ${avg('precision').toFixed(3)}  recall ${avg('recall').toFixed(3)}  F1 ${avg('f1').toFixed(3)}  (per session: ${scores.map((x) => x.f1.toFixed(3)).join(' ')})`);
  console.log(`  garments whose photos are all in one cluster: ${(avg('inOneCluster') * 100).toFixed(1)} %; in one cluster holding nothing else: ${(avg('whole') * 100).toFixed(1)} %`);
  console.log(`  clusters per session: ${scores.map((x) => x.clusters).join(' ')} for ${garments} garments; flagged few_photos: ${scores.map((x) => x.few).join(' ')}`);
}
console.log('\nFailure cases (first 25, camera-roll variants): truth garment/class/view → cluster');
for (const f of failures.slice(0, 25)) console.log(`  ${f}`);
fs.rmSync(tmp, { recursive: true, force: true });

/** Garments split across clusters, and clusters mixing garments, described in the seller's terms. */
function collectFailures(variant: string, si: number, s: SessionSignals & Meta, groups: string[][], byId: Map<string, string>) {
  const clusterOf = new Map<string, number>();
  groups.forEach((g, gi) => g.forEach((f) => clusterOf.set(f, gi)));
  const byGarment = new Map<number, string[]>();
  for (const [f, g] of s.truth) byGarment.set(g, [...(byGarment.get(g) ?? []), f]);
  for (const [g, fs_] of byGarment) {
    const cs = new Set(fs_.map((f) => clusterOf.get(f)));
    if (cs.size > 1) failures.push(`[${variant}, s${si}] SPLIT garment ${g} (${s.cls.get(fs_[0])}): ${fs_.map((f) => `${s.kind.get(f)}→c${clusterOf.get(f)! + 1}`).join(', ')}`);
  }
  groups.forEach((g, gi) => {
    const gs = new Set(g.map((f) => s.truth.get(f)));
    if (gs.size > 1) failures.push(`[${variant}, s${si}] MERGE c${gi + 1}: ${g.map((f) => `g${s.truth.get(f)}/${s.cls.get(f)}/${s.kind.get(f)}`).join(', ')}`);
  });
  void byId;
}
