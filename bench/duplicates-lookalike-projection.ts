// bench/duplicates-lookalike-projection: fits the look-alike check's first-stage projection (server/models/
// lookalike-projection.bin, read by server/src/modules/duplicates/lookalike-projection.ts) on shared/datasets/
// clothing-train only, and measures on the same set what the two-stage search needs:
//   - the directions: the top right singular vectors of the stored vectors (each original's whole photo and centre
//     window, unit length, uncentred), by a randomised SVD (ml-matrix), so a sketch's dot product approximates the
//     full cosine;
//   - the sketch's error (sketch score − full similarity) over every copy → stored view pair, and its largest
//     shortfall near the threshold;
//   - the rank of each true match among the candidates (copies against every stored view), and whether the two
//     stages flag exactly what the full check flags at LOOKALIKE_CANDIDATES.
// `CALIBRATE_CACHE=/tmp/train.json npx tsx bench/duplicates-lookalike-projection.ts [rank=128] [--write]`
// (--write replaces the shipped file with the fitted one and measures it; without it, the shipped one is measured).
import fs from 'node:fs';
import { Matrix, QrDecomposition, SingularValueDecomposition } from 'ml-matrix';
import { LOOKALIKE_CANDIDATES, LOOKALIKE_MIN_SIMILARITY, LOOKALIKE_SKETCH_FLOOR } from '../server/src/modules/duplicates/lookalike-match.ts';
import { decodeProjection, encodeProjection, LOOKALIKE_PROJECTION_FILE, type LookalikeSketch, sketch, sketchScore } from '../server/src/modules/duplicates/lookalike-projection.ts';
import { firstStage, secondStage } from '../server/src/modules/duplicates/lookalike-search.ts';
import { decodeVector, type LookalikeVector, lookalikeSimilarity } from '../server/src/modules/duplicates/lookalike-vector.ts';
import { rng } from '../server/test/helpers/photo-variants.ts';
import { trainSet } from './lookalike-train-set.ts';

const args = process.argv.slice(2);
const RANK = Number(args.find((a) => /^\d+$/.test(a)) ?? 128);
const WRITE = args.includes('--write');

const photos = await trainSet();
const unit = (v: LookalikeVector) => Array.from(v.q, (x) => x / v.norm);
const stored = photos.flatMap((p) => [decodeVector(p.v), decodeVector(p.c)]);
const X = new Matrix(stored.map(unit));
console.log(`clothing-train: ${photos.length} photos, ${stored.length} stored views of ${X.columns} features; fitting ${RANK} directions`);

// Randomised SVD (Halko et al.): a range finder with two power iterations, then the exact SVD of the small projection.
const t0 = performance.now();
const r = rng(20261206);
const gauss = () => Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r());
const L = RANK + 32;
const omega = new Matrix(X.columns, L);
for (let i = 0; i < X.columns; i++) for (let j = 0; j < L; j++) omega.set(i, j, gauss());
const orth = (m: Matrix) => new QrDecomposition(m).orthogonalMatrix.subMatrix(0, m.rows - 1, 0, m.columns - 1);
let Q = orth(X.mmul(omega));
for (let it = 0; it < 2; it++) Q = orth(X.mmul(orth(X.transpose().mmul(Q))));
const B = Q.transpose().mmul(X); // L × features
const svd = new SingularValueDecomposition(B.transpose(), { autoTranspose: true });
const V = svd.leftSingularVectors; // features × L, best first
const sv = svd.diagonal;
const energy = sv.reduce((s, x) => s + x * x, 0);
const total = stored.length; // every view has unit length: the whole energy is the number of views
const kept = sv.slice(0, RANK).reduce((s, x) => s + x * x, 0);
console.log(`fitted in ${((performance.now() - t0) / 1000).toFixed(1)} s: ${RANK} directions keep ${(100 * kept / total).toFixed(2)} % of the energy (${L} found: ${(100 * energy / total).toFixed(2)} %)`);
const directions = Array.from({ length: RANK }, (_, k) => Float32Array.from(V.getColumn(k)));
const fitted = encodeProjection(directions);
if (WRITE) {
  fs.writeFileSync(LOOKALIKE_PROJECTION_FILE, fitted);
  console.log(`wrote ${LOOKALIKE_PROJECTION_FILE} (${(fitted.length / 1024).toFixed(0)} KB)`);
}
const p = decodeProjection(WRITE || !fs.existsSync(LOOKALIKE_PROJECTION_FILE) ? fitted : fs.readFileSync(LOOKALIKE_PROJECTION_FILE));
console.log(`measuring projection ${p.id} (${p.rank} directions)`);

