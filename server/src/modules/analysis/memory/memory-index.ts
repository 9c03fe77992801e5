// The seller's memory as the analyser searches it: every remembered photo's compact vector (memory-vector.ts) in
// one contiguous Float32Array, with its confirmed labels beside it, loaded from the seller_memory table at start
// and kept in step with it. A query is a pass of 128-float dot products with a bounded top-k kept sorted on the
// way, over every photo or, from CELLS_FROM photos on, over the query's nearest cells (memory-cells.ts;
// bench/seller-memory.ts); MEMORY_MAX_ROWS bounds it, the oldest rows leaving the search first.
// Beside each vector, the garment's measured colour (Lab) with the colour the seller confirmed: the colour vote
// (colour-vote.ts) compares a new photo's measured colour with those.
import type { Lab } from '../../photos/index.ts';
import { CELLS_FROM, MemoryCells } from './memory-cells.ts';
import { MEMORY_DIMS } from './memory-vector.ts';

/** The search never holds more than this many photos (the newest): the per-photo cost stays bounded. */
export const MEMORY_MAX_ROWS = 20_000;

export interface MemoryLabels {
  category: string | null;
  /** The colour the seller confirmed (first of the item's colours). */
  colour: string | null;
  /** The colour the pixels read for this photo when it was remembered. */
  seenColour: string | null;
  /** The garment's measured main colour (photos' garmentLab), null for a multicolour garment or an older row. */
  lab: Lab | null;
  brand: string | null;
}

/**
 * The memory's record on this seller's own confirmations: each time a photo is remembered, the memory's vote alone
 * and the classifier alone were first asked to name it; where they disagreed, the one that named it right wins the
 * memory's say at that moment (a vote the memory barely had counts little). Weighted sums, kept per photo (so an
 * item confirmed again, forgotten or reset takes its part of the record with it) and summed by MemoryIndex.
 */
export interface MemoryRecord { memoryWon: number; genericWon: number }

export interface MemoryEntry extends MemoryLabels {
  id: string;
  itemId?: string;
  /** This photo's part of the memory's record (memory-vote.ts outcomeOf), none for a row remembered before it. */
  won?: MemoryRecord;
}
export interface Neighbour { entry: MemoryEntry; similarity: number }

/**
 * The measured colours beside the vectors, as the colour vote reads them: `labs` holds 3 floats per photo (NaN for
 * none), `colours` the confirmed colour or null. Flat arrays, so a vote over 20 k photos allocates nothing.
 */
export interface ColourStore { size: number; labs: Float32Array; colours: readonly (string | null)[] }

export class MemoryIndex implements ColourStore {
  private vectors = new Float32Array(MEMORY_DIMS * 256);
  labs = new Float32Array(3 * 256);
  /** Each photo's cell (memory-cells.ts), once the memory is large enough to search through cells. */
  private cellOf = new Uint16Array(256);
  private cells: MemoryCells | null = null;
  private entries: MemoryEntry[] = [];
  private confirmedColours: (string | null)[] = [];
  private readonly ids = new Set<string>();
  /** The sum of the photos' parts of the record, kept as they come and go. */
  private readonly won: MemoryRecord = { memoryWon: 0, genericWon: 0 };

  get size(): number { return this.entries.length; }
  get record(): Readonly<MemoryRecord> { return this.won; }
  get colours(): readonly (string | null)[] { return this.confirmedColours; }

  /** Adds (or replaces, by id) one remembered photo. */
  add(entry: MemoryEntry, vector: Float32Array): void {
    if (vector.length !== MEMORY_DIMS) throw new Error(`memory vector of ${vector.length} dims, expected ${MEMORY_DIMS}`);
    // A set of ids, not a pass over the entries: loading 10 k rows was quadratic (4 s under load).
    if (this.ids.has(entry.id)) this.remove((e) => e.id === entry.id);
    if (this.entries.length >= MEMORY_MAX_ROWS) this.removeAt(0);
    const n = this.entries.length;
    if ((n + 1) * MEMORY_DIMS > this.vectors.length) {
      const grown = new Float32Array(this.vectors.length * 2);
      grown.set(this.vectors);
      this.vectors = grown;
      const labs = new Float32Array(this.labs.length * 2);
      labs.set(this.labs);
      this.labs = labs;
      const cellOf = new Uint16Array(this.cellOf.length * 2);
      cellOf.set(this.cellOf);
      this.cellOf = cellOf;
    }
    this.vectors.set(vector, n * MEMORY_DIMS);
    if (this.cells) this.cellOf[n] = this.cells.cellOf(this.vectors, n * MEMORY_DIMS);
    this.labs.set(entry.lab ?? [NaN, NaN, NaN], n * 3);
    this.entries.push(entry);
    this.tally(entry, 1);
    this.confirmedColours.push(entry.lab ? entry.colour : null);
    this.ids.add(entry.id);
  }

