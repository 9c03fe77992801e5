// bench/bulk-calibrate: fits the grouping's pair model (server/src/modules/bulk/grouping/pair-model.ts) on sessions
// built from the TRAINING photos only (shared/datasets/clothing-train), then prints the coefficients to paste and
// the sequence grouping's figures on those same training sessions for a few settings. The dev set is never read
// here: bench/bulk-quality.ts measures on it.
//   npx tsx bench/bulk-calibrate.ts [sessions=10] [garments=25]
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pairFeatures, type PairCoefficients } from '../server/src/modules/bulk/grouping/pair-model.ts';
import { centreEmbeddings, DEFAULT_GROUPING, groupPhotos } from '../server/src/modules/bulk/grouping/group-photos.ts';
import { TRAIN_DATASET, buildSession, scoreGrouping } from '../server/test/bulk/fixtures/session-builder.ts';
import { cachedSessionSignals, type SessionSignals } from './bulk-signals.ts';

const sessions = Number(process.argv[2] ?? 10);
const garments = Number(process.argv[3] ?? 25);
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'vintedbot-bulk-cal-'));

const built: SessionSignals[] = [];
for (let s = 0; s < sessions; s++) {
  const sig = await cachedSessionSignals(`train-${garments}-${1000 + s}`, () => buildSession({ garments, seed: 1000 + s, dataset: TRAIN_DATASET, exactDuplicates: 1, nearDuplicates: 1 }), tmp, { embedding: true });
  built.push(sig);
  process.stdout.write(`session ${s + 1}/${sessions}: ${sig.signals.length} photos\r`);
}
console.log('');
const det = built.reduce((a, s) => ({ tp: a.tp + s.labelsDetected.truePositive, fp: a.fp + s.labelsDetected.falsePositive, miss: a.miss + s.labelsDetected.missed }), { tp: 0, fp: 0, miss: 0 });
console.log(`close-ups from ${built[0].closeUpSource}: label detector found ${det.tp}, missed ${det.miss}, flagged ${det.fp} other photos`);

// Pairs the sequence grouping weighs: full shots (no close-ups, no duplicates) at most 20 apart in capture order.
type Row = { x: number[]; y: number };
const rows = (withEmbedding: boolean): Row[] => {
  const out: Row[] = [];
  for (const s of built) {
    const full = centreEmbeddings(s.signals.filter((p) => !s.duplicate.has(p.id))).filter((p) => !p.closeUp);
    for (let i = 0; i < full.length; i++) {
      for (let j = i + 1; j < Math.min(full.length, i + 20); j++) {
        const f = pairFeatures(full[i], full[j]);
        out.push({ x: withEmbedding ? [f.embedding ?? 0, f.colour, f.structure] : [f.colour, f.structure], y: s.truth.get(full[i].id) === s.truth.get(full[j].id) ? 1 : 0 });
      }
    }
  }
  return out;
};

/** Logistic regression by Newton's method (IRLS): a handful of parameters, so it converges exactly. */
function fitLogistic(data: Row[], l2 = 0.01, iterations = 50): number[] {
  const d = data[0].x.length + 1;
  const w = new Array(d).fill(0);
  for (let it = 0; it < iterations; it++) {
    const g = new Array(d).fill(0);
    const H = Array.from({ length: d }, () => new Array(d).fill(0));
    for (const r of data) {
      const x = [1, ...r.x];
      let z = 0;
      for (let k = 0; k < d; k++) z += w[k] * x[k];
      const p = 1 / (1 + Math.exp(-z));
      for (let a = 0; a < d; a++) {
        g[a] += (p - r.y) * x[a];
        for (let b = 0; b < d; b++) H[a][b] += p * (1 - p) * x[a] * x[b];
      }
    }
    for (let a = 1; a < d; a++) { g[a] += l2 * data.length * w[a]; H[a][a] += l2 * data.length; }
    const step = solve(H, g);
    let change = 0;
    for (let k = 0; k < d; k++) { w[k] -= step[k]; change = Math.max(change, Math.abs(step[k])); }
    if (change < 1e-6) break;
  }
  return w;
}

function solve(A: number[][], b: number[]): number[] {
  const n = b.length;
  const M = A.map((row, i) => [...row, b[i]]);
  for (let c = 0; c < n; c++) {
    let piv = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(M[r][c]) > Math.abs(M[piv][c])) piv = r;
    [M[c], M[piv]] = [M[piv], M[c]];
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const f = M[r][c] / M[c][c];
      for (let k = c; k <= n; k++) M[r][k] -= f * M[c][k];
    }
  }
  return M.map((row, i) => row[n] / row[i]);
}

