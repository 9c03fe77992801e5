import sharp from 'sharp';
import { garmentForeground, rgbToLab, samplePixels } from '../photos/index.ts';

// "Fond blanc" / "fond neutre": where the garment is, from the mask the colour analysis already computes on a
// sampled grid. Only background that the frame's edge reaches through background samples is replaced: a hole in
// the garment or a pattern the colour of the floor is kept, so the garment itself is never touched (Vinted forbids
// misleading photos, and a retouched stain would be one). When the mask cannot be trusted the photo is left as it
// is, with the reason.
export type MaskVerdict =
  | {
    ok: true; grid: Uint8Array; cols: number; rows: number; garmentShare: number;
    /** Lab of the floor near each margin or rim cell (mean of the background cells within 3 cells); NaN elsewhere. */
    floor: Float32Array;
    /** Pixels per cell side, as sampled (cell (gx, gy) covers x in [gx·step, (gx+1)·step)). */
    step: number;
  }
  | { ok: false; reason: MaskRefusal; garmentShare?: number };
export type MaskRefusal = 'background_not_found' | 'garment_like_background' | 'garment_too_small' | 'garment_fills_frame' | 'background_too_busy' | 'garment_off_frame' | 'garment_near_background';

const MIN_GARMENT = 0.06;
const MAX_GARMENT = 0.85;
const MAX_EDGE_GARMENT = 0.05;
// Widening every floor colour's radius by 30 % may take at most this share of the garment: a garment that loses more
// has parts close to its floor's colours (white flowers by a cream door, a brim in the shade of a grey carpet), where
// the cut runs through the garment. Chosen on 66 photos of clothing-train: the four seen altered lost 8.7–86 %.
const WIDEN = 1.3;
const MAX_WIDENED_LOSS = 0.08;
const SAMPLES = 16000; // about one sample per 10 × 10 px at 1,600 px: the margin left around the garment stays thin

/**
 * Garment alpha (1 = garment, kept as is; 0 = background) at `width × height`, from `rgb` (3 channels). The alpha
 * is computed on a coarse grid, grown by one cell so the garment's own edge stays inside it, and then feathered.
 */
export function backgroundMask(rgb: Buffer, width: number, height: number): MaskVerdict {
  const s = samplePixels({ rgb, width, height }, SAMPLES);
  const { fg, modes, fallback, widenedShare } = garmentForeground(s, { widen: WIDEN });
  if (modes === 0) return { ok: false, reason: 'background_not_found' };
  if (fallback) return { ok: false, reason: 'garment_like_background' };
  const { cols, rows } = s;
  // Background = below half weight AND reached from the edge through background cells (holes stay garment).
  const bg = new Uint8Array(s.count);
  const queue: number[] = [];
  for (let i = 0; i < s.count; i++) {
    const x = i % cols, y = (i / cols) | 0;
    if ((x === 0 || y === 0 || x === cols - 1 || y === rows - 1) && fg[i] < 0.5) { bg[i] = 1; queue.push(i); }
  }
  for (let q = 0; q < queue.length; q++) {
    const i = queue[q], x = i % cols, y = (i / cols) | 0;
    for (const j of [x > 0 ? i - 1 : -1, x < cols - 1 ? i + 1 : -1, y > 0 ? i - cols : -1, y < rows - 1 ? i + cols : -1]) {
      if (j >= 0 && !bg[j] && fg[j] < 0.5) { bg[j] = 1; queue.push(j); }
    }
  }
  const garment = new Uint8Array(s.count);
  for (let i = 0; i < s.count; i++) garment[i] = bg[i] ? 0 : 1;
  const share = garment.reduce((n, v) => n + v, 0) / s.count;
  let edge = 0, edgeGarment = 0;
  for (let i = 0; i < s.count; i++) {
    const x = i % cols, y = (i / cols) | 0;
    if (x === 0 || y === 0 || x === cols - 1 || y === rows - 1) { edge++; edgeGarment += garment[i]; }
  }
  // A garment running off the frame shares the frame's edge with the floor: the floor's colours are learnt from that
  // edge, so a part of the garment like them (a black collar, a white stripe) was taken for floor and would be
  // whitened. On clothing-dev every garment altered this way had more than 5 % of the edge; only garments lying
  // wholly inside the frame are cleaned.
  if (edgeGarment > edge * MAX_EDGE_GARMENT) return { ok: false, reason: 'garment_off_frame', garmentShare: share };
  if (share < MIN_GARMENT) return { ok: false, reason: 'garment_too_small', garmentShare: share };
  if (share > MAX_GARMENT) return { ok: false, reason: 'garment_fills_frame', garmentShare: share };
  // A busy bedspread leaves islands of "garment" all over the background: most garment cells must be one piece.
  const parts = components(garment, cols, rows);
  const largest = Math.max(...parts.map((c) => c.length));
  if (largest < 0.85 * share * s.count) return { ok: false, reason: 'background_too_busy', garmentShare: share };
  // Checked last, so the plainer reasons above are the ones the seller reads.
  const fgShare = fg.reduce((n, v) => n + (v > 0.5 ? 1 : 0), 0) / s.count;
  if (widenedShare! < fgShare * (1 - MAX_WIDENED_LOSS)) return { ok: false, reason: 'garment_near_background', garmentShare: share };
  // Specks of floor the colour test missed: pieces under a tenth of the garment go (a pair of shoes keeps both).
  for (const c of parts) if (c.length < largest * 0.1) for (const i of c) garment[i] = 0;
  // Each cell is judged on a part of its block, so the garment's true edge may lie one cell out: two cells of margin.
  const grown = dilate(dilate(garment, cols, rows), cols, rows);
  const grid = new Uint8Array(grown.length);
  for (let i = 0; i < grown.length; i++) grid[i] = grown[i] ? 255 : 0;
  const step = Math.max(1, Math.round(Math.sqrt((width * height) / SAMPLES)));
  return { ok: true, grid, cols, rows, garmentShare: share, floor: floorNear(s.lab, bg, grown, garment, cols, rows), step };
}

