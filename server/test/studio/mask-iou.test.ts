import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { backgroundMask, pixelAlpha } from '../../src/modules/studio/index.ts';
import { drawnPhoto, garmentTruth } from './studio-fixtures.ts';

// The garment mask measured against masks we draw ourselves (studio-fixtures.ts: the same T-shirt polygon the photo
// is drawn with, so the truth is exact; generated at run time, nothing to license). Intersection over union per
// photo, printed, and a floor under which the mask would damage photos. Busy backgrounds must be refused instead.
const CASES = [
  { name: 'navy on a beige floor', garment: '#1f3f8f', floor: ['#b9a58c', '#a8937a'] as [string, string] },
  { name: 'red on a grey sheet', garment: '#b02020', floor: ['#9a9a9a', '#7f7f85'] as [string, string] },
  { name: 'white on a wooden floor', garment: '#f2f2f0', floor: ['#8a5a2b', '#6e4620'] as [string, string] },
  { name: 'black on a white wall', garment: '#151515', floor: ['#f4f4f2', '#e0e0dc'] as [string, string] },
  { name: 'beige on a beige floor', garment: '#c9b79c', floor: ['#b9a58c', '#a8937a'] as [string, string] },
];

async function maskOf(photo: Buffer) {
  const px = await sharp(photo).raw().toBuffer({ resolveWithObject: true });
  return { ...backgroundMask(px.data, px.info.width, px.info.height), px };
}

/** Intersection over union of two masks (above half), and the share of the truth the mask covers. */
function overlap(mask: ArrayLike<number>, truth: ArrayLike<number>) {
  let inter = 0, union = 0, t = 0;
  for (let i = 0; i < truth.length; i++) {
    const a = mask[i] > 127, b = truth[i] > 127;
    if (a && b) inter++;
    if (a || b) union++;
    if (b) t++;
  }
  return { iou: inter / union, covered: inter / t };
}

describe('garment mask against drawn masks', () => {
  it('overlaps the drawn garment (IoU) or refuses', async () => {
    const results: string[] = [];
    for (const c of CASES) {
      const photo = await drawnPhoto({ garment: c.garment, floor: c.floor });
      const m = await maskOf(photo);
      if (!m.ok) {
        results.push(`${c.name}: refused (${m.reason})`);
        continue;
      }
      // The cells, with their two-cell margin (the soft edge falls outside the garment)…
      const cells = overlap(m.grid, await garmentTruth(m.cols, m.rows));
      // …and what is laid over the photo: each margin pixel judged against the floor beside it.
      const pixels = overlap(pixelAlpha(m.px.data, m.px.info.width, m.px.info.height, m), await garmentTruth(m.px.info.width, m.px.info.height));
      results.push(`${c.name}: cells IoU ${cells.iou.toFixed(3)}, pixels IoU ${pixels.iou.toFixed(3)}, garment covered ${(pixels.covered * 100).toFixed(1)} %`);
      // Never cut into the garment; the band of floor left around it is what the pixel pass removes.
      expect(cells.covered, c.name).toBeGreaterThan(0.99);
      expect(pixels.covered, c.name).toBeGreaterThan(0.99);
      expect(pixels.iou, c.name).toBeGreaterThan(Math.max(0.9, cells.iou));
    }
    console.log(`mask IoU on drawn masks:\n  ${results.join('\n  ')}`);
    expect(results.filter((r) => r.includes('IoU')).length).toBeGreaterThanOrEqual(3);
  });

  it('refuses a busy bedspread rather than guess', async () => {
    const m = await maskOf(await drawnPhoto({ busy: true, garment: '#202020' }));
    expect(m.ok).toBe(false);
  });
});
