// DBSCAN on a precomputed distance: the grouping used when the upload order says nothing (a ZIP of files with
// random names and no capture time). BULK_CLUSTER_EPS is the neighbourhood radius, BULK_MIN_SAMPLES the number of
// photos (itself included) a neighbourhood needs to seed a group. Points in no dense region are "noise": the
// caller keeps each one as its own group (never dropped), flagged few_photos.

export interface DbscanResult {
  /** Cluster index per point, −1 for noise. */
  labels: Int32Array;
  clusters: number;
  /** True for points whose neighbourhood was dense (core points). */
  core: Uint8Array;
}

export function dbscan(n: number, distance: (i: number, j: number) => number, eps: number, minSamples: number): DbscanResult {
  const neighbours: number[][] = Array.from({ length: n }, () => []);
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      if (distance(i, j) <= eps) { neighbours[i].push(j); neighbours[j].push(i); }
    }
  }
  const core = new Uint8Array(n);
  for (let i = 0; i < n; i++) core[i] = neighbours[i].length + 1 >= minSamples ? 1 : 0;
  const labels = new Int32Array(n).fill(-1);
  let clusters = 0;
  for (let i = 0; i < n; i++) {
    if (labels[i] !== -1 || !core[i]) continue;
    const c = clusters++;
    labels[i] = c;
    const queue = [i];
    while (queue.length) {
      const p = queue.pop()!;
      if (!core[p]) continue; // border points join but do not spread the cluster
      for (const q of neighbours[p]) {
        if (labels[q] === -1) { labels[q] = c; queue.push(q); }
      }
    }
  }
  return { labels, clusters, core };
}
