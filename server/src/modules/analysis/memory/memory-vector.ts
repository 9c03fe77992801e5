// The compact vector the seller's memory keeps per photo: the classifier's own head input (both backbone layers,
// square-rooted and unit length per layer, see softmax-head.ts), centred on the training mean, then a fixed
// random projection to MEMORY_DIMS and unit length. Why a projection: 2,608 floats per photo would make a
// 10 k-photo comparison cost ~26 M multiply-adds (≈ 20 ms); 128 keep cosine similarities within a few
// hundredths (Johnson–Lindenstrauss) at 1/20 of the cost and 512 bytes a row. The projection is seeded, so a
// vector stored today compares with one computed after a restart; MEMORY_SPACE names it in every row, and a
// change of space (new seed, size or backbone) makes old rows unusable rather than silently wrong.
import { headInput, headLogits, type SoftmaxHead } from '../vision/classifier/softmax-head.ts';
import { mulberry32 } from '../../../platform/random.ts';

export const MEMORY_DIMS = 128;
export const MEMORY_SPACE = 'mnv2-head-logits-rp/2';
/**
 * Share of the vector given to the classifier's own logits (centred, unit length): photos the generic model sees
 * the same way are neighbours, so a seller's systematic confusion (their shirts read as T-shirts on their bed) is
 * learnt; the rest, the projected features, tells their garments apart beyond the ten classes.
 */
export const LOGIT_WEIGHT = 0.8;
const SEED = 0x5e11e7;

let projection: { inputDims: number; matrix: Float32Array } | null = null;

// The projection's numbers come from a seeded generator: the same projection in every process, no file to ship.
export { mulberry32 };

function projectionFor(inputDims: number): Float32Array {
  if (projection?.inputDims === inputDims) return projection.matrix;
  const rnd = mulberry32(SEED);
  // Gaussian entries (Box–Muller); scale does not matter since the result is normalised.
  const m = new Float32Array(MEMORY_DIMS * inputDims);
  for (let i = 0; i < m.length; i += 2) {
    const u = Math.max(rnd(), 1e-12), v = rnd();
    const r = Math.sqrt(-2 * Math.log(u));
    m[i] = r * Math.cos(2 * Math.PI * v);
    if (i + 1 < m.length) m[i + 1] = r * Math.sin(2 * Math.PI * v);
  }
  projection = { inputDims, matrix: m };
  return m;
}

function unitScale(v: Float32Array | Float64Array, from: number, to: number, scale: number): void {
  let norm = 0;
  for (let i = from; i < to; i++) norm += v[i] * v[i];
  norm = Math.sqrt(norm) || 1;
  for (let i = from; i < to; i++) v[i] = (v[i] / norm) * scale;
}

type Head = Pick<SoftmaxHead, 'mean' | 'weights' | 'bias' | 'classes'>;

/**
 * A unit-length vector in the memory's space from a head input: the head's logits (centred, weight LOGIT_WEIGHT)
 * then the centred input randomly projected on the remaining dimensions.
 */
export function projectHeadInput(x: Float32Array, head: Head, logitWeight = LOGIT_WEIGHT): Float32Array {
  const d = x.length, C = head.classes.length, R = MEMORY_DIMS - C;
  const out = new Float32Array(MEMORY_DIMS);
  const logits = headLogits(head, x, C);
  const mean = logits.reduce((a, b) => a + b, 0) / C;
  for (let c = 0; c < C; c++) out[c] = logits[c] - mean;
  unitScale(out, 0, C, Math.sqrt(logitWeight));
  const m = projectionFor(d);
  const centred = new Float32Array(d);
  for (let j = 0; j < d; j++) centred[j] = x[j] - head.mean[j];
  for (let i = 0; i < R; i++) {
    let s = 0;
    const o = i * d;
    for (let j = 0; j < d; j++) s += m[o + j] * centred[j];
    out[C + i] = s;
  }
  unitScale(out, C, MEMORY_DIMS, Math.sqrt(1 - logitWeight));
  return out;
}

/** The memory vector of a photo's backbone outputs (last layer first, as photoOutputs gives them). */
export const memoryVector = (outputs: readonly Float32Array[], head: Head): Float32Array => projectHeadInput(headInput(outputs), head);

/** Stored as base64 of the little-endian float32s: one portable text column on SQLite and PostgreSQL. */
export function encodeVector(v: Float32Array): string {
  return Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('base64');
}

export function decodeVector(s: string): Float32Array | null {
  const b = Buffer.from(s, 'base64');
  if (b.length !== MEMORY_DIMS * 4) return null;
  const out = new Float32Array(MEMORY_DIMS);
  for (let i = 0; i < MEMORY_DIMS; i++) out[i] = b.readFloatLE(i * 4);
  return out;
}
