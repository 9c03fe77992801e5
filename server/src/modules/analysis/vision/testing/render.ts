// Test images made on the fly: garments drawn as SVG shapes on textured floors, and care labels with text.
// Shared by the vision tests so every test works on real pixels it controls, decoded the way intake does.
import sharp from 'sharp';
export { decodeForAnalysis } from '../decode-for-analysis.ts';

/** Deterministic noise so renders are the same on every run. */
function noise(width: number, height: number, base: [number, number, number], amp: number, seed = 1): Buffer {
  const buf = Buffer.alloc(width * height * 3);
  let s = seed >>> 0;
  for (let i = 0; i < width * height; i++) {
    s = (s * 1664525 + 1013904223) >>> 0;
    const n = ((s >>> 8) / 0xffffff - 0.5) * 2 * amp;
    for (let c = 0; c < 3; c++) buf[i * 3 + c] = Math.max(0, Math.min(255, Math.round(base[c] + n)));
  }
  return buf;
}

export interface GarmentScene {
  background: [number, number, number];
  /** SVG fill colours of the garment's body and, optionally, a second block covering its lower half. */
  fill: string;
  secondFill?: string;
  width?: number;
  height?: number;
}

/** A T-shirt silhouette laid flat on a noisy floor, as a JPEG (like a seller's photo). */
export async function renderGarment(scene: GarmentScene): Promise<Buffer> {
  const width = scene.width ?? 400, height = scene.height ?? 533;
  const sx = width / 400, sy = height / 533;
  const pts = [[130, 90], [270, 90], [360, 160], [320, 210], [290, 185], [290, 450], [110, 450], [110, 185], [80, 210], [40, 160]]
    .map(([x, y]) => `${x * sx},${y * sy}`).join(' ');
  const second = scene.secondFill
    ? `<rect x="${110 * sx}" y="${300 * sy}" width="${180 * sx}" height="${150 * sy}" fill="${scene.secondFill}"/>` : '';
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><polygon points="${pts}" fill="${scene.fill}"/>${second}</svg>`;
  return sharp(noise(width, height, scene.background, 12), { raw: { width, height, channels: 3 } })
    .composite([{ input: Buffer.from(svg) }]).jpeg({ quality: 85 }).toBuffer();
}

export interface LabelScene {
  lines: string[];
  /** Fabric colour of the label and colour of the printed or woven text. */
  fabric?: [number, number, number];
  ink?: string;
  /** Degrees; labels are never photographed perfectly straight. */
  rotate?: number;
  blur?: number;
  width?: number;
  height?: number;
}

const xmlEscape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** A care label close-up: text lines on a noisy fabric, turned a few degrees and slightly out of focus. */
export async function renderLabel(scene: LabelScene): Promise<Buffer> {
  const width = scene.width ?? 900, height = scene.height ?? 1200;
  const size = Math.round(Math.min(width / 12, (height * 0.75) / (scene.lines.length * 1.5)));
  const top = (height - scene.lines.length * size * 1.5) / 2 + size;
  const text = scene.lines.map((l, i) =>
    `<text x="50%" y="${top + i * size * 1.5}" text-anchor="middle" font-family="DejaVu Sans" font-weight="bold" font-size="${size}" fill="${scene.ink ?? '#1a1a1a'}">${xmlEscape(l)}</text>`).join('');
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">${text}</svg>`;
  const flat = await sharp(noise(width, height, scene.fabric ?? [236, 232, 222], 18, 7), { raw: { width, height, channels: 3 } })
    .composite([{ input: Buffer.from(svg) }]).png().toBuffer();
  let img = sharp(flat).rotate(scene.rotate ?? 3, { background: { r: 90, g: 80, b: 75 } });
  if (scene.blur) img = img.blur(scene.blur);
  return img.jpeg({ quality: 88 }).toBuffer();
}
