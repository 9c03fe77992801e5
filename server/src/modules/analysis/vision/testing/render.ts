// Test images made on the fly: garments drawn as SVG shapes on textured floors, and care labels with text.
// Shared by the vision tests so every test works on real pixels it controls, decoded the way intake does.
import sharp from 'sharp';
import { ANALYSIS_LONG_SIDE, type DecodedPhoto } from '../../../photos/decoded-photo.ts';

/** Decodes image bytes exactly as the intake pipeline does: orientation applied, long side 256, raw RGB. */
export async function decodeForAnalysis(input: Buffer | string): Promise<DecodedPhoto> {
  const { data, info } = await sharp(input).rotate()
    .resize(ANALYSIS_LONG_SIDE, ANALYSIS_LONG_SIDE, { fit: 'inside' })
    .removeAlpha().toColourspace('srgb').raw().toBuffer({ resolveWithObject: true });
  return { rgb: data, width: info.width, height: info.height };
}

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
