import { comparePrepared, type PreparedTitle } from './title-similarity.ts';

// What a duplicate check asks and answers, and the pure steps that shape its answer: stored references read back,
// title matches among candidates, and photo and title matches merged into one list per item.

export interface MatchQuery {
  /** The item being checked: left out of the answer; its stored photos and title are used when none are given. */
  itemId?: string;
  /** Stored photos of the new article (the intake's ids). */
  photoIds?: string[];
  /** Or their figures directly (the intake's IngestedPhoto carries them). */
  photos?: { sha256?: string | null; phash?: string | null; colour_signature?: string | null }[];
  sha256s?: string[];
  phashes?: string[];
  title?: string | null;
  brand?: string | null;
  size?: string | null;
}

export interface DuplicateMatch {
  item_id: string;
  reason: 'image' | 'title';
  /** 0–1: 1 − hash distance / 64 for a hash match (1 = same bytes), the embedding similarity for a look-alike, the token-set ratio for titles. */
  score: number;
  /**
   * Why, for the seller: the photos that matched and which check found them (`hash`: the same photo by its
   * perceptual hash and colours; `lookalike`: the same photo re-cropped, re-framed or re-lit, by the garment
   * embedding, with its `similarity`), or the other item's title.
   */
  evidence: {
    photo_id?: string; matched_photo_id?: string; check?: 'hash' | 'lookalike'; hash_distance?: number; colour_distance?: number;
    similarity?: number; title?: string;
  };
}

export interface DuplicateGroup {
  items: { id: string; title: string; status: string; price: number | null; possible_duplicate: boolean; created_at: string; thumb_url: string | null }[];
  matches: { item_id: string; duplicate_of: string; reason: string; score: number }[];
}

export function parseRefs(json: string): { item_id: string; reason: string; score: number }[] {
  try {
    const v = JSON.parse(json);
    return Array.isArray(v) ? v.filter((r) => r && typeof r.item_id === 'string').map((r) => ({ item_id: r.item_id, reason: String(r.reason ?? 'image'), score: Number(r.score ?? 0) })) : [];
  } catch {
    return [];
  }
}

export function titleMatches(q: PreparedTitle, candidates: { it: { id: string; title: string }; title: PreparedTitle }[], exclude?: string): Map<string, DuplicateMatch> {
  const out = new Map<string, DuplicateMatch>();
  for (const { it, title } of candidates) {
    if (it.id === exclude) continue;
    const v = comparePrepared(q, title, false);
    if (v.match) out.set(it.id, { item_id: it.id, reason: 'title', score: v.score, evidence: { title: it.title } });
  }
  return out;
}

/** One entry per item, photo matches first, best first: a photo match is the stronger evidence and wins over a title match. */
export function mergeMatches(byImage: Map<string, DuplicateMatch>, byTitle: Map<string, DuplicateMatch>): DuplicateMatch[] {
  const merged = new Map(byTitle);
  for (const [id, m] of byImage) merged.set(id, m);
  return [...merged.values()].sort((a, b) => (a.reason === b.reason ? b.score - a.score : a.reason === 'image' ? -1 : 1));
}
