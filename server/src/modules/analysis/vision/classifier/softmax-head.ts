// The trained part of the garment classifier at run time: each backbone output square-rooted and scaled to unit
// length, concatenated, centred, then one linear layer and a softmax. Pure functions, so training
// (scripts/train-classifier.ts, lda-fit.ts) and inference share the exact maths.

export interface SoftmaxHead {
  classes: string[];
  /** Subtracted from the concatenated, normalised outputs. */
  mean: number[];
  /** classes × features, row-major. */
  weights: number[];
  bias: number[];
}

/**
 * Square root then unit length, per output: the square root tames the few very active channels, and the
 * per-output norm keeps the 816 mid-level channels from being drowned by (or drowning) the 1792 last ones.
 */
export function headInput(outputs: readonly Float32Array[]): Float32Array {
  const out = new Float32Array(outputs.reduce((s, o) => s + o.length, 0));
  let at = 0;
  for (const o of outputs) {
    let norm = 0;
    for (let j = 0; j < o.length; j++) { const v = Math.sqrt(Math.max(0, o[j])); out[at + j] = v; norm += v * v; }
    norm = Math.sqrt(norm) || 1;
    for (let j = 0; j < o.length; j++) out[at + j] /= norm;
    at += o.length;
  }
  return out;
}

export function softmax(logits: Float64Array | number[]): Float64Array {
  let max = -Infinity;
  for (const v of logits) max = Math.max(max, v);
  const out = new Float64Array(logits.length);
  let sum = 0;
  for (let i = 0; i < logits.length; i++) { out[i] = Math.exp(logits[i] - max); sum += out[i]; }
  for (let i = 0; i < out.length; i++) out[i] /= sum;
  return out;
}

type LinearLayer = { [K in 'mean' | 'weights' | 'bias']: ArrayLike<number> };

/** Class logits of a head input (weights and bias as stored, the head's mean subtracted). */
export function headLogits(head: LinearLayer, x: Float32Array, classes: number): Float64Array {
  const d = x.length;
  const logits = new Float64Array(classes);
  for (let c = 0; c < classes; c++) {
    let s = head.bias[c];
    const o = c * d;
    for (let j = 0; j < d; j++) s += head.weights[o + j] * (x[j] - head.mean[j]);
    logits[c] = s;
  }
  return logits;
}

/** Class probabilities of a head input. */
export function headProbabilities(head: LinearLayer, x: Float32Array, classes: number): Float64Array {
  return softmax(headLogits(head, x, classes));
}
