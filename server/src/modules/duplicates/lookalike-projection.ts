import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LookalikeVector } from './lookalike-vector.ts';

// The look-alike check's first stage works on a short sketch of each vector: the garment embedding (1 792 features)
// projected on the ~128 directions that carry most of its energy, fitted on shared/datasets/clothing-train only
// (bench/duplicates-lookalike-projection.ts writes server/models/lookalike-projection.bin). The projection is
// uncentred (directions of the second-moment matrix, not of the covariance) so that the dot product of two sketches
// approximates the cosine of the two full vectors itself: the sketch only chooses candidates, the full vectors decide.
// The shipped file: "LKP1", dims (u32), rank (u32), one float32 scale per direction, then rank × dims signed bytes
// (direction r, feature j = scale[r] × byte / 127). Pure functions but the one-time read of the shipped file.

export interface LookalikeProjection {
  /** Short hash of the file: stored beside each sketch, so a sketch of another projection is made again. */
  id: string;
  dims: number;
  rank: number;
  /** rank × dims, row-major: direction r is weights[r·dims … (r+1)·dims), already scaled to floats. */
  weights: Float32Array;
}

/** A sketch: the projection of the unit-length vector, one signed byte per direction, `scale` × byte each. */
export interface LookalikeSketch {
  q: Int8Array;
  scale: number;
}

export const LOOKALIKE_PROJECTION_FILE = join(import.meta.dirname, '../../../models/lookalike-projection.bin');
const MAGIC = 'LKP1';

/** The file form of `directions` (rank rows of dims floats). */
export function encodeProjection(directions: Float32Array[]): Buffer {
  const rank = directions.length, dims = directions[0].length;
  const buf = Buffer.alloc(12 + 4 * rank + rank * dims);
  buf.write(MAGIC, 0, 'latin1');
  buf.writeUInt32LE(dims, 4);
  buf.writeUInt32LE(rank, 8);
  directions.forEach((d, r) => {
    let max = 0;
    for (const x of d) max = Math.max(max, Math.abs(x));
    buf.writeFloatLE(max / 127, 12 + 4 * r);
    for (let j = 0; j < dims; j++) buf.writeInt8(max ? Math.round((127 * d[j]) / max) : 0, 12 + 4 * rank + r * dims + j);
  });
  return buf;
}

export function decodeProjection(buf: Buffer): LookalikeProjection {
  if (buf.length < 12 || buf.toString('latin1', 0, 4) !== MAGIC) throw new Error('not a look-alike projection file');
  const dims = buf.readUInt32LE(4), rank = buf.readUInt32LE(8);
  if (buf.length !== 12 + 4 * rank + rank * dims) throw new Error('look-alike projection file truncated');
  const weights = new Float32Array(rank * dims);
  for (let r = 0; r < rank; r++) {
    const scale = buf.readFloatLE(12 + 4 * r);
    for (let j = 0; j < dims; j++) weights[r * dims + j] = scale * buf.readInt8(12 + 4 * rank + r * dims + j);
  }
  return { id: createHash('sha256').update(buf).digest('hex').slice(0, 12), dims, rank, weights };
}

let shipped: LookalikeProjection | null = null;

/** The shipped projection, read once. */
export function lookalikeProjection(): LookalikeProjection {
  shipped ??= decodeProjection(readFileSync(LOOKALIKE_PROJECTION_FILE));
  return shipped;
}

/** The sketch of a quantised vector (null when it is empty or of another length: never compared). */
export function sketch(p: LookalikeProjection, v: LookalikeVector): LookalikeSketch | null {
  if (v.q.length !== p.dims || v.norm === 0) return null;
  const out = new Float32Array(p.rank);
  let max = 0;
  for (let r = 0; r < p.rank; r++) {
    const base = r * p.dims;
    let s = 0;
    for (let j = 0; j < p.dims; j++) s += p.weights[base + j] * v.q[j];
    out[r] = s / v.norm;
    max = Math.max(max, Math.abs(out[r]));
  }
  const q = new Int8Array(p.rank);
  if (max > 0) for (let r = 0; r < p.rank; r++) q[r] = Math.round((127 * out[r]) / max);
  return { q, scale: max / 127 };
}

/** Approximate cosine of the two full vectors. */
export function sketchScore(a: LookalikeSketch, b: LookalikeSketch): number {
  let s = 0;
  for (let i = 0; i < a.q.length; i++) s += a.q[i] * b.q[i];
  return s * a.scale * b.scale;
}

/** Stored form: base64 of the float32 scale then the bytes. */
export function encodeSketch(s: LookalikeSketch): string {
  const buf = Buffer.alloc(4 + s.q.length);
  buf.writeFloatLE(s.scale, 0);
  Buffer.from(s.q.buffer, s.q.byteOffset, s.q.byteLength).copy(buf, 4);
  return buf.toString('base64');
}

export function decodeSketch(text: string): LookalikeSketch {
  const buf = Buffer.from(text, 'base64');
  const q = new Int8Array(buf.length - 4);
  for (let i = 0; i < q.length; i++) q[i] = buf.readInt8(4 + i);
  return { q, scale: buf.readFloatLE(0) };
}
