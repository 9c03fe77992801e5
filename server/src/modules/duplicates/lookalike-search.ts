import type { LookalikeSketch } from './lookalike-projection.ts';
import { type LookalikeVector, lookalikeSimilarity } from './lookalike-vector.ts';

// The look-alike search in two stages, pure functions over typed arrays (no I/O, no per-row objects in the scan):
// 1. firstStage: the query's sketch against every row's sketch (128 bytes instead of 1 792), keeping the best
//    `k` rows and every row whose sketch score reaches `floor` (the threshold itself in the service: many photos of
//    one article, each a sure match, are all checked however many there are).
// 2. secondStage: the exact cosine of the full vectors, for those candidates only: precision and recall are those of
//    the full check whenever the true matches are among the candidates (lookalike-search.test.ts checks it against
//    a full scan; bench/duplicates-lookalike-projection.ts measures the sketch's error on clothing-train).

/** An owner's rows as the first stage reads them: row i is data[i·rank … (i+1)·rank) × scales[i]. */
export interface SketchRows {
  rank: number;
  n: number;
  data: Int8Array;
  scales: Float32Array;
}

/**
 * Row indices whose sketch score is among the `k` best (every row tied with the k-th kept, so the answer never
 * depends on the rows' order) or at least `floor`; `skip(i)` rows (the query photo's own) are left out. Best first,
 * ties by row; `cap` rows at most (a bound on the second stage's reads, far above what a real stock reaches).
 */
export function firstStage(rows: SketchRows, q: LookalikeSketch, k: number, floor: number, skip: (row: number) => boolean = () => false, cap = 4096): number[] {
  const { rank, n, data, scales } = rows;
  if (n === 0 || q.q.length !== rank || k <= 0) return [];
  const scores = new Float32Array(n);
  // A min-heap of the k best scores so far: its top is the score a row must beat to count among them.
  const heap = new Float32Array(k);
  let size = 0;
  const qq = q.q;
  for (let i = 0; i < n; i++) {
    const base = i * rank;
    let s = 0;
    for (let j = 0; j < rank; j++) s += qq[j] * data[base + j];
    const score = Math.fround(s * q.scale * scales[i]);
    scores[i] = score;
    if (size === k && score <= heap[0]) continue;
    if (skip(i)) {
      scores[i] = -Infinity;
      continue;
    }
    if (size < k) heapPush(heap, size++, score);
    else heapReplaceTop(heap, k, score);
  }
  const cut = size < k ? -Infinity : Math.min(heap[0], floor);
  const out: number[] = [];
  for (let i = 0; i < n; i++) if (scores[i] >= cut && scores[i] !== -Infinity && !skip(i)) out.push(i);
  out.sort((a, b) => scores[b] - scores[a] || a - b);
  return out.length > cap ? out.slice(0, cap) : out;
}

function heapPush(h: Float32Array, size: number, x: number): void {
  let i = size;
  h[i] = x;
  while (i > 0) {
    const p = (i - 1) >> 1;
    if (h[p] <= h[i]) break;
    [h[p], h[i]] = [h[i], h[p]];
    i = p;
  }
}

function heapReplaceTop(h: Float32Array, size: number, x: number): void {
  h[0] = x;
  let i = 0;
  for (;;) {
    const l = 2 * i + 1, r = l + 1;
    let m = i;
    if (l < size && h[l] < h[m]) m = l;
    if (r < size && h[r] < h[m]) m = r;
    if (m === i) return;
    [h[m], h[i]] = [h[i], h[m]];
    i = m;
  }
}

/** The candidates whose best view (whole photo or centre window) is at cosine ≥ `min` of the query, in input order. */
export function secondStage(query: LookalikeVector, candidates: { photo_id: string; views: LookalikeVector[] }[], min: number): { photo_id: string; similarity: number }[] {
  const out: { photo_id: string; similarity: number }[] = [];
  for (const c of candidates) {
    let best = -Infinity;
    for (const v of c.views) best = Math.max(best, lookalikeSimilarity(query, v));
    if (best >= min) out.push({ photo_id: c.photo_id, similarity: best });
  }
  return out;
}
