import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { originalMaster, stripJpegMetadata } from './original-master.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vintedbot-master-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** A 640 × 480 JPEG with a gradient, with the EXIF a phone writes (camera, GPS) and the orientation given. */
async function phoneJpeg(orientation: number): Promise<{ file: string; bytes: Buffer }> {
  const raw = Buffer.alloc(640 * 480 * 3);
  for (let i = 0; i < raw.length; i++) raw[i] = (i * 7) % 251;
  const exif = { IFD0: { Make: 'Phone' }, IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '48/1 51/1 0/1' } };
  const jpeg = sharp(raw, { raw: { width: 640, height: 480, channels: 3 } }).jpeg({ quality: 90 });
  // withMetadata (the only way to set the tag) also embeds an sRGB ICC profile: the upright photo goes without.
  const bytes = await (orientation === 1 ? jpeg.withExif(exif) : jpeg.withMetadata({ orientation }).withExifMerge(exif)).toBuffer();
  const file = path.join(dir, `o${orientation}.jpg`);
  fs.writeFileSync(file, bytes);
  return { file, bytes };
}

describe('original master', () => {
  it('keeps an upright sRGB JPEG\'s own image data and drops its EXIF and GPS', async () => {
    const { file, bytes } = await phoneJpeg(1);
    const meta = await sharp(file).metadata();
    expect([meta.exif !== undefined, meta.icc]).toEqual([true, undefined]);
    const master = await originalMaster(file, 'jpeg', meta, async () => bytes, 100e6);
    const m = await sharp(master).metadata();
    expect([m.exif, m.width, m.height, m.format]).toEqual([undefined, 640, 480, 'jpeg']);
    // Not re-encoded: the same pixels decode from both.
    expect((await sharp(master).raw().toBuffer()).equals(await sharp(bytes).raw().toBuffer())).toBe(true);
    expect(master.length).toBeLessThan(bytes.length);
  });

  it('re-encodes upright from pixels a photo its EXIF tag rotates', async () => {
    const { file, bytes } = await phoneJpeg(6);
    const meta = await sharp(file).metadata();
    expect(meta.orientation).toBe(6);
    const master = await originalMaster(file, 'jpeg', meta, async () => bytes, 100e6);
    const m = await sharp(master).metadata();
    expect([m.exif, m.width, m.height]).toEqual([undefined, 480, 640]);
  });

  it('refuses a byte stream that is not a JPEG\'s marker structure', () => {
    expect(stripJpegMetadata(Buffer.from('not a jpeg'))).toBeNull();
    expect(stripJpegMetadata(Buffer.from([0xff, 0xd8, 0xff, 0xe1, 0xff, 0xff]))).toBeNull();
  });
});
