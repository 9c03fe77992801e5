import type { ListingsService } from '../listings/index.ts';
import { ownerScope } from '../../platform/security/owner-scope.ts';
import { type DuplicatesRepository, inChunks } from './duplicates.repository.ts';
import { LookalikeIndex } from './lookalike-index.ts';
import { LOOKALIKE_MIN_SIMILARITY, LOOKALIKE_MODEL, lookalikeScore } from './lookalike-match.ts';
import { encodeVector, toLookalikeVector } from './lookalike-vector.ts';

// The check behind the perceptual hash: a photo cropped 4–10 % per side, re-framed, re-lit or turned a little moves
// its hash out of reach, but hardly its garment embedding. The service runs it for the queries the hash found nothing
// for. Vectors come from the analyser (rememberEmbeddings, at intake) and are kept per owner (lookalike-index.ts).

export interface LookalikeMatch {
  item_id: string;
  reason: 'image';
  score: number;
  evidence: { photo_id: string; matched_photo_id: string; check: 'lookalike'; similarity: number };
}

export class LookalikeCheck {
  readonly index: LookalikeIndex;

  constructor(
    private readonly repo: DuplicatesRepository,
    private readonly listings: Pick<ListingsService, 'itemsShowingPhotos'>,
    private readonly isActive: (status: string) => boolean,
  ) {
    this.index = new LookalikeIndex({ rowsAfter: (after, limit) => this.repo.embeddingsAfter(LOOKALIKE_MODEL, after, limit) });
  }

  /**
   * Stores the look-alike vectors of the current owner's photos (the analyser's garment embeddings of the intake's
   * decode, whole and centre window: centreWindow), so that later checks see them; a photo that has one keeps it. Outside an owner's scope it does nothing.
   */
  async remember(rows: { photo_id: string; embedding: ArrayLike<number>; centre?: ArrayLike<number> | null }[]): Promise<void> {
    const owner = ownerScope.current();
    if (!owner || rows.length === 0) return;
    const vectors = rows.map((r) => ({ photo_id: r.photo_id, v: toLookalikeVector(r.embedding), c: r.centre ? toLookalikeVector(r.centre) : null }));
    await this.repo.writeEmbeddings(vectors.map((r) => ({ photo_id: r.photo_id, vector: encodeVector(r.v), centre_vector: r.c ? encodeVector(r.c) : null })), LOOKALIKE_MODEL, new Date().toISOString());
    for (const r of vectors) this.index.add(owner, r.photo_id, r.c ? [r.v, r.c] : [r.v]);
  }

  /**
   * Look-alike matches of each query (its stored photos' ids): their whole-photo vectors against both vectors of the
   * owner's other photos (similarity ≥ LOOKALIKE_MIN_SIMILARITY), then the active items showing those, `excludes[i]` left out. Only
   * the current owner's matrix is read, so another owner's photo is never a candidate.
   */
  async match(queries: string[][], excludes: (string | undefined)[]): Promise<Map<string, LookalikeMatch>[]> {
    const out = queries.map(() => new Map<string, LookalikeMatch>());
    const owner = ownerScope.current();
    if (!owner || !queries.some((q) => q.length)) return out;
    await this.index.catchUp(owner);
    // Per query: each candidate photo with the query photo closest to it.
    const bests = queries.map((ids) => {
      const best = new Map<string, { photo_id: string; similarity: number }>();
      const own = new Set(ids);
      for (const id of own) {
        const v = this.index.vectorOf(owner, id);
        if (!v) continue;
        for (const hit of this.index.search(owner, v, LOOKALIKE_MIN_SIMILARITY, own)) {
          const cur = best.get(hit.photo_id);
          if (!cur || hit.similarity > cur.similarity) best.set(hit.photo_id, { photo_id: id, similarity: hit.similarity });
        }
      }
      return best;
    });
    // Which active items show the candidates: one read for every query (scoped to the owner, like every item read).
    const shown = new Map<string, string[]>();
    const photoIds = [...new Set(bests.flatMap((b) => [...b.keys()]))];
    for (const { item_id, photo_id, status } of await inChunks(photoIds, (c) => this.listings.itemsShowingPhotos(c))) {
      if (this.isActive(status)) (shown.get(photo_id) ?? shown.set(photo_id, []).get(photo_id)!).push(item_id);
    }
    bests.forEach((best, i) => {
      for (const [matched, b] of best) {
        const score = lookalikeScore(b.similarity);
        for (const item_id of shown.get(matched) ?? []) {
          if (item_id === excludes[i] || (out[i].get(item_id)?.score ?? -1) >= score) continue;
          out[i].set(item_id, { item_id, reason: 'image', score, evidence: { photo_id: b.photo_id, matched_photo_id: matched, check: 'lookalike', similarity: score } });
        }
      }
    });
    return out;
  }
}
