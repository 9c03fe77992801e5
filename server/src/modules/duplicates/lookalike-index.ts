import { decodeSketch, encodeSketch, type LookalikeProjection, type LookalikeSketch, sketch } from './lookalike-projection.ts';
import { firstStage, secondStage, type SketchRows } from './lookalike-search.ts';
import { decodeVector, type LookalikeVector } from './lookalike-vector.ts';

// The look-alike vectors of each owner's stored photos, held in memory as one matrix of sketches per owner (the
// projection's 128 signed bytes per view, lookalike-projection.ts; rows appended): a check scans its owner's
// sketches for candidates, then reads those candidates' full vectors (1 792 bytes per view) from the database and
// decides on them (lookalike-search.ts). The full vectors are not held: at 100 k photos they were 342 MB, the
// sketches are 26 MB. An owner's matrix is loaded on that owner's first check (not at start-up: most owners of a big
// install are idle), then each check first reads the rows written since its last look (by this process or another,
// with a margin for late commits). Rows are only ever added: a photo's vector never changes, and the row of a photo
// deleted since stays in memory until the next start, where it is harmless (its full vectors are gone, so it is
// never flagged; which items show a candidate photo, and whether they are active, is asked of listings afterwards).
// A stored row without a sketch of the shipped projection (written before it, or under another projection file)
// gets one at load, from its full vectors, written back so the next start reads it ready.
// Cost: bench/duplicates-lookalike-scale.ts.

export interface SketchRow { photo_id: string; sketch: string | null; centre_sketch: string | null; projection: string | null; created_at: string }
export interface FullRow { photo_id: string; vector: string; centre_vector: string | null }

export interface LookalikeSource {
  /** The current owner's rows written after the cursor, oldest first, `limit` at most (sketches only). */
  rowsAfter(after: { created_at: string; photo_id: string }, limit: number): Promise<SketchRow[]>;
  /** The current owner's full vectors of these photos (the ones it has). */
  vectors(photoIds: string[]): Promise<FullRow[]>;
  /** Keeps sketches made at load for rows that had none of this projection. */
  saveSketches(rows: { photo_id: string; sketch: string; centre_sketch: string | null }[], projection: string): Promise<void>;
}

/** How many candidates the first stage keeps per query view, and the sketch score from which it keeps them all. */
export interface StageParams { k: number; floor: number }

/** Rows up to this much older than the last look are read again, in case their transaction committed late. */
const LATE_COMMIT_MARGIN_MS = 15 * 1000;
const PAGE = 5000;

class OwnerMatrix implements SketchRows {
  n = 0;
  data: Int8Array;
  scales = new Float32Array(0);
  ids: string[] = [];
  readonly position = new Map<string, number>();
  lastLookMs = 0;
  cursor = { created_at: '', photo_id: '' };
  loading: Promise<void> | null = null;

  constructor(readonly rank: number) {
    this.data = new Int8Array(0);
  }

  /** A photo's views (the whole photo first: the one the photo is searched by), one row each. */
  add(photoId: string, views: (LookalikeSketch | null)[]): void {
    if (this.position.has(photoId) || !views[0]) return;
    this.position.set(photoId, this.n);
    for (const v of views) if (v && v.q.length === this.rank) this.push(photoId, v);
  }

  private push(photoId: string, v: LookalikeSketch): void {
    const i = this.n;
    if ((i + 1) * this.rank > this.data.length) {
      // Doubling: appending n rows costs O(n) copies overall.
      const cap = Math.max(64, 2 * (i + 1));
      const data = new Int8Array(cap * this.rank);
      data.set(this.data);
      this.data = data;
      const scales = new Float32Array(cap);
      scales.set(this.scales);
      this.scales = scales;
    }
    this.data.set(v.q, i * this.rank);
    this.scales[i] = v.scale;
    this.ids.push(photoId);
    this.n++;
  }

  sketchOf(photoId: string): LookalikeSketch | null {
    const i = this.position.get(photoId);
    return i === undefined ? null : { q: this.data.subarray(i * this.rank, (i + 1) * this.rank), scale: this.scales[i] };
  }
}

export class LookalikeIndex {
  private readonly owners = new Map<string, OwnerMatrix>();

  constructor(private readonly source: LookalikeSource, private readonly projection: LookalikeProjection, private readonly params: StageParams) {}

  /** Matrix rows of this owner (two per photo with a centre view). */
  size(owner: string): number {
    return this.owners.get(owner)?.n ?? 0;
  }

  /** Bytes the owner's sketches hold (the matrix itself, not the ids). */
  bytes(owner: string): number {
    const m = this.owners.get(owner);
    return m ? m.data.byteLength + m.scales.byteLength : 0;
  }