/**
 * For each margin cell (grown, not garment) and each garment cell on the garment's rim (a 4-neighbour outside it):
 * the mean Lab of the background cells within 3 cells of it. The rim is included because a cell is judged on a part
 * of its block: its outer pixels may be floor, and left there they draw the cells' staircase around the garment.
 */
function floorNear(lab: Float32Array, bg: Uint8Array, grown: Float32Array, garment: Uint8Array, cols: number, rows: number): Float32Array {
  const out = new Float32Array(cols * rows * 3).fill(Number.NaN);
  const R = 3;
  for (let i = 0; i < cols * rows; i++) {
    const x = i % cols, y = (i / cols) | 0;
    const rim = garment[i] && ((x > 0 && !garment[i - 1]) || (x < cols - 1 && !garment[i + 1]) || (y > 0 && !garment[i - cols]) || (y < rows - 1 && !garment[i + cols]));
    if (!grown[i] || (garment[i] && !rim)) continue;
    let L = 0, a = 0, b = 0, n = 0;
    for (let yy = Math.max(0, y - R); yy <= Math.min(rows - 1, y + R); yy++) {
      for (let xx = Math.max(0, x - R); xx <= Math.min(cols - 1, x + R); xx++) {
        const j = yy * cols + xx;
        if (!bg[j] || grown[j]) continue;
        L += lab[j * 3]; a += lab[j * 3 + 1]; b += lab[j * 3 + 2]; n++;
      }
    }
    if (n) { out[i * 3] = L / n; out[i * 3 + 1] = a / n; out[i * 3 + 2] = b / n; }
  }
  return out;
}

/** The 4-connected pieces of the mask, as lists of cell indexes. */
function components(m: Uint8Array, cols: number, rows: number): number[][] {
  const seen = new Uint8Array(m.length);
  const out: number[][] = [];
  for (let start = 0; start < m.length; start++) {
    if (!m[start] || seen[start]) continue;
    const stack = [start];
    const cells: number[] = [];
    seen[start] = 1;
    while (stack.length) {
      const i = stack.pop()!, x = i % cols, y = (i / cols) | 0;
      cells.push(i);
      for (const j of [x > 0 ? i - 1 : -1, x < cols - 1 ? i + 1 : -1, y > 0 ? i - cols : -1, y < rows - 1 ? i + cols : -1]) {
        if (j >= 0 && m[j] && !seen[j]) { seen[j] = 1; stack.push(j); }
      }
    }
    out.push(cells);
  }
  return out;
}

