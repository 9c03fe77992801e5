import sharp from 'sharp';
import { garmentForeground, samplePixels } from '../photos/index.ts';

// "Fond blanc" / "fond neutre": where the garment is, from the mask the colour analysis already computes on a
// sampled grid. Only background that the frame's edge reaches through background samples is replaced: a hole in
// the garment or a pattern the colour of the floor is kept, so the garment itself is never touched (Vinted forbids
// misleading photos, and a retouched stain would be one). When the mask cannot be trusted the photo is left as it
// is, with the reason.
export type MaskVerdict =
  | { ok: true; grid: Uint8Array; cols: number; rows: number; garmentShare: number }
  | { ok: false; reason: MaskRefusal; garmentShare?: number };
export type MaskRefusal = 'background_not_found' | 'garment_like_background' | 'garment_too_small' | 'garment_fills_frame' | 'background_too_busy' | 'garment_off_frame';

const MIN_GARMENT = 0.06;
const MAX_GARMENT = 0.85;
const MAX_EDGE_GARMENT = 0.05;
const SAMPLES = 16000; // about one sample per 10 × 10 px at 1,600 px: the margin left around the garment stays thin

/**
 * Garment alpha (1 = garment, kept as is; 0 = background) at `width × height`, from `rgb` (3 channels). The alpha
 * is computed on a coarse grid, grown by one cell so the garment's own edge stays inside it, and then feathered.
 */
export function backgroundMask(rgb: Buffer, width: number, height: number): MaskVerdict {
  const s = samplePixels({ rgb, width, height }, SAMPLES);
  const { fg, modes, fallback } = garmentForeground(s);
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
  // Specks of floor the colour test missed: pieces under a tenth of the garment go (a pair of shoes keeps both).
  for (const c of parts) if (c.length < largest * 0.1) for (const i of c) garment[i] = 0;
  // Each cell is judged on a part of its block, so the garment's true edge may lie one cell out: two cells of margin.
  const grown = dilate(dilate(garment, cols, rows), cols, rows);
  const grid = new Uint8Array(grown.length);
  for (let i = 0; i < grown.length; i++) grid[i] = grown[i] ? 255 : 0;
  return { ok: true, grid, cols, rows, garmentShare: share };
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
 * Lays `colour` behind the garment: the cell grid is enlarged to the photo (linear, then a blur about a cell wide:
 * the soft edge, which falls on the margin, never on the garment), joined as the alpha channel and flattened on the
 * colour. All in libvips: a few milliseconds at 1,600 px.
 */
export async function replaceBackground(rgb: Buffer, width: number, height: number, mask: Extract<MaskVerdict, { ok: true }>, colour: [number, number, number]): Promise<Buffer> {
  const cell = width / mask.cols;
  // One band out (sharp would otherwise hand back sRGB), and two passes: sharp flattens before it joins channels.
  const alpha = await sharp(Buffer.from(mask.grid), { raw: { width: mask.cols, height: mask.rows, channels: 1 } })
    .resize(width, height, { fit: 'fill', kernel: 'linear' }).blur(Math.max(0.5, cell / 3)).extractChannel(0).raw().toBuffer();
  const rgba = await sharp(rgb, { raw: { width, height, channels: 3 } }).joinChannel(alpha, { raw: { width, height, channels: 1 } }).raw().toBuffer();
  return sharp(rgba, { raw: { width, height, channels: 4 } }).flatten({ background: { r: colour[0], g: colour[1], b: colour[2] } }).raw().toBuffer();
}
