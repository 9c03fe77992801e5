// Grouping when the upload order says nothing (random names, no capture times: photos forwarded through a
// messaging app, renamed, screenshots). Two steps:
// 1. Detail shots (a print, a seam, the fabric: a 30–40 % crop of the garment) share little with the whole view as a
//    whole, but a lot with the REGION of it they show. A photo whose embedding matches a region embedding of another
//    photo at DETAIL_REGION_MATCH or more is that photo's detail, and goes where that photo goes.
// 2. The other photos are merged by average linkage: the two groups whose photos are, on average, the most likely
//    the same garment merge first, while that average same-garment probability is at least 1 − eps
//    (BULK_CLUSTER_EPS). A group smaller than minSamples (BULK_MIN_SAMPLES) stays as lone photos, flagged.
// Both thresholds were chosen on sessions built from clothing-train (bench/bulk-quality.ts measures clothing-dev).
import { cosine, type PhotoSignals } from './photo-signals.ts';

/** Cosine (after removing the batch's mean region) above which a photo is a detail of a region of another. */
export const DETAIL_REGION_MATCH = 0.6;

export interface DetailMatch { of: number; similarity: number }

/**
 * For each photo that is a detail of another, the index of that other and the similarity. Embeddings and regions
 * are centred on the batch's mean region (what every crop of a clothes photo shares), then compared by cosine.
 * Photos without regions can be details (their embedding is compared) but not the whole view of one.
 */
export function detailMatches(photos: readonly PhotoSignals[], threshold = DETAIL_REGION_MATCH): Map<number, DetailMatch> {
  const out = new Map<number, DetailMatch>();
  const withRegions = photos.filter((p) => p.regions && p.regions.length && p.embedding);
  if (withRegions.length < 2) return out;
  const dim = withRegions[0].regions![0].length;
  const mean = meanRegion(withRegions, dim);
  const centre = (v: Float32Array) => { const o = new Float32Array(dim); for (let k = 0; k < dim; k++) o[k] = v[k] - mean[k]; return o; };
  const regions = photos.map((p) => (p.regions && p.embedding ? p.regions.filter((r) => r.length === dim).map(centre) : []));
  photos.forEach((p, i) => {
    if (!p.embedding || p.embedding.length !== dim) return;
    const e = centre(p.embedding);
    let best = -1, of = -1;
    photos.forEach((_, j) => {
      if (j === i) return;
      for (const r of regions[j]) { const c = cosine(e, r); if (c > best) { best = c; of = j; } }
    });
    if (of >= 0 && best >= threshold) out.set(i, { of, similarity: best });
  });
  return out;
}

/** Follows detail → whole view links to a photo that is not itself a detail (null on a cycle of details). */
export function wholeViewOf(i: number, details: Map<number, DetailMatch>): number | null {
  const seen = new Set<number>();
  let k = i;
  while (details.has(k)) {
    if (seen.has(k)) return null;
    seen.add(k);
    k = details.get(k)!.of;
  }
  return k;
}

/**
 * Average-linkage agglomerative clustering on a same-garment probability. Returns groups of indices into 0…n−1.
 * O(n²) memory and O(n² · groups) time with a cached group-to-group sum; fine at a few hundred photos.
 */
export function averageLinkage(n: number, probability: (i: number, j: number) => number, minProbability: number): number[][] {
  const groups: (number[] | null)[] = Array.from({ length: n }, (_, i) => [i]);
  // sum[a * n + b]: sum of pair probabilities between groups a and b (kept for live groups only).
  const sum = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) { const p = probability(i, j); sum[i * n + j] = p; sum[j * n + i] = p; }
  for (;;) {
    let best = -Infinity, ba = -1, bb = -1;
    for (let a = 0; a < n; a++) {
      const ga = groups[a];
      if (!ga) continue;
      for (let b = a + 1; b < n; b++) {
        const gb = groups[b];
        if (!gb) continue;
        const avg = sum[a * n + b] / (ga.length * gb.length);
        if (avg > best) { best = avg; ba = a; bb = b; }
      }
    }
    if (ba < 0 || best < minProbability) break;
    groups[ba] = [...groups[ba]!, ...groups[bb]!];
    groups[bb] = null;
    for (let c = 0; c < n; c++) {
      if (!groups[c] || c === ba) continue;
      sum[ba * n + c] += sum[bb * n + c];
      sum[c * n + ba] = sum[ba * n + c];
    }
  }
  return groups.filter((g): g is number[] => g !== null);
}

/**
 * Cosine between the centre windows of two photos (the garment itself, with less of the floor or the wall around
 * it), centred on the batch's mean region; null when either has no regions.
 */
export function centreRegionCosine(photos: readonly PhotoSignals[]): (i: number, j: number) => number | null {
  const withRegions = photos.filter((p) => p.regions && p.regions.length === 9);
  if (withRegions.length < 2) return () => null;
  const dim = withRegions[0].regions![4].length;
  const mean = meanRegion(withRegions, dim);
  const centres = photos.map((p) => {
    const r = p.regions?.length === 9 ? p.regions[4] : null;
    if (!r || r.length !== dim) return null;
    const o = new Float32Array(dim);
    for (let k = 0; k < dim; k++) o[k] = r[k] - mean[k];
    return o;
  });
  return (i, j) => (centres[i] && centres[j] ? cosine(centres[i]!, centres[j]!) : null);
}

/** The batch's mean region (what every crop of a clothes photo shares), over the regions of `dim` values. */
function meanRegion(photos: readonly PhotoSignals[], dim: number): Float32Array {
  const mean = new Float32Array(dim);
  let count = 0;
  for (const p of photos) for (const r of p.regions ?? []) { if (r.length !== dim) continue; count++; for (let k = 0; k < dim; k++) mean[k] += r[k]; }
  for (let k = 0; k < dim; k++) mean[k] /= count || 1;
  return mean;
}
