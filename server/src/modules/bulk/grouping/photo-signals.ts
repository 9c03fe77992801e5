// What the grouping knows about one photo: everything is derived from the intake's single reduced decode, so
// grouping itself never touches a file. Pure functions, no I/O.
import { type DecodedPhoto, garmentWeights, samplePixels } from '../../photos/index.ts';

export interface PhotoSignals {
  id: string;
  /** The seller's file name (folders included for ZIPs): the fallback capture order and what the log quotes. */
  filename: string;
  /** Capture time in ms since the epoch (EXIF), or null when the photo carries none. */
  takenAt: number | null;
  /** Garment colour signature: a normalised Lab histogram (see COLOUR_BINS), background suppressed. */
  colour: Float32Array;
  /** The same after grey-world white balance, so a shot under warmer or dimmer light still matches. */
  colourBalanced: Float32Array;
  /** Colours of the border band: the floor for a garment shot, the garment's own fabric for a label close-up. */
  surround: Float32Array;
  /** L2-normalised visual embedding from the offline classifier's backbone, or null when unavailable. */
  embedding: Float32Array | null;
  /** Embeddings of REGION_GRID × REGION_GRID overlapping windows of the photo (the multi-scale view a detail shot is
   *  matched against), computed only for photos without a capture time; absent or null otherwise. */
  regions?: Float32Array[] | null;
  /** 64-bit perceptual hash of the photo and of its mirror image (16 hex characters each). */
  phash: string;
  phashMirror: string;
  /** A label or detail close-up (vision's detector): it belongs to the garment shot just before or after it. */
  closeUp: boolean;
  /** Laplacian variance from the quality figures: the cover is the sharpest full-garment shot. */
  sharpness: number;
}

// L in 3 wide bins (so a light change moves mass between neighbours rather than out of the histogram),
// a and b in 7 bins each over the range garments actually occupy.
const L_BINS = 3;
const AB_BINS = 7;
const AB_RANGE = 60;
export const COLOUR_BINS = L_BINS * AB_BINS * AB_BINS;

export interface ColourSignatures { colour: Float32Array; colourBalanced: Float32Array; surround: Float32Array }

/** The three colour histograms of a photo, from one sampling of its pixels. */
export function colourSignatures(photo: DecodedPhoto): ColourSignatures {
  const s = samplePixels(photo, 1600);
  const w = garmentWeights(s);
  const border = new Float32Array(s.count);
  for (let i = 0; i < s.count; i++) {
    const x = s.pos[i * 2], y = s.pos[i * 2 + 1];
    border[i] = x < 0.12 || x > 0.88 || y < 0.12 || y > 0.88 ? 1 : 0;
  }
  return {
    colour: histogram(s.lab, w, s.count),
    colourBalanced: histogram(greyWorld(s.lab, s.count), w, s.count),
    surround: histogram(s.lab, border, s.count),
  };
}

/** Grey-world balance in Lab: the whole frame's mean chroma moves to neutral and its mean lightness to 55. */
function greyWorld(lab: Float32Array, n: number): Float32Array {
  if (n === 0) return lab;
  let L = 0, a = 0, b = 0;
  for (let i = 0; i < n; i++) { L += lab[i * 3]; a += lab[i * 3 + 1]; b += lab[i * 3 + 2]; }
  L /= n; a /= n; b /= n;
  const scale = L > 1 ? 55 / L : 1;
  const out = new Float32Array(lab.length);
  for (let i = 0; i < n; i++) {
    out[i * 3] = Math.min(100, lab[i * 3] * scale);
    out[i * 3 + 1] = lab[i * 3 + 1] - a;
    out[i * 3 + 2] = lab[i * 3 + 2] - b;
  }
  return out;
}

/** Soft-binned (linear interpolation on every axis) Lab histogram of the weighted samples. */
function histogram(lab: Float32Array, w: Float32Array, count: number): Float32Array {
  const hist = new Float32Array(COLOUR_BINS);
  let total = 0;
  for (let i = 0; i < count; i++) {
    const wi = w[i];
    if (wi < 0.05) continue;
    const fl = clamp((lab[i * 3] / 100) * (L_BINS - 1), 0, L_BINS - 1);
    const fa = clamp(((lab[i * 3 + 1] + AB_RANGE) / (2 * AB_RANGE)) * (AB_BINS - 1), 0, AB_BINS - 1);
    const fb = clamp(((lab[i * 3 + 2] + AB_RANGE) / (2 * AB_RANGE)) * (AB_BINS - 1), 0, AB_BINS - 1);
    const l0 = Math.floor(fl), a0 = Math.floor(fa), b0 = Math.floor(fb);
    const dl = fl - l0, da = fa - a0, db = fb - b0;
    for (let x = 0; x < 2; x++) {
      const li = Math.min(L_BINS - 1, l0 + x), wl = x ? dl : 1 - dl;
      if (wl === 0) continue;
      for (let y = 0; y < 2; y++) {
        const ai = Math.min(AB_BINS - 1, a0 + y), wa = y ? da : 1 - da;
        if (wa === 0) continue;
        for (let z = 0; z < 2; z++) {
          const bi = Math.min(AB_BINS - 1, b0 + z), wb = z ? db : 1 - db;
          if (wb === 0) continue;
          const v = wi * wl * wa * wb;
          hist[(li * AB_BINS + ai) * AB_BINS + bi] += v;
          total += v;
        }
      }
    }
  }
  if (total > 0) for (let i = 0; i < hist.length; i++) hist[i] /= total;
  return hist;
}

/** Histogram intersection: 1 for the same colour mass, 0 for nothing in common. */
export function colourSimilarity(a: Float32Array, b: Float32Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += Math.min(a[i], b[i]);
  return s;
}

export function cosine(a: Float32Array, b: Float32Array): number {
  let dot = 0, na = 0, nb = 0;
  for (let i = 0; i < a.length; i++) { dot += a[i] * b[i]; na += a[i] * a[i]; nb += b[i] * b[i]; }
  return na && nb ? dot / Math.sqrt(na * nb) : 0;
}

export function l2normalise(v: Float32Array): Float32Array {
  let n = 0;
  for (const x of v) n += x * x;
  n = Math.sqrt(n);
  const out = new Float32Array(v.length);
  if (n > 0) for (let i = 0; i < v.length; i++) out[i] = v[i] / n;
  return out;
}

/** Mirror image of a decode (a seller's "back" shot is often the garment turned over, i.e. mirrored). */
export function mirrored(photo: DecodedPhoto): DecodedPhoto {
  const { rgb, width, height } = photo;
  const out = Buffer.alloc(rgb.length);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const src = (y * width + x) * 3, dst = (y * width + (width - 1 - x)) * 3;
      out[dst] = rgb[src]; out[dst + 1] = rgb[src + 1]; out[dst + 2] = rgb[src + 2];
    }
  }
  return { rgb: out, width, height };
}

const clamp = (x: number, lo: number, hi: number) => (x < lo ? lo : x > hi ? hi : x);

/** Float32 vectors travel and rest as base64 (a quarter of the JSON size of a number array). */
export const vectorToBase64 = (v: Float32Array): string => Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('base64');
export function vectorFromBase64(s: string): Float32Array {
  const b = Buffer.from(s, 'base64');
  const out = new Float32Array(b.length / 4);
  for (let i = 0; i < out.length; i++) out[i] = b.readFloatLE(i * 4);
  return out;
}
