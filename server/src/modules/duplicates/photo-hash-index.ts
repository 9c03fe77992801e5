import { popcount32 } from '../photos/index.ts';

// The perceptual hashes of every stored photo, held in memory as a multi-index hash (four 16-bit band tables), built
// from the photo_hash_bands table, which stays the shared truth. Photos never change once stored, so the only upkeep
// is adding new ones: `catchUp` reads the rows written since the last look (with a margin for transactions that
// committed late), whichever process wrote them. A probe within r bits per band then costs a few hundred Map reads
// instead of as many index seeks in the database: the lookup stays in single milliseconds at 100 k photos.
export interface IndexedPhoto { photo_id: string; phash: string; colour_sig: string }

export interface PhotoHashSource {
  /** Band-0 rows (one per photo) after `afterId` in id order; `limit` at most. */
  rowsAfter(afterId: string, limit: number): Promise<IndexedPhoto[]>;
}

/**
 * Rows whose id is later than this much before the last look are read again, in case they committed late. Photo ids
 * are taken inside the inserting transaction (photos.repository.ts), which is short: 15 s covers any commit.
 */
const LATE_COMMIT_MARGIN_MS = 15 * 1000;

/** The smallest UUIDv7 of a millisecond: ids are time-ordered, so "created since t" is "id ≥ this". */
export function uuidv7Floor(ms: number): string {
  const h = Math.max(0, Math.floor(ms)).toString(16).padStart(12, '0');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-0000-0000-000000000000`;
}

export class PhotoHashIndex {
  private ids: string[] = [];
  private hi: number[] = [];
  private lo: number[] = [];
  private colour: string[] = [];
  private readonly position = new Map<string, number>();
  private readonly bands = [new Map<number, number[]>(), new Map<number, number[]>(), new Map<number, number[]>(), new Map<number, number[]>()];
  private loading: Promise<void> | null = null;
  private lastLookMs = 0;

  constructor(private readonly source: PhotoHashSource) {}

  get size(): number {
    return this.ids.length;
  }

  /** Loads every stored photo once (first lookup or start-up warm-up), then only catches up. */
  async ready(): Promise<void> {
    this.loading ??= (async () => {
      const started = Date.now();
      let after = '';
      for (;;) {
        const rows = await this.source.rowsAfter(after, 5000);
        for (const r of rows) this.add(r);
        if (rows.length < 5000) break;
        after = rows[rows.length - 1].photo_id;
      }
      this.lastLookMs = started;
    })();
    return this.loading;
  }

  /** Reads the photos stored since the last look, by this process or another. */
  async catchUp(): Promise<void> {
    await this.ready();
    const started = Date.now();
    let after = uuidv7Floor(this.lastLookMs - LATE_COMMIT_MARGIN_MS);
    for (;;) {
      const rows = await this.source.rowsAfter(after, 5000);
      for (const r of rows) this.add(r);
      if (rows.length < 5000) break;
      after = rows[rows.length - 1].photo_id;
    }
    this.lastLookMs = started;
  }

  add(r: IndexedPhoto): void {
    if (this.position.has(r.photo_id) || !/^[0-9a-f]{16}$/.test(r.phash)) return;
    const i = this.ids.length;
    this.ids.push(r.photo_id);
    this.hi.push(parseInt(r.phash.slice(0, 8), 16));
    this.lo.push(parseInt(r.phash.slice(8), 16));
    this.colour.push(r.colour_sig);
    this.position.set(r.photo_id, i);
    for (let b = 0; b < 4; b++) {
      const v = parseInt(r.phash.slice(b * 4, b * 4 + 4), 16);
      const list = this.bands[b].get(v);
      if (list) list.push(i);
      else this.bands[b].set(v, [i]);
    }
  }

  get(photoId: string): IndexedPhoto | null {
    const i = this.position.get(photoId);
    return i === undefined ? null : this.row(i);
  }

  /** Every stored photo within `maxDistance` bits of `phash`, with its distance. Exact: no photo within reach is missed. */
  near(phash: string, maxDistance: number): (IndexedPhoto & { distance: number })[] {
    const qhi = parseInt(phash.slice(0, 8), 16);
    const qlo = parseInt(phash.slice(8), 16);
    // Pigeonhole: within d bits overall means within ⌊d/4⌋ bits in at least one of the four bands.
    const radius = Math.floor(maxDistance / 4);
    const seen = new Set<number>();
    const out: (IndexedPhoto & { distance: number })[] = [];
    for (let b = 0; b < 4; b++) {
      const v = parseInt(phash.slice(b * 4, b * 4 + 4), 16);
      for (const probe of neighbours(v, radius)) {
        for (const i of this.bands[b].get(probe) ?? []) {
          if (seen.has(i)) continue;
          seen.add(i);
          const d = popcount32((this.hi[i] ^ qhi) >>> 0) + popcount32((this.lo[i] ^ qlo) >>> 0);
          if (d <= maxDistance) out.push({ ...this.row(i), distance: d });
        }
      }
    }
    return out;
  }

  private row(i: number): IndexedPhoto {
    return {
      photo_id: this.ids[i],
      phash: (this.hi[i] >>> 0).toString(16).padStart(8, '0') + (this.lo[i] >>> 0).toString(16).padStart(8, '0'),
      colour_sig: this.colour[i],
    };
  }
}

/** All 16-bit values within `radius` bits of `v` (radius ≤ 3). */
export function neighbours(v: number, radius: number): number[] {
  const out = [v];
  if (radius >= 1) for (let i = 0; i < 16; i++) out.push(v ^ (1 << i));
  if (radius >= 2) for (let i = 0; i < 16; i++) for (let j = i + 1; j < 16; j++) out.push(v ^ (1 << i) ^ (1 << j));
  if (radius >= 3) for (let i = 0; i < 16; i++) for (let j = i + 1; j < 16; j++) for (let k = j + 1; k < 16; k++) out.push(v ^ (1 << i) ^ (1 << j) ^ (1 << k));
  return out;
}
