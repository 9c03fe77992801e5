import type { ListingsService } from '../listings/index.ts';
import { ownerScope } from '../../platform/security/owner-scope.ts';
import { type DuplicatesRepository, inChunks } from './duplicates.repository.ts';
import { LookalikeIndex } from './lookalike-index.ts';
import { LOOKALIKE_CANDIDATES, LOOKALIKE_MIN_SIMILARITY, LOOKALIKE_MODEL, LOOKALIKE_SKETCH_FLOOR, lookalikeScore } from './lookalike-match.ts';
import { encodeSketch, lookalikeProjection, sketch } from './lookalike-projection.ts';
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
    this.index = new LookalikeIndex({
      rowsAfter: (after, limit) => this.repo.embeddingsAfter(LOOKALIKE_MODEL, after, limit),
      vectors: (ids) => inChunks(ids, (c) => this.repo.embeddingVectors(LOOKALIKE_MODEL, c)),
      saveSketches: (rows, projection) => this.repo.writeSketches(rows, projection),
    }, lookalikeProjection(), { k: LOOKALIKE_CANDIDATES, floor: LOOKALIKE_SKETCH_FLOOR });
  }

  /**
   * Stores the look-alike vectors of the current owner's photos (the analyser's garment embeddings of the intake's
   * decode, whole and centre window: centreWindow), so that later checks see them; a photo that has one keeps it. Outside an owner's scope it does nothing.
   */
  async remember(rows: { photo_id: string; embedding: ArrayLike<number>; centre?: ArrayLike<number> | null }[]): Promise<void> {
    const owner = ownerScope.current();
    if (!owner || rows.length === 0) return;
    const p = lookalikeProjection();
    const vectors = rows.map((r) => {
      const v = toLookalikeVector(r.embedding), c = r.centre ? toLookalikeVector(r.centre) : null;
      return { photo_id: r.photo_id, v, c, s: sketch(p, v), cs: c && sketch(p, c) };
    });
    await this.repo.writeEmbeddings(vectors.map((r) => ({
      photo_id: r.photo_id, vector: encodeVector(r.v), centre_vector: r.c ? encodeVector(r.c) : null,
      sketch: r.s && encodeSketch(r.s), centre_sketch: r.cs ? encodeSketch(r.cs) : null, projection: r.s ? p.id : null,
    })), LOOKALIKE_MODEL, new Date().toISOString());
    for (const r of vectors) this.index.add(owner, r.photo_id, [r.s, r.cs]);
  }

  /**
   * Look-alike matches of each query (its stored photos' ids): their whole-photo vectors against both vectors of the
   * owner's other photos (similarity ≥ LOOKALIKE_MIN_SIMILARITY; the sketches choose whose full vectors are read), then the active items showing those, `excludes[i]` left out. Only
   * the current owner's matrix is read, so another owner's photo is never a candidate.
   */
  async match(queries: string[][], excludes: (string | undefined)[]): Promise<Map<string, LookalikeMatch>[]> {
    const out = queries.map(() => new Map<string, LookalikeMatch>());
    const owner = ownerScope.current();
    if (!owner || !queries.some((q) => q.length)) return out;
    await this.index.catchUp(owner);
    // Per query: each matched photo with the query photo closest to it (sketches, then the full vectors).
    const bests = await this.index.search(owner, queries, LOOKALIKE_MIN_SIMILARITY);
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
