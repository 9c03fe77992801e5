import type { DecodedPhoto } from './decoded-photo.ts';

// A photo's colour layout: the mean CIELAB colour of each cell of a 4 × 4 grid, 48 bytes as 96 hex characters.
// The perceptual hash is computed in grey, so two garments laid the same way on the same floor (a seller's usual
// set-up) can hash alike however different their colours; this signature tells a light-blue T-shirt from a red one.
// Lightness is compared after removing each photo's mean, so a copy made brighter or darker still matches.
const GRID = 4;
export const COLOUR_SIGNATURE_HEX_LENGTH = GRID * GRID * 3 * 2;

function srgbToLinear(c: number): number {
  const v = c / 255;
  return v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
}
const LINEAR = Float64Array.from({ length: 256 }, (_, i) => srgbToLinear(i));
const f = (t: number) => (t > 216 / 24389 ? Math.cbrt(t) : (24389 / 27 * t + 16) / 116);

/** sRGB (linear components) to CIELAB, D65. */
function linearToLab(r: number, g: number, b: number): [number, number, number] {
  const x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047;
  const y = 0.2126 * r + 0.7152 * g + 0.0722 * b;
  const z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883;
  const fx = f(x), fy = f(y), fz = f(z);
  return [116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz)];
}

export function colourSignature(photo: DecodedPhoto): string {
  const { rgb, width, height } = photo;
  const sums = new Float64Array(GRID * GRID * 3);
  const counts = new Float64Array(GRID * GRID);
  for (let y = 0; y < height; y++) {
    const row = Math.min(GRID - 1, Math.floor((y * GRID) / height)) * GRID;
    for (let x = 0, p = y * width * 3; x < width; x++, p += 3) {
      const cell = row + Math.min(GRID - 1, Math.floor((x * GRID) / width));
      // Averaged in linear light, as a camera at lower resolution would have seen the cell.
      sums[cell * 3] += LINEAR[rgb[p]];
      sums[cell * 3 + 1] += LINEAR[rgb[p + 1]];
      sums[cell * 3 + 2] += LINEAR[rgb[p + 2]];
      counts[cell]++;
    }
  }
  const bytes = Buffer.alloc(GRID * GRID * 3);
  for (let c = 0; c < GRID * GRID; c++) {
    const n = counts[c] || 1;
    const [L, a, b] = linearToLab(sums[c * 3] / n, sums[c * 3 + 1] / n, sums[c * 3 + 2] / n);
    bytes[c * 3] = clampByte(L * 2.55);
    bytes[c * 3 + 1] = clampByte(a + 128);
    bytes[c * 3 + 2] = clampByte(b + 128);
  }
  return bytes.toString('hex');
}

const clampByte = (v: number) => Math.max(0, Math.min(255, Math.round(v)));

/** Mean colour difference per cell (ΔE, lightness taken relative to each photo's mean). 0 = same layout of colours. */
export function colourDistance(a: string, b: string): number {
  const x = Buffer.from(a, 'hex');
  const y = Buffer.from(b, 'hex');
  if (x.length !== GRID * GRID * 3 || y.length !== x.length) return Infinity;
  const cells = GRID * GRID;
  let meanX = 0, meanY = 0;
  for (let c = 0; c < cells; c++) {
    meanX += x[c * 3] / 2.55;
    meanY += y[c * 3] / 2.55;
  }
  const shift = (meanX - meanY) / cells;
  let total = 0;
  for (let c = 0; c < cells; c++) {
    const dL = x[c * 3] / 2.55 - y[c * 3] / 2.55 - shift;
    const da = x[c * 3 + 1] - y[c * 3 + 1];
    const db = x[c * 3 + 2] - y[c * 3 + 2];
    total += Math.sqrt(dL * dL + da * da + db * db);
  }
  return total / cells;
}
