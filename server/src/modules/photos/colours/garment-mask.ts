// Which pixels of a photo are the garment. Sellers photograph one item laid flat or hung, roughly centred,
// on a floor, bed or wall that fills the edges of the frame. So the colours found along the border are the
// background, unless the same colour also fills the centre (a close-up where the garment touches the edges),
// and so is whatever the edge reaches through small colour steps (the floor's shading under and between).
// Pure functions on a sampled grid: no I/O, cheap enough to run on every photo.
import { kmeans } from 'ml-kmeans';
import type { DecodedPhoto } from '../decoded-photo.ts';
import { deltaE76, linearRgbToLab, toLinear } from './colour-space.ts';

export interface PixelSamples {
  /** Lab colour of each sample, 3 numbers per sample. */
  lab: Float32Array;
  /** Sample position, normalised to 0..1 (x, y per sample). */
  pos: Float32Array;
  count: number;
  cols: number;
  rows: number;
}

/**
 * Samples about `target` pixels on a regular grid (each sample the mean of a small block, which tames JPEG noise),
 * in Lab; with `correctExposure`, after the white-patch correction below (for naming colours; the bulk grouping
 * compares photos as shot, where brightness still tells two garments apart).
 */
export function samplePixels(photo: DecodedPhoto, target = 3000, correctExposure = false): PixelSamples {
  const { width, height, rgb } = photo;
  const step = Math.max(1, Math.round(Math.sqrt((width * height) / target)));
  const cols = Math.floor(width / step), rows = Math.floor(height / step);
  const count = cols * rows;
  const lab = new Float32Array(count * 3);
  const pos = new Float32Array(count * 2);
  const half = Math.max(1, step >> 1);
  const lin = new Float32Array(count * 3);
  let i = 0;
  for (let gy = 0; gy < rows; gy++) {
    for (let gx = 0; gx < cols; gx++, i++) {
      let r = 0, g = 0, b = 0, n = 0;
      const x0 = gx * step, y0 = gy * step;
      for (let y = y0; y < y0 + half; y++) {
        for (let x = x0; x < x0 + half; x++) {
          const o = (y * width + x) * 3;
          r += rgb[o]; g += rgb[o + 1]; b += rgb[o + 2]; n++;
        }
      }
      lin[i * 3] = toLinear(Math.round(r / n)); lin[i * 3 + 1] = toLinear(Math.round(g / n)); lin[i * 3 + 2] = toLinear(Math.round(b / n));
      pos[i * 2] = (gx + 0.5) / cols; pos[i * 2 + 1] = (gy + 0.5) / rows;
    }
  }
  const gain = correctExposure ? exposureGain(lin, count) : 1;
  for (let j = 0; j < count; j++) {
    const L = linearRgbToLab(Math.min(1, lin[j * 3] * gain), Math.min(1, lin[j * 3 + 1] * gain), Math.min(1, lin[j * 3 + 2] * gain));
    lab[j * 3] = L[0]; lab[j * 3 + 1] = L[1]; lab[j * 3 + 2] = L[2];
  }
  return { lab, pos, count, cols, rows };
}

// Exposure: phone cameras meter a room for mid-grey, so a white shirt indoors is stored as a light grey and a
// navy one as a dull dark grey; the eye (and whoever labels the photo) judges them against the brightest
// things in the scene. The frame is brightened until its brightest few percent reach near-white, by at most
// +30 %, so a photo that is simply dark is not blown out and a grey garment beside a white wall stays grey.
const WHITE_PATCH_QUANTILE = 0.97;
const WHITE_PATCH_TARGET = 0.7; // linear luminance, about L* 87
const MAX_EXPOSURE_GAIN = 1.3;

function exposureGain(lin: Float32Array, count: number): number {
  const y = new Float32Array(count);
  for (let j = 0; j < count; j++) y[j] = 0.2126 * lin[j * 3] + 0.7152 * lin[j * 3 + 1] + 0.0722 * lin[j * 3 + 2];
  y.sort();
  const top = y[Math.min(count - 1, Math.floor(count * WHITE_PATCH_QUANTILE))];
  return top > 0 ? Math.max(1, Math.min(MAX_EXPOSURE_GAIN, WHITE_PATCH_TARGET / top)) : 1;
}

const BORDER = 0.08;
const isBorder = (x: number, y: number) => x < BORDER || x > 1 - BORDER || y < BORDER || y > 1 - BORDER;
const isCentre = (x: number, y: number) => Math.abs(x - 0.5) < 0.17 && Math.abs(y - 0.5) < 0.17;

interface BackgroundMode { centre: number[]; radius: number }

