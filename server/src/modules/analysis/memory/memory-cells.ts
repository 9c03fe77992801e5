// The seller's memory as an index rather than a scan (issue 21's target: ≤ 5 ms a photo at 10 k remembered photos,
// on a machine whose two cores are shared). The vectors are grouped into cells around C centres (spherical k-means
// on the memory itself, C ≈ √n); a query compares itself with the centres, then only with the photos of its
// PROBE_SHARE nearest cells, about an eighth of the memory. What the vote needs are the near-identical photos
// (weight exp((similarity − 1) / 0.05): a neighbour at 0.8 weighs 2 % of one at 1.0), and those sit in the query's
// own cell or the next ones; bench/seller-memory.ts measures how many of the exact top 10 it finds. Below
// CELLS_FROM photos the memory is scanned whole: it is fast enough, and exact.
import { MEMORY_DIMS } from './memory-vector.ts';

/** From this many photos on, the search goes through cells. */
export const CELLS_FROM = 2000;
/** The share of cells a query reads (at least MIN_PROBES). */
const PROBE_SHARE = 1 / 8;
const MIN_PROBES = 8;
/** k-means rounds, and the most photos it learns the centres from (the centres, not the assignment, are sampled). */
const ROUNDS = 5;
const SAMPLE = 3000;

const D = MEMORY_DIMS;

function dot(a: Float32Array, ao: number, b: Float32Array, bo: number): number {
  let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
  for (let j = 0; j < D; j += 4) {
    s0 += a[ao + j] * b[bo + j]; s1 += a[ao + j + 1] * b[bo + j + 1];
    s2 += a[ao + j + 2] * b[bo + j + 2]; s3 += a[ao + j + 3] * b[bo + j + 3];
  }
  return s0 + s1 + s2 + s3;
}

export class MemoryCells {
  private constructor(readonly centres: Float32Array, readonly count: number, readonly trainedOn: number) {}

  /** Centres learnt from the first `n` vectors of `vectors` (deterministic: evenly spaced photos seed them). */
  static train(vectors: Float32Array, n: number): MemoryCells {
    const C = Math.max(16, Math.min(256, Math.round(Math.sqrt(n))));
    const step = Math.max(1, Math.floor(n / SAMPLE));
    const sample: number[] = [];
    for (let i = 0; i < n && sample.length < SAMPLE; i += step) sample.push(i);
    const centres = new Float32Array(C * D);
    for (let c = 0; c < C; c++) centres.set(vectors.subarray(sample[Math.floor((c * sample.length) / C)] * D, sample[Math.floor((c * sample.length) / C)] * D + D), c * D);
    const cells = new MemoryCells(centres, C, n);
    const sums = new Float64Array(C * D), sizes = new Int32Array(C);
    for (let round = 0; round < ROUNDS; round++) {
      sums.fill(0); sizes.fill(0);
      for (const i of sample) {
        const c = cells.cellOf(vectors, i * D);
        sizes[c]++;
        for (let j = 0; j < D; j++) sums[c * D + j] += vectors[i * D + j];
      }
      for (let c = 0; c < C; c++) {
        if (!sizes[c]) continue; // an empty cell keeps its centre
        let norm = 0;
        for (let j = 0; j < D; j++) norm += sums[c * D + j] ** 2;
        norm = Math.sqrt(norm) || 1;
        for (let j = 0; j < D; j++) centres[c * D + j] = sums[c * D + j] / norm;
      }
    }
    return cells;
  }

  /** The cell of the vector at `offset` in `vectors` (its most similar centre). */
  cellOf(vectors: Float32Array, offset: number): number {
    let best = 0, bestSim = -Infinity;
    for (let c = 0; c < this.count; c++) {
      const s = dot(this.centres, c * D, vectors, offset);
      if (s > bestSim) { bestSim = s; best = c; }
    }
    return best;
  }

  /** Which cells a query reads: 1 for the PROBE_SHARE of cells whose centres are most similar to it. */
  probe(q: Float32Array): Uint8Array {
    const sims = new Float64Array(this.count);
    for (let c = 0; c < this.count; c++) sims[c] = dot(this.centres, c * D, q, 0);
    const order = Array.from(sims.keys()).sort((a, b) => sims[b] - sims[a]);
    const mask = new Uint8Array(this.count);
    const probes = Math.min(this.count, Math.max(MIN_PROBES, Math.ceil(this.count * PROBE_SHARE)));
    for (let i = 0; i < probes; i++) mask[order[i]] = 1;
    return mask;
  }
}
