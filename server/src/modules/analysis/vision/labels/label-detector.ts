// Is this photo a label or care-tag close-up? Such photos are mostly one plain fabric with lines of small,
// similar-height, high-contrast marks (characters) lined up in rows; garment photos have a silhouette,
// folds and prints, and their small marks rarely form text lines. Used by the bulk grouping to attach label
// shots to their garment. Pure and synchronous on the 256 px decode (a few milliseconds).
import type { DecodedPhoto } from '../../../photos/index.ts';

export interface LabelDetection { is_label: boolean; score: number }

interface Blob { x0: number; y0: number; x1: number; y1: number; area: number }

function grey(photo: DecodedPhoto): Uint8Array {
  const { rgb, width, height } = photo;
  const g = new Uint8Array(width * height);
  for (let i = 0; i < g.length; i++) g[i] = (rgb[i * 3] * 77 + rgb[i * 3 + 1] * 150 + rgb[i * 3 + 2] * 29) >> 8;
  return g;
}

/** Ink mask: pixels clearly darker (or, for light-on-dark weaving, lighter) than their neighbourhood. */
function inkMask(g: Uint8Array, w: number, h: number, dark: boolean): Uint8Array {
  // Local mean over a 15×15 box via an integral image: tolerant of the uneven light on a folded label.
  const integral = new Float64Array((w + 1) * (h + 1));
  for (let y = 0; y < h; y++) {
    let row = 0;
    for (let x = 0; x < w; x++) { row += g[y * w + x]; integral[(y + 1) * (w + 1) + x + 1] = integral[y * (w + 1) + x + 1] + row; }
  }
  const r = 7, m = new Uint8Array(w * h);
  for (let y = 0; y < h; y++) {
    const ya = Math.max(0, y - r), yb = Math.min(h, y + r + 1);
    for (let x = 0; x < w; x++) {
      const xa = Math.max(0, x - r), xb = Math.min(w, x + r + 1);
      const sum = integral[yb * (w + 1) + xb] - integral[ya * (w + 1) + xb] - integral[yb * (w + 1) + xa] + integral[ya * (w + 1) + xa];
      const local = sum / ((yb - ya) * (xb - xa));
      const v = g[y * w + x];
      m[y * w + x] = dark ? +(v < local - 25) : +(v > local + 25);
    }
  }
  return m;
}

function blobs(mask: Uint8Array, w: number, h: number): Blob[] {
  const seen = new Uint8Array(w * h);
  const out: Blob[] = [];
  const stack: number[] = [];
  for (let s = 0; s < mask.length; s++) {
    if (!mask[s] || seen[s]) continue;
    const b: Blob = { x0: w, y0: h, x1: 0, y1: 0, area: 0 };
    stack.push(s); seen[s] = 1;
    while (stack.length) {
      const p = stack.pop()!;
      const x = p % w, y = (p - x) / w;
      b.area++; b.x0 = Math.min(b.x0, x); b.x1 = Math.max(b.x1, x); b.y0 = Math.min(b.y0, y); b.y1 = Math.max(b.y1, y);
      for (const q of [p - 1, p + 1, p - w, p + w]) {
        if (q < 0 || q >= mask.length || seen[q] || !mask[q]) continue;
        if ((q === p - 1 || q === p + 1) && Math.floor(q / w) !== y) continue;
        seen[q] = 1; stack.push(q);
      }
    }
    out.push(b);
  }
  return out;
}

/** Character-like blobs that have at least two others of similar height on the same text line. */
function alignedCharacters(bs: Blob[], w: number, h: number): number {
  const chars = bs.filter((b) => {
    const bw = b.x1 - b.x0 + 1, bh = b.y1 - b.y0 + 1;
    return bh >= 4 && bh <= h * 0.12 && bw <= w * 0.15 && bw / bh < 2.5 && bh / bw < 8 && b.area >= 8 && b.area / (bw * bh) < 0.9;
  });
  let aligned = 0;
  for (const c of chars) {
    const ch = c.y1 - c.y0 + 1, cy = (c.y0 + c.y1) / 2;
    let mates = 0;
    for (const d of chars) {
      if (d === c) continue;
      const dh = d.y1 - d.y0 + 1;
      if (Math.abs((d.y0 + d.y1) / 2 - cy) > ch * 0.35 || dh > ch * 1.6 || dh < ch / 1.6) continue;
      const gap = Math.max(d.x0 - c.x1, c.x0 - d.x1);
      if (gap < ch * 1.5) mates++;
      if (mates >= 2) break;
    }
    if (mates >= 2) aligned++;
  }
  return aligned;
}

export function detectLabelCloseUp(photo: DecodedPhoto): LabelDetection {
  const { width: w, height: h } = photo;
  const g = grey(photo);
  let best = 0;
  for (const dark of [true, false]) {
    const bs = blobs(inkMask(g, w, h, dark), w, h);
    const aligned = alignedCharacters(bs, w, h);
    const marks = bs.filter((b) => b.area >= 8).length;
    // Enough characters in rows (a short label such as "ZARA / M / 100% COTON" has ~15), and they must be most
    // of the marks in the photo: carpet, knit and prints also line up marks, among many more that do not.
    const purity = marks ? aligned / marks : 0;
    best = Math.max(best, Math.min(1, aligned / 15) * Math.min(1, Math.max(0, (purity - 0.3) / 0.3)));
  }
  const score = best;
  return { is_label: score > 0.55, score: Math.round(score * 1000) / 1000 };
}