  /** Removes every entry the predicate selects; returns how many. */
  remove(pred: (e: MemoryEntry) => boolean): number {
    let n = 0;
    for (let i = this.entries.length - 1; i >= 0; i--) if (pred(this.entries[i])) { this.removeAt(i); n++; }
    return n;
  }

  clear(): void {
    this.entries = [];
    this.won.memoryWon = 0;
    this.won.genericWon = 0;
    this.confirmedColours = [];
    this.ids.clear();
    this.vectors = new Float32Array(MEMORY_DIMS * 256);
    this.labs = new Float32Array(3 * 256);
    this.cellOf = new Uint16Array(256);
    this.cells = null;
  }

  /**
   * Learns the cells when the memory reached CELLS_FROM photos or doubled since they were learnt (new photos join
   * the existing cells meanwhile). Called after a load, and by the search itself.
   */
  reindex(): void {
    const n = this.entries.length;
    if (n < CELLS_FROM) { this.cells = null; return; }
    if (this.cells && n < 2 * this.cells.trainedOn) return;
    this.adopt(MemoryCells.train(this.vectors, n));
  }

  /** The cells another index of the same memory learnt (a reload after another process wrote): no new training. */
  reindexLike(previous: MemoryIndex): void {
    const cells = previous.cells;
    if (cells && this.entries.length >= CELLS_FROM && this.entries.length < 2 * cells.trainedOn) this.adopt(cells);
    else this.reindex();
  }

  private adopt(cells: MemoryCells): void {
    this.cells = cells;
    for (let i = 0; i < this.entries.length; i++) this.cellOf[i] = cells.cellOf(this.vectors, i * MEMORY_DIMS);
  }

  private tally(e: MemoryEntry, sign: 1 | -1): void {
    this.won.memoryWon = Math.max(0, this.won.memoryWon + sign * (e.won?.memoryWon ?? 0));
    this.won.genericWon = Math.max(0, this.won.genericWon + sign * (e.won?.genericWon ?? 0));
  }

  private removeAt(i: number): void {
    const n = this.entries.length;
    this.vectors.copyWithin(i * MEMORY_DIMS, (i + 1) * MEMORY_DIMS, n * MEMORY_DIMS);
    this.labs.copyWithin(i * 3, (i + 1) * 3, n * 3);
    this.cellOf.copyWithin(i, i + 1, n);
    this.ids.delete(this.entries[i].id);
    this.tally(this.entries[i], -1);
    this.entries.splice(i, 1);
    this.confirmedColours.splice(i, 1);
  }

  /**
   * The k most similar remembered photos (cosine of unit vectors), most similar first: every photo below CELLS_FROM,
   * beyond it the photos of the query's nearest cells (memory-cells.ts).
   */
  nearest(q: Float32Array, k: number): Neighbour[] {
    this.reindex();
    return this.search(q, k, this.cells?.probe(q) ?? null);
  }

  /** The exact k nearest by a pass over every photo (what the cells approximate; the bench compares them). */
  nearestExact(q: Float32Array, k: number): Neighbour[] {
    return this.search(q, k, null);
  }

  private search(q: Float32Array, k: number, read: Uint8Array | null): Neighbour[] {
    const n = this.entries.length, v = this.vectors, cellOf = this.cellOf;
    const topSim = new Float64Array(k).fill(-Infinity), topIdx = new Int32Array(k).fill(-1);
    for (let i = 0; i < n; i++) {
      if (read && !read[cellOf[i]]) continue;
      // Four running sums: independent additions the CPU overlaps (a single sum waits on itself each step).
      let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
      for (let o = i * MEMORY_DIMS, j = 0; j < MEMORY_DIMS; j += 4, o += 4) {
        s0 += v[o] * q[j]; s1 += v[o + 1] * q[j + 1]; s2 += v[o + 2] * q[j + 2]; s3 += v[o + 3] * q[j + 3];
      }
      const s = s0 + s1 + s2 + s3;
      if (s <= topSim[k - 1]) continue;
      let at = k - 1;
      while (at > 0 && topSim[at - 1] < s) { topSim[at] = topSim[at - 1]; topIdx[at] = topIdx[at - 1]; at--; }
      topSim[at] = s; topIdx[at] = i;
    }
    const out: Neighbour[] = [];
    for (let i = 0; i < k && topIdx[i] >= 0; i++) out.push({ entry: this.entries[topIdx[i]], similarity: topSim[i] });
    return out;
  }
}
