// Cutting the capture sequence into runs, one per garment. A run's score adds, for each photo after its first,
// how well it links to the photos before it in the run (log-odds "same garment" minus the threshold), taken over
// all of them (sum), the best one (single linkage) or on average (average linkage); plus the time-gap evidence
// lost at each cut and a prior on the run's length. The best cut is found exactly by dynamic programming in
// O(n · L) for runs of at most L photos.

export type Linkage = 'sum' | 'single' | 'average';

export interface SegmentationInput {
  n: number;
  /** Evidence that photos i < j belong together (positive: together). Only asked for j − i < maxLength. */
  pairWeight(i: number, j: number): number;
  /** Evidence that photos k and k + 1 belong together from outside the pixels (time gap); cutting there loses it. */
  adjacentBonus(k: number): number;
  /** Log-prior of a run's length (how often sellers shoot a garment that many times). */
  runPrior?(length: number): number;
  /** Longest run (Vinted takes at most 20 photos per listing). */
  maxLength: number;
  linkage: Linkage;
}

/** Start index of every run, ascending (the first is 0). */
export function segmentSequence(input: SegmentationInput): number[] {
  const { n, maxLength: L } = input;
  if (n === 0) return [];
  const best = new Float64Array(n + 1);
  const from = new Int32Array(n + 1);
  // run[s % L] = score of the run [s, k] for the current end k, for the L starts a run ending at k can have.
  const run = new Float64Array(L);
  for (let k = 0; k < n; k++) {
    // Extend every open run [s, k − 1] by photo k: its link to the photos s … k − 1, s taken downward.
    let sum = 0, max = -Infinity;
    for (let s = k - 1; s >= Math.max(0, k - L + 1); s--) {
      const w = input.pairWeight(s, k);
      sum += w;
      if (w > max) max = w;
      const link = input.linkage === 'sum' ? sum : input.linkage === 'single' ? max : sum / (k - s);
      run[s % L] += link;
    }
    run[k % L] = 0; // the run [k, k]
    let bestVal = -Infinity, bestStart = k;
    for (let s = k; s >= Math.max(0, k - L + 1); s--) {
      const cut = s > 0 ? -input.adjacentBonus(s - 1) : 0;
      const val = best[s] + run[s % L] + cut + (input.runPrior?.(k - s + 1) ?? 0);
      if (val > bestVal) { bestVal = val; bestStart = s; }
    }
    best[k + 1] = bestVal;
    from[k + 1] = bestStart;
  }
  const starts: number[] = [];
  for (let k = n; k > 0; k = from[k]) starts.push(from[k]);
  return starts.reverse();
}
