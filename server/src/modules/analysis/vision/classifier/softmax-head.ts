// The trained part of the garment classifier: standardise the backbone features, then multinomial logistic
// regression. Pure functions, so training (scripts/train-classifier.ts) and inference share the exact maths.

export interface SoftmaxHead {
  classes: string[];
  mean: number[];
  std: number[];
  /** classes × features, row-major. */
  weights: number[];
  bias: number[];
}

export function standardise(head: Pick<SoftmaxHead, 'mean' | 'std'>, x: Float32Array): Float32Array {
  const out = new Float32Array(x.length);
  for (let j = 0; j < x.length; j++) out[j] = (x[j] - head.mean[j]) / head.std[j];
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

/** Class probabilities for a standardised feature vector. */
export function headProbabilities(W: ArrayLike<number>, b: ArrayLike<number>, z: Float32Array, classes: number): Float64Array {
  const d = z.length;
  const logits = new Float64Array(classes);
  for (let c = 0; c < classes; c++) {
    let s = b[c];
    const o = c * d;
    for (let j = 0; j < d; j++) s += W[o + j] * z[j];
    logits[c] = s;
  }
  return softmax(logits);
}

export interface TrainOptions { l2: number; epochs: number; learningRate: number; classWeights?: number[] }

/**
 * Full-batch Adam on the weighted cross-entropy with L2. Deterministic (zero initialisation, no shuffling)
 * and written as flat typed-array loops: a few thousand rows × 1792 features train in well under a minute.
 */
export function trainSoftmax(X: Float32Array[], y: number[], classes: number, opts: TrainOptions): { weights: Float64Array; bias: Float64Array } {
  const n = X.length, d = X[0].length, C = classes;
  const W = new Float32Array(C * d), b = new Float64Array(C);
  const mW = new Float32Array(W.length), vW = new Float32Array(W.length), mb = new Float64Array(C), vb = new Float64Array(C);
  const gW = new Float32Array(W.length), gb = new Float64Array(C);
  const cw = opts.classWeights ?? new Array(C).fill(1);
  let norm = 0;
  for (let i = 0; i < n; i++) norm += cw[y[i]];
  const logits = new Float64Array(C);
  const b1 = 0.9, b2 = 0.999;
  for (let t = 1; t <= opts.epochs; t++) {
    gW.fill(0); gb.fill(0);
    for (let i = 0; i < n; i++) {
      const xi = X[i];
      let max = -Infinity;
      for (let c = 0; c < C; c++) {
        let s = b[c];
        const o = c * d;
        for (let j = 0; j < d; j++) s += W[o + j] * xi[j];
        logits[c] = s;
        if (s > max) max = s;
      }
      let sum = 0;
      for (let c = 0; c < C; c++) { logits[c] = Math.exp(logits[c] - max); sum += logits[c]; }
      const wi = cw[y[i]] / norm;
      for (let c = 0; c < C; c++) {
        const g = (logits[c] / sum - (c === y[i] ? 1 : 0)) * wi;
        gb[c] += g;
        const o = c * d;
        for (let j = 0; j < d; j++) gW[o + j] += g * xi[j];
      }
    }
    const lr = opts.learningRate * Math.sqrt(1 - b2 ** t) / (1 - b1 ** t);
    for (let k = 0; k < W.length; k++) {
      const g = gW[k] + opts.l2 * W[k];
      mW[k] = b1 * mW[k] + (1 - b1) * g; vW[k] = b2 * vW[k] + (1 - b2) * g * g;
      W[k] -= lr * mW[k] / (Math.sqrt(vW[k]) + 1e-8);
    }
    for (let c = 0; c < C; c++) {
      mb[c] = b1 * mb[c] + (1 - b1) * gb[c]; vb[c] = b2 * vb[c] + (1 - b2) * gb[c] * gb[c];
      b[c] -= lr * mb[c] / (Math.sqrt(vb[c]) + 1e-8);
    }
  }
  return { weights: Float64Array.from(W), bias: b };
}

/** Per-feature mean and standard deviation (floored, so dead features do not blow up). */
export function fitStandardiser(X: Float32Array[]): { mean: number[]; std: number[] } {
  const d = X[0].length, n = X.length;
  const mean = new Array(d).fill(0), std = new Array(d).fill(0);
  for (const x of X) for (let j = 0; j < d; j++) mean[j] += x[j] / n;
  for (const x of X) for (let j = 0; j < d; j++) std[j] += (x[j] - mean[j]) ** 2 / n;
  for (let j = 0; j < d; j++) std[j] = Math.max(Math.sqrt(std[j]), 1e-3);
  return { mean, std };
}
