// The same photo twice: byte-identical files (same SHA-256: the same file uploaded twice) and near-identical shots
// (the seller pressed twice, a resized or re-saved copy), anywhere in the batch: every photo is compared with every
// other through the duplicates module's multi-index hash (cheap: a few map reads per photo, no window), and the
// match rule is that module's (perceptual hash and colour layout under its calibrated thresholds). Photos already in
// the stock are the pipeline's second check (dedupStage), against the stock's own index.
import { IMAGE_MATCH_MAX_HASH, imagesMatch, PhotoHashIndex } from '../../duplicates/index.ts';
import { colourDistance, hammingDistance, PHASH_RE } from '../../photos/index.ts';

export interface DedupPhoto {
  id: string;
  sha256: string;
  phash: string;
  /** The photos module's 4 × 4 colour layout (96 hex characters). */
  colourLayout: string;
  sharpness: number;
  filename: string;
}

export interface Duplicate {
  /** The photo kept in the groups. */
  keptId: string;
  kind: 'exact' | 'near';
  /** Hamming distance of the perceptual hashes (0 for exact copies). */
  distance: number;
  message: string;
}

/** `photos` in capture order (the first of identical files is kept). Returns the duplicates, each pointing at the twin that stays. */
export function findDuplicates(photos: readonly DedupPhoto[]): Map<string, Duplicate> {
  const out = new Map<string, Duplicate>();
  const firstBySha = new Map<string, DedupPhoto>();
  const unique: DedupPhoto[] = [];
  for (const p of photos) {
    const first = firstBySha.get(p.sha256);
    if (first) {
      out.set(p.id, { keptId: first.id, kind: 'exact', distance: 0, message: `${p.filename} is the same file as ${first.filename} (identical bytes); ${first.filename} is kept.` });
    } else {
      firstBySha.set(p.sha256, p);
      unique.push(p);
    }
  }
  // Near twins: every pair within reach of the hash index, confirmed by the colour layout; union-find over the
  // pairs, then the sharpest photo of each set is kept.
  const index = new PhotoHashIndex({ rowsAfter: async () => [] });
  const position = new Map<string, number>();
  unique.forEach((p, i) => {
    if (!PHASH_RE.test(p.phash)) return;
    position.set(p.id, i);
    index.add({ photo_id: p.id, phash: p.phash, colour_sig: p.colourLayout });
  });
  const parent = unique.map((_, i) => i);
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i])));
  for (let i = 0; i < unique.length; i++) {
    if (!position.has(unique[i].id)) continue;
    for (const h of index.near(unique[i].phash, IMAGE_MATCH_MAX_HASH)) {
      const j = position.get(h.photo_id)!;
      if (j <= i || !imagesMatch(h.distance, colourDistance(unique[i].colourLayout, unique[j].colourLayout))) continue;
      parent[find(j)] = find(i);
    }
  }
  const sets = new Map<number, number[]>();
  unique.forEach((_, i) => sets.set(find(i), [...(sets.get(find(i)) ?? []), i]));
  for (const members of sets.values()) {
    if (members.length < 2) continue;
    const keep = members.reduce((a, b) => (unique[b].sharpness > unique[a].sharpness * 1.1 ? b : a));
    for (const m of members) {
      if (m === keep) continue;
      const d = hammingDistance(unique[m].phash, unique[keep].phash);
      out.set(unique[m].id, {
        keptId: unique[keep].id, kind: 'near', distance: d,
        message: `${unique[m].filename} is a near-identical shot of ${unique[keep].filename} (perceptual hashes ${d} bits apart, at most ${IMAGE_MATCH_MAX_HASH} can count as the same photo, with the same colour layout); the sharper ${unique[keep].filename} is kept.`,
      });
    }
  }
  // Exact copies of a photo that is itself a near twin point at the photo finally kept.
  for (const [id, dup] of out) {
    const next = out.get(dup.keptId);
    if (next) out.set(id, { ...dup, keptId: next.keptId });
  }
  return out;
}
