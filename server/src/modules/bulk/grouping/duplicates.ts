// The same photo twice: byte-identical files (same SHA-256, anywhere in the batch: the same file uploaded twice)
// and near-identical shots (a few frames apart: the seller pressed twice). The match rule is the duplicates module's
// (perceptual hash and colour layout under its calibrated thresholds); only photos close in the capture order are
// compared, so two identical T-shirts shot ten minutes apart stay two garments.
import { IMAGE_MATCH_MAX_HASH, imagesMatch } from '../../duplicates/index.ts';
import { colourDistance, hammingDistance } from '../../photos/index.ts';

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

export interface DedupOptions { window: number }
export const DEFAULT_DEDUP: DedupOptions = { window: 6 };

/** `photos` in capture order. Returns the duplicates, each pointing at the twin that stays. */
export function findDuplicates(photos: readonly DedupPhoto[], opts: DedupOptions = DEFAULT_DEDUP): Map<string, Duplicate> {
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
  // Near twins: union-find over pairs within the window, then the sharpest photo of each set is kept.
  const parent = unique.map((_, i) => i);
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i])));
  const link = new Map<number, { to: number; distance: number }>();
  for (let i = 0; i < unique.length; i++) {
    for (let j = i + 1; j < Math.min(unique.length, i + 1 + opts.window); j++) {
      const d = hammingDistance(unique[i].phash, unique[j].phash);
      if (!imagesMatch(d, colourDistance(unique[i].colourLayout, unique[j].colourLayout))) continue;
      parent[find(j)] = find(i);
      if (!link.has(j)) link.set(j, { to: i, distance: d });
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