  private matrix(owner: string): OwnerMatrix {
    let m = this.owners.get(owner);
    if (!m) this.owners.set(owner, (m = new OwnerMatrix(this.projection.rank)));
    return m;
  }

  /**
   * Brings the current owner's matrix up to date: the whole of it on the first call, then the rows written since the
   * last look. Must run in that owner's scope (the source's reads are scoped to it).
   */
  async catchUp(owner: string): Promise<void> {
    const m = this.matrix(owner);
    if (!m.loading) {
      m.loading = this.readFrom(m, m.cursor).catch((err) => {
        m.loading = null;
        throw err;
      });
      return m.loading;
    }
    await m.loading;
    const since = new Date(m.lastLookMs - LATE_COMMIT_MARGIN_MS).toISOString();
    await this.readFrom(m, since < m.cursor.created_at ? { created_at: since, photo_id: '' } : m.cursor);
  }

  private async readFrom(m: OwnerMatrix, from: { created_at: string; photo_id: string }): Promise<void> {
    const started = Date.now();
    let after = from;
    for (;;) {
      const rows = await this.source.rowsAfter(after, PAGE);
      const stale = rows.filter((r) => r.projection !== this.projection.id || !r.sketch);
      const made = new Map<string, (LookalikeSketch | null)[]>();
      if (stale.length) {
        const full = await this.source.vectors(stale.map((r) => r.photo_id));
        for (const f of full) made.set(f.photo_id, this.sketchesOf(f));
        const keep = [...made].flatMap(([photo_id, [s, c]]) => (s ? [{ photo_id, sketch: encodeSketch(s), centre_sketch: c ? encodeSketch(c) : null }] : []));
        await this.source.saveSketches(keep, this.projection.id);
      }
      for (const r of rows) {
        m.add(r.photo_id, made.get(r.photo_id) ?? [decodeSketch(r.sketch!), r.centre_sketch ? decodeSketch(r.centre_sketch) : null]);
      }
      if (rows.length) {
        const last = rows[rows.length - 1];
        after = { created_at: last.created_at, photo_id: last.photo_id };
        if (last.created_at > m.cursor.created_at || (last.created_at === m.cursor.created_at && last.photo_id > m.cursor.photo_id)) m.cursor = after;
      }
      if (rows.length < PAGE) break;
    }
    m.lastLookMs = started;
  }

  /** The sketches of a stored row's full vectors (whole photo, centre window). */
  sketchesOf(row: FullRow): (LookalikeSketch | null)[] {
    return [sketch(this.projection, decodeVector(row.vector)), row.centre_vector ? sketch(this.projection, decodeVector(row.centre_vector)) : null];
  }

  /** Sketches this process just made of vectors it wrote (the whole photo first): seen at once, before any catch-up. */
  add(owner: string, photoId: string, views: (LookalikeSketch | null)[]): void {
    this.matrix(owner).add(photoId, views);
  }

  /**
   * For each query (its photos' ids), the owner's other photos at similarity ≥ `min` of one of its photos, with the
   * best similarity and the query photo that reached it. Sketches choose candidates; the full vectors of the query
   * photos and of the candidates (one read for all queries) decide. A query photo unknown to the matrix is skipped.
   */
  async search(owner: string, queries: string[][], min: number): Promise<Map<string, { photo_id: string; similarity: number }>[]> {
    const m = this.owners.get(owner);
    const out = queries.map(() => new Map<string, { photo_id: string; similarity: number }>());
    if (!m) return out;
    const plans = queries.map((ids) => {
      const own = new Set(ids);
      return ids.flatMap((id) => {
        const s = m.sketchOf(id);
        if (!s) return [];
        const rows = firstStage(m, s, this.params.k, this.params.floor, (i) => own.has(m.ids[i]));
        return [{ id, candidates: [...new Set(rows.map((i) => m.ids[i]))] }];
      });
    });
    const needed = [...new Set(plans.flatMap((p) => p.flatMap((x) => (x.candidates.length ? [x.id, ...x.candidates] : []))))];
    if (needed.length === 0) return out;
    const full = new Map<string, LookalikeVector[]>();
    for (const r of await this.source.vectors(needed)) full.set(r.photo_id, r.centre_vector ? [decodeVector(r.vector), decodeVector(r.centre_vector)] : [decodeVector(r.vector)]);
    plans.forEach((plan, i) => {
      for (const { id, candidates } of plan) {
        const query = full.get(id)?.[0];
        if (!query) continue;
        const hits = secondStage(query, candidates.flatMap((photo_id) => (full.has(photo_id) ? [{ photo_id, views: full.get(photo_id)! }] : [])), min);
        for (const h of hits) {
          const cur = out[i].get(h.photo_id);
          if (!cur || h.similarity > cur.similarity) out[i].set(h.photo_id, { photo_id: id, similarity: h.similarity });
        }
      }
    });
    return out;
  }
}