// Every copy against every stored view: the full similarity and the sketch score.
const storedSketches = stored.map((v) => sketch(p, v)!);
const rows = { rank: p.rank, n: stored.length, data: new Int8Array(stored.length * p.rank), scales: new Float32Array(stored.length) };
storedSketches.forEach((s, i) => { rows.data.set(s.q, i * p.rank); rows.scales[i] = s.scale; });
let worst = 0, pairs = 0, sumAbs = 0, near = 0;
const trueRanks: number[] = [];
/** Per copy the full check flags its original for: the share of other views whose sketch beats the original's. */
const beaten: number[] = [];
let same = 0, differ = 0, flags = 0;
for (const [i, ph] of photos.entries()) {
  for (const c of ph.copies) {
    const q = decodeVector(c.v);
    const qs: LookalikeSketch = sketch(p, q)!;
    const full = stored.map((v) => lookalikeSimilarity(q, v));
    for (const [j, f] of full.entries()) {
      const e = sketchScore(qs, storedSketches[j]) - f;
      pairs++;
      sumAbs += Math.abs(e);
      if (f >= LOOKALIKE_MIN_SIMILARITY - 0.05) {
        near++;
        worst = Math.max(worst, -e);
      }
    }
    // Rank (by sketch score) of the copy's own original's better view.
    const scores = storedSketches.map((s) => sketchScore(qs, s));
    const own = Math.max(scores[2 * i], scores[2 * i + 1]);
    trueRanks.push(scores.filter((s) => s > own).length + 1);
    if (Math.max(full[2 * i], full[2 * i + 1]) >= LOOKALIKE_MIN_SIMILARITY) beaten.push(scores.filter((s, j) => s >= own && j >> 1 !== i).length / (stored.length - 2));
    // The full check's flags against the two-stage's.
    const want = new Set(photos.flatMap((_, j) => (Math.max(full[2 * j], full[2 * j + 1]) >= LOOKALIKE_MIN_SIMILARITY ? [j] : [])));
    const cand = [...new Set(firstStage(rows, qs, LOOKALIKE_CANDIDATES, LOOKALIKE_SKETCH_FLOOR).map((k) => k >> 1))];
    const got = new Set(secondStage(q, cand.map((j) => ({ photo_id: String(j), views: [stored[2 * j], stored[2 * j + 1]] })), LOOKALIKE_MIN_SIMILARITY).map((h) => Number(h.photo_id)));
    flags += want.size;
    if (want.size === got.size && [...want].every((j) => got.has(j))) same++;
    else differ++;
  }
}
trueRanks.sort((a, b) => a - b);
const q = (x: number) => trueRanks[Math.min(trueRanks.length - 1, Math.floor(x * trueRanks.length))];
console.log(`sketch score − full similarity: mean |error| ${(sumAbs / pairs).toFixed(4)} over ${pairs} pairs; ` +
  `largest shortfall ${worst.toFixed(4)} over the ${near} pairs at full similarity ≥ ${(LOOKALIKE_MIN_SIMILARITY - 0.05).toFixed(3)}`);
// The sketch under-rates close pairs (their residuals agree), so candidates are chosen by rank, not by a sketch score
// lowered by that much (at 0.83 it would admit hundreds of rows a check at 100 k photos).
console.log(`(a sketch floor keeping every such pair would be ${(LOOKALIKE_MIN_SIMILARITY - worst).toFixed(3)}; candidates are chosen by rank instead, floor in code ${LOOKALIKE_SKETCH_FLOOR})`);
console.log(`rank of the copy's original among ${stored.length} stored views, by sketch: median ${q(0.5)}, p95 ${q(0.95)}, p99 ${q(0.99)}, max ${trueRanks[trueRanks.length - 1]}`);
beaten.sort((a, b) => a - b);
const share = (x: number) => beaten[Math.min(beaten.length - 1, Math.floor(x * beaten.length))];
for (const views of [20_000, 200_000]) {
  console.log(`at ${views} stored views (${views / 2} photos), other views expected above a flagged copy's original: median ${(share(0.5) * views).toFixed(1)}, ` +
    `p99 ${(share(0.99) * views).toFixed(1)}, max ${(beaten[beaten.length - 1] * views).toFixed(1)} (over ${beaten.length} flagged copies)`);
}
console.log(`two stages (k = ${LOOKALIKE_CANDIDATES}, floor ${LOOKALIKE_SKETCH_FLOOR}) vs the full check: ${same} copies flag the same photos, ${differ} differ (${flags} flags in all)`);