/** The background's colour modes: k-means on the border band, keeping modes that cover enough of it. */
function backgroundModes(s: PixelSamples): BackgroundMode[] {
  const border: number[][] = [];
  const centre: number[][] = [];
  for (let i = 0; i < s.count; i++) {
    const x = s.pos[i * 2], y = s.pos[i * 2 + 1];
    const p = [s.lab[i * 3], s.lab[i * 3 + 1], s.lab[i * 3 + 2]];
    if (isBorder(x, y)) border.push(p);
    else if (isCentre(x, y)) centre.push(p);
  }
  if (border.length < 12) return [];
  const k = 3;
  const res = kmeans(border, k, { seed: 7, maxIterations: 25, initialization: 'kmeans++' });
  const modes: BackgroundMode[] = [];
  for (let c = 0; c < k; c++) {
    const members = border.filter((_, j) => res.clusters[j] === c);
    if (members.length < border.length * 0.15) continue;
    const ctr = res.centroids[c];
    const dists = members.map((m) => deltaE76(m, ctr)).sort((a, b) => a - b);
    // Radius from the mode's own spread (a carpet is wider than a painted wall), bounded both ways.
    const radius = Math.min(22, Math.max(9, dists[Math.floor(dists.length * 0.85)] * 1.2));
    // A minor border colour that also fills the centre is the garment running off the frame, not the floor.
    // A major one is the floor even when a small item leaves it visible in the centre (a hat, a shoe).
    const inCentre = centre.filter((p) => deltaE76(p, ctr) < radius).length;
    if (members.length < border.length * 0.4 && centre.length > 0 && inCentre > centre.length * 0.6) continue;
    modes.push({ centre: ctr, radius });
  }
  return modes;
}

/**
 * Garment weight per sample, 0..1: away from the background modes and not reached from the edge through the
 * floor's own gradients, favouring the centre of the frame. Falls back to centre weighting alone when
 * suppression would leave almost nothing (garment = background).
 */
export function garmentWeights(s: PixelSamples): Float32Array {
  const { fg, fallback } = garmentForeground(s);
  const sigma = fallback ? 0.22 : 0.3;
  const w = new Float32Array(s.count);
  for (let i = 0; i < s.count; i++) {
    const x = s.pos[i * 2] - 0.5, y = s.pos[i * 2 + 1] - 0.5;
    w[i] = (fallback ? 1 : fg[i]) * Math.exp(-(x * x + y * y) / (2 * sigma * sigma));
  }
  return w;
}

/**
 * The garment mask itself, before the centre weighting the colour naming adds: 0..1 per sample (1 = garment), how
 * many background modes were found, and `fallback` when suppression left almost nothing (garment = background).
 * The photo studio's background replacement (modules/studio) cuts along it.
 */
export function garmentForeground(s: PixelSamples, opts: { widen?: number } = {}): { fg: Float32Array; modes: number; fallback: boolean; widenedShare?: number } {
  const modes = backgroundModes(s);
  const fg = foregroundFor(s, modes);
  const share = (f: Float32Array) => f.reduce((n, v) => n + (v > 0.5 ? 1 : 0), 0) / s.count;
  const fallback = share(fg) < 0.06;
  // The same mask with every floor colour's radius widened: how much garment is close to the floor's colours.
  const widenedShare = opts.widen ? share(foregroundFor(s, modes.map((m) => ({ ...m, radius: m.radius * opts.widen! })))) : undefined;
  return { fg, modes: modes.length, fallback, ...(widenedShare !== undefined ? { widenedShare } : {}) };
}

function foregroundFor(s: PixelSamples, modes: BackgroundMode[]): Float32Array {
  const fg = new Float32Array(s.count).fill(1);
  for (let i = 0; i < s.count; i++) {
    const p = [s.lab[i * 3], s.lab[i * 3 + 1], s.lab[i * 3 + 2]];
    for (const m of modes) {
      const d = deltaE76(p, m.centre);
      // Smooth ramp from "is background" (inside the radius) to "clearly not" (1.6 × radius).
      fg[i] = Math.min(fg[i], Math.min(1, Math.max(0, (d - m.radius) / (0.6 * m.radius))));
    }
  }
  for (const i of floodBackground(s, modes)) fg[i] = 0;
  return fg;
}

const FLOOD_STEP = 4;
const FLOOD_REACH = 3;

/**
 * Background samples reached from the frame's edge through small colour steps: a floor darkens or warms
 * gradually towards a corner or under the garment's shadow, beyond any one mode's radius, but it does so
 * without the sharp edge that separates it from the garment. The reach is bounded (a multiple of the mode's
 * radius) so a garment as dull as its floor cannot be swallowed through a soft edge.
 */
function floodBackground(s: PixelSamples, modes: BackgroundMode[]): number[] {
  if (!modes.length) return [];
  const near = (i: number, k: number) => {
    const p = [s.lab[i * 3], s.lab[i * 3 + 1], s.lab[i * 3 + 2]];
    return modes.some((m) => deltaE76(p, m.centre) < k * m.radius);
  };
  const seen = new Uint8Array(s.count);
  const queue: number[] = [];
  for (let i = 0; i < s.count; i++) {
    const x = i % s.cols, y = (i / s.cols) | 0;
    if ((x === 0 || y === 0 || x === s.cols - 1 || y === s.rows - 1) && near(i, 1)) { seen[i] = 1; queue.push(i); }
  }
  for (let q = 0; q < queue.length; q++) {
    const i = queue[q];
    const x = i % s.cols, y = (i / s.cols) | 0;
    for (const j of [x > 0 ? i - 1 : -1, x < s.cols - 1 ? i + 1 : -1, y > 0 ? i - s.cols : -1, y < s.rows - 1 ? i + s.cols : -1]) {
      if (j < 0 || seen[j]) continue;
      const d = Math.hypot(s.lab[i * 3] - s.lab[j * 3], s.lab[i * 3 + 1] - s.lab[j * 3 + 1], s.lab[i * 3 + 2] - s.lab[j * 3 + 2]);
      if (d < FLOOD_STEP && near(j, FLOOD_REACH)) { seen[j] = 1; queue.push(j); }
    }
  }
  return queue;
}
