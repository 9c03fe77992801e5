// The seller's memory as the analyser searches it: every remembered photo's compact vector (memory-vector.ts) in
// one contiguous Float32Array, with its confirmed labels beside it, loaded from the seller_memory table at start
// and kept in step with it. A query is one pass of 128-float dot products with a bounded top-k kept sorted on
// the way (about 1 ms at 10 k photos on one core, bench/seller-memory.ts); MEMORY_MAX_ROWS bounds it, the
// oldest rows leaving the search first. The colour corrections count, per colour the pixels read, what the
// seller confirmed instead: that is how their floor and light bend the pixel colour, whatever the garment.
import { MEMORY_DIMS } from './memory-vector.ts';

/** The search never holds more than this many photos (the newest): the per-photo cost stays bounded. */
export const MEMORY_MAX_ROWS = 20_000;

export interface MemoryLabels {
  category: string | null;
  /** The colour the seller confirmed (first of the item's colours). */
  colour: string | null;
  /** The colour the pixels read for this photo when it was remembered. */
  seenColour: string | null;
  brand: string | null;
}

export interface MemoryEntry extends MemoryLabels { id: string; itemId?: string }
export interface Neighbour { entry: MemoryEntry; similarity: number }

export class MemoryIndex {
  private vectors = new Float32Array(MEMORY_DIMS * 256);
  private entries: MemoryEntry[] = [];
  private readonly colourCounts = new Map<string, Map<string, number>>();

  get size(): number { return this.entries.length; }

  /** Adds (or replaces, by id) one remembered photo. */
  add(entry: MemoryEntry, vector: Float32Array): void {
    if (vector.length !== MEMORY_DIMS) throw new Error(`memory vector of ${vector.length} dims, expected ${MEMORY_DIMS}`);
    this.remove((e) => e.id === entry.id);
    if (this.entries.length >= MEMORY_MAX_ROWS) this.removeAt(0);
    if ((this.entries.length + 1) * MEMORY_DIMS > this.vectors.length) {
      const grown = new Float32Array(this.vectors.length * 2);
      grown.set(this.vectors);
      this.vectors = grown;
    }
    this.vectors.set(vector, this.entries.length * MEMORY_DIMS);
    this.entries.push(entry);
    this.countColour(entry, 1);
  }

  /** Removes every entry the predicate selects; returns how many. */
  remove(pred: (e: MemoryEntry) => boolean): number {
    let n = 0;
    for (let i = this.entries.length - 1; i >= 0; i--) if (pred(this.entries[i])) { this.removeAt(i); n++; }
    return n;
  }

  clear(): void {
    this.entries = [];
    this.vectors = new Float32Array(MEMORY_DIMS * 256);
    this.colourCounts.clear();
  }

  private removeAt(i: number): void {
    this.countColour(this.entries[i], -1);
    this.vectors.copyWithin(i * MEMORY_DIMS, (i + 1) * MEMORY_DIMS, this.entries.length * MEMORY_DIMS);
    this.entries.splice(i, 1);
  }

  private countColour(e: MemoryEntry, delta: number): void {
    if (!e.seenColour || !e.colour) return;
    const m = this.colourCounts.get(e.seenColour) ?? new Map<string, number>();
    m.set(e.colour, (m.get(e.colour) ?? 0) + delta);
    this.colourCounts.set(e.seenColour, m);
  }

  /** What the seller confirmed, with how many photos, each time the pixels read `seen`. */
  coloursConfirmedFor(seen: string): Map<string, number> {
    return this.colourCounts.get(seen) ?? new Map();
  }

  /** The k most similar remembered photos (cosine of unit vectors), most similar first. */
  nearest(q: Float32Array, k: number): Neighbour[] {
    const n = this.entries.length, v = this.vectors;
    const topSim = new Float64Array(k).fill(-Infinity), topIdx = new Int32Array(k).fill(-1);
    for (let i = 0; i < n; i++) {
      const o = i * MEMORY_DIMS;
      let s = 0;
      for (let j = 0; j < MEMORY_DIMS; j++) s += v[o + j] * q[j];
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
