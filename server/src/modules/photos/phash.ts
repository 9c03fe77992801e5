import type { DecodedPhoto } from './decoded-photo.ts';

// 64-bit DCT perceptual hash, the classic pHash (as Python's imagehash.phash computes it): the photo in grey at
// 32 × 32, a 2-D DCT-II, and the 8 × 8 lowest frequencies compared with their median. Works on the intake's one
// reduced decode (256 px), so it costs a fraction of a millisecond instead of a decode of its own.
const N = 32;
const K = 8;

// cos((2x + 1) u π / 2N) for the K frequencies kept and the N samples: the only trigonometry, computed once.
const COS = new Float64Array(K * N);
for (let u = 0; u < K; u++) for (let x = 0; x < N; x++) COS[u * N + x] = Math.cos(((2 * x + 1) * u * Math.PI) / (2 * N));

/** Grey 32 × 32 by area averaging (every source pixel counts once), the image stretched to a square like imagehash. */
export function greySquare(photo: DecodedPhoto, size = N): Float64Array {
  const { rgb, width, height } = photo;
  const sum = new Float64Array(size * size);
  const count = new Float64Array(size * size);
  const colOf = new Int32Array(width);
  for (let x = 0; x < width; x++) colOf[x] = Math.min(size - 1, Math.floor((x * size) / width));
  for (let y = 0; y < height; y++) {
    const rowBase = Math.min(size - 1, Math.floor((y * size) / height)) * size;
    let p = y * width * 3;
    for (let x = 0; x < width; x++, p += 3) {
      const cell = rowBase + colOf[x];
      sum[cell] += 0.299 * rgb[p] + 0.587 * rgb[p + 1] + 0.114 * rgb[p + 2];
      count[cell]++;
    }
  }
  for (let i = 0; i < sum.length; i++) sum[i] = count[i] ? sum[i] / count[i] : 0;
  return sum;
}

/** The perceptual hash as 16 hex characters (bit 63 first). */
export function phash(photo: DecodedPhoto): string {
  if (photo.width < 1 || photo.height < 1) throw new Error('empty image');
  const g = greySquare(photo);
  // Separable DCT: along rows (N × K × N), then along columns for the K kept frequencies only (K × K × N).
  const rows = new Float64Array(N * K);
  for (let y = 0; y < N; y++) {
    for (let u = 0; u < K; u++) {
      let s = 0;
      for (let x = 0; x < N; x++) s += g[y * N + x] * COS[u * N + x];
      rows[y * K + u] = s;
    }
  }
  const coeffs = new Float64Array(K * K);
  for (let v = 0; v < K; v++) {
    for (let u = 0; u < K; u++) {
      let s = 0;
      for (let y = 0; y < N; y++) s += rows[y * K + u] * COS[v * N + y];
      coeffs[v * K + u] = s;
    }
  }
  const sorted = Float64Array.from(coeffs).sort();
  const median = (sorted[31] + sorted[32]) / 2;
  let hi = 0;
  let lo = 0;
  for (let i = 0; i < 64; i++) {
    const bit = coeffs[i] > median ? 1 : 0;
    if (i < 32) hi = ((hi << 1) | bit) >>> 0;
    else lo = ((lo << 1) | bit) >>> 0;
  }
  return hex32(hi) + hex32(lo);
}

const hex32 = (n: number) => n.toString(16).padStart(8, '0');

export function popcount32(n: number): number {
  n -= (n >>> 1) & 0x55555555;
  n = (n & 0x33333333) + ((n >>> 2) & 0x33333333);
  return (((n + (n >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}

/** Number of differing bits between two 16-hex-character hashes. */
export function hammingDistance(a: string, b: string): number {
  return (
    popcount32((parseInt(a.slice(0, 8), 16) ^ parseInt(b.slice(0, 8), 16)) >>> 0) +
    popcount32((parseInt(a.slice(8), 16) ^ parseInt(b.slice(8), 16)) >>> 0)
  );
}

export const PHASH_RE = /^[0-9a-f]{16}$/;

/** The hash cut in four 16-bit bands (multi-index hashing): two hashes within distance d share a band within ⌊d/4⌋. */
export const PHASH_BANDS = 4;
export function phashBands(hash: string): number[] {
  return [0, 1, 2, 3].map((b) => parseInt(hash.slice(b * 4, b * 4 + 4), 16));
}
