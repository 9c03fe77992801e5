import type { EditParams } from './edit-params.ts';

// Light and colour as one linear map per channel (out = a·in + b) plus a saturation factor: what sharp applies in
// one pass. "Auto" reads the photo itself: a grey-world white balance (the mean of a flat-lay photo is close to
// neutral once the garment's own colour is averaged with the floor) bounded to ±20 %, and a levels stretch from
// the 0.5th and 99.5th luminance percentiles bounded to 1.6× so a dark garment on a dark floor is not blown out.
export interface ColourPlan {
  a: number[];
  b: number[];
  saturation: number;
  /** True when the linear map changes nothing (the saturation is separate). */
  identity: boolean;
}

/**
 * Saturation as a 3 × 3 matrix (sharp's recomb, far cheaper than a trip through LCh): each channel moves towards or
 * away from the pixel's luma, which stays where it is. 0 is grey, 1 unchanged, 2 twice as vivid.
 */
export function saturationMatrix(s: number): [[number, number, number], [number, number, number], [number, number, number]] {
  const l = [0.299, 0.587, 0.114];
  const row = (c: number) => l.map((w, j) => (1 - s) * w + (j === c ? s : 0)) as [number, number, number];
  return [row(0), row(1), row(2)];
}

const AUTO_GAIN_MAX = 1.2;
const AUTO_STRETCH_MAX = 1.6;

export function colourPlan(rgb: Buffer, p: EditParams): ColourPlan {
  let a = [1, 1, 1], b = [0, 0, 0];
  if (p.auto) ({ a, b } = autoLevels(rgb));
  // Contrast around mid-grey: ±100 → ×1.6 / ×0.4.
  const ct = 1 + (p.contrast / 100) * 0.6;
  a = a.map((v) => v * ct);
  b = b.map((v) => v * ct + 128 * (1 - ct));
  // Brightness: ±100 → ±40 % of the light.
  const br = 1 + (p.brightness / 100) * 0.4;
  a = a.map((v) => v * br);
  b = b.map((v) => v * br);
  // White balance: warmth moves red against blue, tint green against magenta.
  const wb = [1 + (p.warmth / 100) * 0.15, 1 - (p.tint / 100) * 0.12, 1 - (p.warmth / 100) * 0.15];
  a = a.map((v, c) => v * wb[c]);
  b = b.map((v, c) => v * wb[c]);
  const saturation = Math.max(0, 1 + p.saturation / 100);
  const identity = a.every((v) => Math.abs(v - 1) < 1e-6) && b.every((v) => Math.abs(v) < 1e-6);
  return { a, b, saturation, identity };
}

function autoLevels(rgb: Buffer): { a: number[]; b: number[] } {
  const hist = new Uint32Array(256);
  const sum = [0, 0, 0];
  let n = 0;
  const stride = Math.max(3, Math.floor(rgb.length / 3 / 40000) * 3); // ~40 k samples
  for (let o = 0; o + 2 < rgb.length; o += stride) {
    const r = rgb[o], g = rgb[o + 1], bl = rgb[o + 2];
    sum[0] += r; sum[1] += g; sum[2] += bl; n++;
    hist[Math.round(0.2126 * r + 0.7152 * g + 0.0722 * bl)]++;
  }
  if (n === 0) return { a: [1, 1, 1], b: [0, 0, 0] };
  const mean = sum.map((v) => v / n);
  const grey = (mean[0] + mean[1] + mean[2]) / 3;
  const gain = mean.map((m) => (m > 0 ? clamp(grey / m, 1 / AUTO_GAIN_MAX, AUTO_GAIN_MAX) : 1));
  const lo = percentile(hist, n, 0.005), hi = percentile(hist, n, 0.995);
  const stretch = hi > lo ? clamp(255 / (hi - lo), 1, AUTO_STRETCH_MAX) : 1;
  // The middle of the used range goes to mid-grey: lo → 0 and hi → 255 when the stretch is not capped.
  const offset = 127.5 - stretch * ((lo + hi) / 2);
  return { a: gain.map((g) => g * stretch), b: [offset, offset, offset] };
}

function percentile(hist: Uint32Array, n: number, q: number): number {
  let acc = 0;
  for (let i = 0; i < 256; i++) {
    acc += hist[i];
    if (acc >= n * q) return i;
  }
  return 255;
}

const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));
