// The look-alike check's vectors: a photo's garment embedding (the analyser's backbone features, unit length) kept
// as one signed byte per feature with its own norm. One byte instead of four keeps 100 k photos of one owner in about
// 180 MB instead of 720 MB, and the similarity it gives differs from the float one by about 0.001 (measured by the
// calibration, bench/duplicates-lookalike-calibrate.ts, which scores these very vectors). Pure functions, no I/O.

export interface LookalikeVector {
  /** round(127 × v / max|v|), one per feature. */
  q: Int8Array;
  /** Euclidean norm of `q`, so the cosine needs one dot product. */
  norm: number;
}

/** Quantises an embedding (any length, any scale: the cosine ignores both). */
export function toLookalikeVector(embedding: ArrayLike<number>): LookalikeVector {
  let max = 0;
  for (let i = 0; i < embedding.length; i++) max = Math.max(max, Math.abs(embedding[i]));
  const q = new Int8Array(embedding.length);
  let n = 0;
  if (max > 0) {
    for (let i = 0; i < embedding.length; i++) {
      q[i] = Math.round((127 * embedding[i]) / max);
      n += q[i] * q[i];
    }
  }
  return { q, norm: Math.sqrt(n) };
}

/** Cosine similarity of two quantised vectors (0 when either is empty or their lengths differ). */
export function lookalikeSimilarity(a: LookalikeVector, b: LookalikeVector): number {
  if (a.q.length !== b.q.length || a.norm === 0 || b.norm === 0) return 0;
  let s = 0;
  for (let i = 0; i < a.q.length; i++) s += a.q[i] * b.q[i];
  return s / (a.norm * b.norm);
}

/** Stored form: base64 of the bytes (text, so SQLite and PostgreSQL hold it alike). */
export const encodeVector = (v: LookalikeVector) => Buffer.from(v.q.buffer, v.q.byteOffset, v.q.byteLength).toString('base64');

export function decodeVector(text: string): LookalikeVector {
  const bytes = Buffer.from(text, 'base64');
  const q = new Int8Array(bytes.length);
  let n = 0;
  for (let i = 0; i < bytes.length; i++) {
    q[i] = (bytes[i] << 24) >> 24;
    n += q[i] * q[i];
  }
  return { q, norm: Math.sqrt(n) };
}