const r1 = rows(true), r0 = rows(false);
for (const [name, k] of [['embedding', 0], ['colour', 1], ['structure', 2]] as const) {
  const q = (y: number) => {
    const v = r1.filter((r) => r.y === y).map((r) => r.x[k]).sort((a, b) => a - b);
    return [0.05, 0.25, 0.5, 0.75, 0.95].map((p) => v[Math.floor(p * (v.length - 1))].toFixed(2)).join(' ');
  };
  console.log(`${name.padEnd(10)} same: ${q(1)} | different: ${q(0)}`);
}
console.log(`pairs: ${r1.length} (${r1.filter((r) => r.y).length} same-garment)`);
const w1 = fitLogistic(r1, 0.001), w0 = fitLogistic(r0, 0.001);
const withEmb: PairCoefficients = { bias: round(w1[0]), embedding: round(w1[1]), colour: round(w1[2]), structure: round(w1[3]) };
const withoutEmb: PairCoefficients = { bias: round(w0[0]), embedding: 0, colour: round(w0[1]), structure: round(w0[2]) };
console.log('WITH_EMBEDDING    =', JSON.stringify(withEmb));
console.log('WITHOUT_EMBEDDING =', JSON.stringify(withoutEmb));

// The grouping on these training sessions with the fitted coefficients, for a grid of settings.
const grid: string[] = [];
for (const linkage of (process.env.LINKAGES ?? 'average').split(',') as ('sum' | 'single' | 'average')[]) {
  for (const exif of [true, false]) {
    for (const timeWeight of exif ? [1.5, 3] : [0]) {
      for (const link of [0.1, 0.15, 0.2, 0.3]) {
        for (const prior of [1, 2]) {
          const scores = built.map((s) => {
            const photos = s.signals.filter((p) => !s.duplicate.has(p.id)).map((p) => (exif ? p : { ...p, takenAt: null }));
            const res = groupPhotos(photos, { ...DEFAULT_GROUPING, mode: 'sequence', linkProbability: link, timeWeight, linkage, smallRunPrior: [-prior, -prior / 2], model: { withEmbedding: withEmb, withoutEmbedding: withoutEmb } });
            const groups = res.groups.map((g) => g.photoIds.map((id) => id));
            for (const [dup, twin] of s.duplicate) groups.find((g) => g.includes(twin))?.push(dup);
            return scoreGrouping(s.truth, groups);
          });
          const avg = (k: 'precision' | 'recall' | 'f1' | 'inOneCluster') => scores.reduce((a, x) => a + x[k], 0) / scores.length;
          grid.push(`${avg('f1').toFixed(3)} linkage=${linkage} exif=${exif ? 'yes' : 'no '} time=${timeWeight} link=${link} prior=${prior}: P ${avg('precision').toFixed(3)} R ${avg('recall').toFixed(3)} one-cluster ${avg('inOneCluster').toFixed(3)}`);
        }
      }
    }
  }
}
const show = (filter: string) => grid.filter((g) => g.includes(filter)).sort().reverse().slice(0, 6).forEach((g) => console.log(g));
for (const l of (process.env.LINKAGES ?? 'average').split(',')) for (const e of ['yes', 'no ']) { console.log(`-- ${l} exif=${e}`); show(`linkage=${l} exif=${e}`); }
// Density mode (DBSCAN), for uploads whose order says nothing: the same photos shuffled, no capture times.
console.log('-- density mode (shuffled order, no capture times)');
const dens: string[] = [];
for (const eps of [0.3, 0.4, 0.5, 0.6, 0.7]) {
  for (const minSamples of [1, 2, 3]) {
    const scores = built.map((s, si) => {
      const photos = shuffle(s.signals.filter((p) => !s.duplicate.has(p.id)).map((p, i) => ({ ...p, takenAt: null, filename: `${(i * 7919 + si * 104729) % 100003}.jpg` })), si);
      const res = groupPhotos(photos, { ...DEFAULT_GROUPING, mode: 'auto', eps, minSamples, model: { withEmbedding: withEmb, withoutEmbedding: withoutEmb } });
      const groups = res.groups.map((g) => g.photoIds.map((id) => id));
      for (const [dup, twin] of s.duplicate) groups.find((g) => g.includes(twin))?.push(dup);
      return { ...scoreGrouping(s.truth, groups), mode: res.mode };
    });
    const avg = (k: 'precision' | 'recall' | 'f1' | 'inOneCluster') => (scores.reduce((a, x) => a + x[k], 0) / scores.length).toFixed(3);
    dens.push(`${avg('f1')} eps=${eps} min_samples=${minSamples}: P ${avg('precision')} R ${avg('recall')} one-cluster ${avg('inOneCluster')} modes ${scores.map((x) => x.mode[0]).join('')}`);
  }
}
dens.sort().reverse().forEach((d) => console.log(d));

function shuffle<T>(xs: T[], seed: number): T[] {
  let a = seed + 1;
  const next = () => ((a = (a * 1103515245 + 12345) >>> 0) / 4294967296);
  for (let i = xs.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [xs[i], xs[j]] = [xs[j], xs[i]];
  }
  return xs;
}

fs.rmSync(tmp, { recursive: true, force: true });

function round(x: number) {
  return Math.round(x * 100) / 100;
}
