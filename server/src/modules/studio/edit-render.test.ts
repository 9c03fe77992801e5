import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EditInput, normaliseEdit } from './edit-params.ts';
import { renderEdit } from './edit-render.ts';

// The crop is given on the frame the seller sees (after turns and mirrors) and mapped back to the original: a photo
// with four coloured quarters shows which quarter lands top-left for each turn and mirror.
const RED = [220, 30, 30], GREEN = [30, 200, 40], BLUE = [30, 40, 210], YELLOW = [230, 220, 30];

describe('renderEdit geometry', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'studio-render-'));
  const file = path.join(dir, 'quarters.jpg');
  const size = { width: 800, height: 600 };
  beforeAll(async () => {
    const q = (c: number[], left: number, top: number) => ({
      input: { create: { width: 400, height: 300, channels: 3 as const, background: { r: c[0], g: c[1], b: c[2] } } }, left, top,
    });
    await sharp({ create: { ...size, channels: 3, background: '#000' } })
      .composite([q(RED, 0, 0), q(GREEN, 400, 0), q(BLUE, 0, 300), q(YELLOW, 400, 300)]).jpeg({ quality: 95 }).toFile(file);
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  const topLeft = async (edit: EditInput) => {
    const out = await renderEdit({ path: file, ...size, jpeg: true }, normaliseEdit({ ...edit, crop: { x: 0, y: 0, width: 0.5, height: 0.5 } }, size), { longSide: 400, format: 'jpeg' });
    const st = await sharp(out.data).stats();
    return st.channels.slice(0, 3).map((c) => c.mean);
  };
  const near = (got: number[], want: number[]) => got.every((v, i) => Math.abs(v - want[i]) < 25);

  it.each([
    ['nothing', {}, RED],
    ['a quarter turn', { rotate: 90 }, BLUE],
    ['a half turn', { rotate: 180 }, YELLOW],
    ['three quarters', { rotate: 270 }, GREEN],
    ['a horizontal mirror', { flip_h: true }, GREEN],
    ['a vertical mirror', { flip_v: true }, BLUE],
    ['a quarter turn then a horizontal mirror of what is seen', { rotate: 90, flip_h: true }, RED],
    ['a quarter turn then a vertical mirror of what is seen', { rotate: 90, flip_v: true }, YELLOW],
  ] as [string, EditInput, number[]][])('%s puts the right quarter top-left', async (_name, edit, want) => {
    const got = await topLeft(edit);
    expect(near(got, want), `${got.map(Math.round)} vs ${want}`).toBe(true);
  });

  it('keeps the ratio when straightening and hides the corners', async () => {
    const out = await renderEdit({ path: file, ...size, jpeg: true }, normaliseEdit({ straighten: 10 }, size), { longSide: 800, format: 'jpeg' });
    expect(out.width / out.height).toBeCloseTo(800 / 600, 1);
    // No white fill from the rotation in the corners: each corner is one of the quarters' colours.
    // stats() reads its input, not the extract: cut first.
    const corner = (await sharp(await sharp(out.data).extract({ left: 0, top: 0, width: 8, height: 8 }).toBuffer()).stats()).channels.slice(0, 3).map((c) => c.mean);
    expect(near(corner, RED), `${corner.map(Math.round)}`).toBe(true);
  });
});
