import { describe, expect, it } from 'vitest';
import { ldaHead, scatterStats } from './lda-fit.ts';
import { headInput, headProbabilities } from './softmax-head.ts';

// A deterministic stream in [0, 1) (no Math.random, so the figures never move).
function lcg(seed: number) {
  let s = seed >>> 0;
  return () => { s = (Math.imul(s, 1664525) + 1013904223) >>> 0; return s / 2 ** 32; };
}

describe('ldaHead', () => {
  it('matches the closed form Σ⁻¹μ on a two-dimensional example', () => {
    // Two classes of two points each: within-class residuals (±1, 0) and (0, ±2), class means (±1, 0).
    const X = [[2, 0], [0, 0], [0, 2], [-2, -2]].map((r) => Float32Array.from(r));
    const y = [0, 0, 1, 1];
    const st = scatterStats(X, y, 2);
    expect([...st.mean]).toEqual([0, 0]);
    expect([...st.classMeans]).toEqual([1, 0, -1, 0]);
    expect([...st.cov]).toEqual([1, 1, 1, 2]);
    const m = ldaHead(st, 2, 0);
    // Σ⁻¹ = [[2, -1], [-1, 1]]: w₀ = Σ⁻¹(1, 0) = (2, -1), b₀ = −½ μ₀ᵀw₀ = −1.
    expect([...m.weights].map((v) => +v.toFixed(9))).toEqual([2, -1, -2, 1]);
    expect([...m.bias].map((v) => +v.toFixed(9))).toEqual([-1, -1]);
  });

  it('weighs each class the same in the balanced covariance, whatever its size', () => {
    // Class 0: four points, residuals (±1, 0); class 1: two points, residuals (0, ±2).
    const X = [[1, 0], [-1, 0], [1, 0], [-1, 0], [5, 2], [5, -2]].map((r) => Float32Array.from(r));
    const y = [0, 0, 0, 0, 1, 1];
    expect([...scatterStats(X, y, 2).cov].map((v) => +v.toFixed(9))).toEqual([0.666666667, 0, 0, 1.333333333]);
    expect([...scatterStats(X, y, 2, { balanced: true }).cov].map((v) => +v.toFixed(9))).toEqual([0.5, 0, 0, 2]);
  });

  it('separates three noisy classes in 40 dimensions, with shrinkage and a temperature that softens the scores', () => {
    const rnd = lcg(7), d = 40, C = 3;
    const centres = Array.from({ length: C }, () => Float32Array.from({ length: d }, () => rnd() * 2));
    const sample = (c: number) => Float32Array.from(centres[c], (v) => v + (rnd() - 0.5) * 2);
    const X: Float32Array[] = [], y: number[] = [];
    for (let i = 0; i < 90; i++) { X.push(sample(i % C)); y.push(i % C); }
    const st = scatterStats(X, y, C);
    const sharp = ldaHead(st, C, 0.3), soft = ldaHead(st, C, 0.3, 4);
    let ok = 0;
    for (let i = 0; i < 60; i++) {
      const x = sample(i % C);
      const p = headProbabilities(sharp, x, C), q = headProbabilities(soft, x, C);
      if (p[i % C] === Math.max(...p)) ok++;
      expect(Math.max(...q)).toBeLessThanOrEqual(Math.max(...p) + 1e-12);
    }
    expect(ok).toBeGreaterThanOrEqual(57);
  });
});

describe('headInput', () => {
  it('square-roots each backbone output and scales it to unit length on its own', () => {
    const z = headInput([Float32Array.from([9, 16, -1]), Float32Array.from([4])]);
    expect([...z].map((v) => +v.toFixed(6))).toEqual([0.6, 0.8, 0, 1]);
  });
});
