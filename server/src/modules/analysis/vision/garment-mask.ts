// Which pixels of a photo are the garment. Sellers photograph one item laid flat or hung, roughly centred,
// on a floor, bed or wall that fills the edges of the frame. So the colours found along the border are the
// background, unless the same colour also fills the centre (a close-up where the garment touches the edges),
// and so is whatever the edge reaches through small colour steps (the floor's shading under and between).
// Pure functions on a sampled grid: no I/O, cheap enough to run on every photo.
import { kmeans } from 'ml-kmeans';
import type { DecodedPhoto } from '../../photos/decoded-photo.ts';
import { deltaE76, rgbToLab } from './colour-space.ts';

export interface PixelSamples {
  /** Lab colour of each sample, 3 numbers per sample. */
  lab: Float32Array;
  /** Sample position, normalised to 0..1 (x, y per sample). */
  pos: Float32Array;
  count: number;
  cols: number;
  rows: number;
}

/** Samples about `target` pixels on a regular grid (each sample the mean of a small block, which tames JPEG noise). */
export function samplePixels(photo: DecodedPhoto, target = 3000): PixelSamples {
  const { width, height, rgb } = photo;
  const step = Math.max(1, Math.round(Math.sqrt((width * height) / target)));
  const cols = Math.floor(width / step), rows = Math.floor(height / step);
  const count = cols * rows;
  const lab = new Float32Array(count * 3);
  const pos = new Float32Array(count * 2);
  const half = Math.max(1, step >> 1);
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
      const L = rgbToLab(Math.round(r / n), Math.round(g / n), Math.round(b / n));
      lab[i * 3] = L[0]; lab[i * 3 + 1] = L[1]; lab[i * 3 + 2] = L[2];
      pos[i * 2] = (gx + 0.5) / cols; pos[i * 2 + 1] = (gy + 0.5) / rows;
    }
  }
  return { lab, pos, count, cols, rows };
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
  const modes = backgroundModes(s);
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
  const fallback = fg.reduce((n, v) => n + (v > 0.5 ? 1 : 0), 0) < s.count * 0.06;
  const sigma = fallback ? 0.22 : 0.3;
  const w = new Float32Array(s.count);
  for (let i = 0; i < s.count; i++) {
    const x = s.pos[i * 2] - 0.5, y = s.pos[i * 2 + 1] - 0.5;
    w[i] = (fallback ? 1 : fg[i]) * Math.exp(-(x * x + y * y) / (2 * sigma * sigma));
  }
  return w;
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
