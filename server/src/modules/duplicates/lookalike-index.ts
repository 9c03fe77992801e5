import { decodeVector, type LookalikeVector } from './lookalike-vector.ts';

// The look-alike vectors of each owner's stored photos, held in memory as one matrix per owner (one signed byte per
// feature, rows appended): a check compares a photo with every row of its owner's matrix, never with another owner's.
// An owner's matrix is loaded on that owner's first check (not at start-up: most owners of a big install are idle),
// then each check first reads the rows written since its last look (by this process or another, with a margin for
// late commits). Rows are only ever added: a photo's vector never changes, and the row of a photo deleted since
// stays in memory until the next start, where it is harmless (which items show a candidate photo, and whether they
// are active, is asked of listings afterwards; a deleted photo shows on none).
// Cost: one dot product of D bytes per stored photo (D = 1792): bench/duplicates-lookalike-scale.ts measures it.

export interface LookalikeSource {
  /** The current owner's rows written after the cursor, oldest first, `limit` at most. */
  rowsAfter(after: { created_at: string; photo_id: string }, limit: number): Promise<{ photo_id: string; vector: string; centre_vector: string | null; created_at: string }[]>;
}

/** Rows up to this much older than the last look are read again, in case their transaction committed late. */
const LATE_COMMIT_MARGIN_MS = 15 * 1000;
const PAGE = 5000;

class OwnerMatrix {
  dims = 0;
  data = new Int8Array(0);
  norms = new Float32Array(0);
  ids: string[] = [];
  readonly position = new Map<string, number>();
  lastLookMs = 0;
  cursor = { created_at: '', photo_id: '' };
  loading: Promise<void> | null = null;

  /** A photo's views (the whole photo first: the one `vector` answers), one matrix row each. */
  add(photoId: string, views: LookalikeVector[]): void {
    if (this.position.has(photoId)) return;
    for (const [k, v] of views.entries()) {
      if (v.norm === 0) continue;
      if (this.dims === 0) this.dims = v.q.length;
      if (v.q.length !== this.dims) continue; // another model's vector: never compared
      if (k === 0) this.position.set(photoId, this.ids.length);
      this.push(photoId, v);
    }
  }

  private push(photoId: string, v: LookalikeVector): void {
    const i = this.ids.length;
    if ((i + 1) * this.dims > this.data.length) {
      // Doubling: appending n rows costs O(n) copies overall.
      const cap = Math.max(64, 2 * (i + 1));
      const data = new Int8Array(cap * this.dims);
      data.set(this.data);
      this.data = data;
      const norms = new Float32Array(cap);
      norms.set(this.norms);
      this.norms = norms;
    }
    this.data.set(v.q, i * this.dims);
    this.norms[i] = v.norm;
    this.ids.push(photoId);
  }

  vector(photoId: string): LookalikeVector | null {
    const i = this.position.get(photoId);
    if (i === undefined) return null;
    return { q: this.data.slice(i * this.dims, (i + 1) * this.dims), norm: this.norms[i] };
  }

  /** Every row at cosine ≥ `min` of `v`, but those in `exclude` (a photo may answer twice: once per view). */
  search(v: LookalikeVector, min: number, exclude: ReadonlySet<string>): { photo_id: string; similarity: number }[] {
    const out: { photo_id: string; similarity: number }[] = [];
    if (v.q.length !== this.dims || v.norm === 0) return out;
    const d = this.dims, q = v.q, data = this.data;
    // Integer products summed exactly (|sum| < 2^31 for D < 133 k): one multiply-add per feature.
    for (let i = 0, n = this.ids.length; i < n; i++) {
      const base = i * d;
      let s = 0;
      for (let j = 0; j < d; j++) s += q[j] * data[base + j];
      const sim = s / (v.norm * this.norms[i]);
      if (sim >= min && !exclude.has(this.ids[i])) out.push({ photo_id: this.ids[i], similarity: sim });
    }
    return out;
  }
}

export class LookalikeIndex {
  private readonly owners = new Map<string, OwnerMatrix>();

  constructor(private readonly source: LookalikeSource) {}

  /** Matrix rows of this owner (two per photo with a centre view). */
  size(owner: string): number {
    return this.owners.get(owner)?.ids.length ?? 0;
  }

  private matrix(owner: string): OwnerMatrix {
    let m = this.owners.get(owner);
    if (!m) this.owners.set(owner, (m = new OwnerMatrix()));
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
      for (const r of rows) m.add(r.photo_id, r.centre_vector ? [decodeVector(r.vector), decodeVector(r.centre_vector)] : [decodeVector(r.vector)]);
      if (rows.length) {
        const last = rows[rows.length - 1];
        after = { created_at: last.created_at, photo_id: last.photo_id };
        if (last.created_at > m.cursor.created_at || (last.created_at === m.cursor.created_at && last.photo_id > m.cursor.photo_id)) m.cursor = after;
      }
      if (rows.length < PAGE) break;
    }
    m.lastLookMs = started;
  }

  /** Vectors this process just wrote (the whole photo first): seen at once, before any catch-up. */
  add(owner: string, photoId: string, views: LookalikeVector[]): void {
    this.matrix(owner).add(photoId, views);
  }

  vectorOf(owner: string, photoId: string): LookalikeVector | null {
    return this.owners.get(owner)?.vector(photoId) ?? null;
  }

  /** The owner's photos at similarity ≥ `min` of `v` (the photos in `exclude` left out). */
  search(owner: string, v: LookalikeVector, min: number, exclude: ReadonlySet<string> = new Set()): { photo_id: string; similarity: number }[] {
    return this.owners.get(owner)?.search(v, min, exclude) ?? [];
  }
}