/** One more cell of margin around the garment (8-neighbourhood): the soft edge falls on the background, not on the garment. */
function dilate(m: ArrayLike<number>, cols: number, rows: number): Float32Array {
  const out = new Float32Array(m.length);
  for (let y = 0; y < rows; y++) {
    for (let x = 0; x < cols; x++) {
      let v = 0;
      for (let dy = -1; dy <= 1 && !v; dy++) for (let dx = -1; dx <= 1 && !v; dx++) {
        const xx = x + dx, yy = y + dy;
        if (xx >= 0 && yy >= 0 && xx < cols && yy < rows && m[yy * cols + xx]) v = 1;
      }
      out[y * cols + x] = v;
    }
  }
  return out;
}

/**
 * Lays `colour` behind the garment. The garment's own cells are kept whole; in the margin around them each pixel is
 * judged on its own against the floor next to it (pixelAlpha), so the band of old floor the coarse cells left goes;
 * a blur of about a pixel softens the edge. Then joined as the alpha channel and flattened on the colour in libvips.
 */
export async function replaceBackground(rgb: Buffer, width: number, height: number, mask: Extract<MaskVerdict, { ok: true }>, colour: [number, number, number]): Promise<Buffer> {
  const hard = pixelAlpha(rgb, width, height, mask);
  // One band out (sharp would otherwise hand back sRGB), and two passes: sharp flattens before it joins channels.
  const alpha = await sharp(hard, { raw: { width, height, channels: 1 } }).blur(Math.max(0.6, width / 1600)).extractChannel(0).raw().toBuffer();
  const rgba = await sharp(rgb, { raw: { width, height, channels: 3 } }).joinChannel(alpha, { raw: { width, height, channels: 1 } }).raw().toBuffer();
  return sharp(rgba, { raw: { width, height, channels: 4 } }).flatten({ background: { r: colour[0], g: colour[1], b: colour[2] } }).raw().toBuffer();
}

// Colour difference (ΔE76) from the nearby floor under which a margin pixel is floor, and over which it is kept
// whole; between, it is kept in part (a shadow's soft edge, an anti-aliased seam).
const FLOOR_DE = 10;
const KEEP_DE = 20;

/**
 * Garment alpha per pixel (255 = kept as shot): the garment's inside whole, the background beyond the margin 0, and
 * in the margin and the garment's rim each pixel by its colour difference from the floor near it. A cell with no
 * floor near enough to compare is kept whole: when in doubt, the photo is left as it is.
 */
export function pixelAlpha(rgb: Buffer, width: number, height: number, mask: Extract<MaskVerdict, { ok: true }>): Buffer {
  const { cols, rows, step, grid, floor } = mask;
  const lab = labTable();
  const alpha = Buffer.alloc(width * height);
  for (let y = 0; y < height; y++) {
    const gy = Math.min(rows - 1, Math.floor(y / step));
    for (let x = 0; x < width; x++) {
      const c = gy * cols + Math.min(cols - 1, Math.floor(x / step));
      const o = y * width + x;
      if (!grid[c]) continue; // background beyond the margin
      const fL = floor[c * 3];
      if (Number.isNaN(fL)) {
        alpha[o] = 255; // the garment's inside, or a margin with no floor to compare
        continue;
      }
      // The margin and the garment's rim: each pixel against the floor beside it.
      const q = ((rgb[o * 3] >> 2) << 12 | (rgb[o * 3 + 1] >> 2) << 6 | (rgb[o * 3 + 2] >> 2)) * 3;
      const d0 = lab[q] - fL, d1 = lab[q + 1] - floor[c * 3 + 1], d2 = lab[q + 2] - floor[c * 3 + 2];
      const d = Math.sqrt(d0 * d0 + d1 * d1 + d2 * d2);
      alpha[o] = d <= FLOOR_DE ? 0 : d >= KEEP_DE ? 255 : Math.round((255 * (d - FLOOR_DE)) / (KEEP_DE - FLOOR_DE));
    }
  }
  return alpha;
}

let LAB_TABLE: Float32Array | undefined;
/** Lab of every colour at 6 bits per channel (the centre of each step; under 1 ΔE of the exact value), built once. */
function labTable(): Float32Array {
  if (LAB_TABLE) return LAB_TABLE;
  const t = new Float32Array(64 * 64 * 64 * 3);
  for (let r = 0; r < 64; r++) for (let g = 0; g < 64; g++) for (let b = 0; b < 64; b++) {
    const v = rgbToLab((r << 2) + 2, (g << 2) + 2, (b << 2) + 2);
    const i = ((r << 12) | (g << 6) | b) * 3;
    t[i] = v[0]; t[i + 1] = v[1]; t[i + 2] = v[2];
  }
  return (LAB_TABLE = t);
}
