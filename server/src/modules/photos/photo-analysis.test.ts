import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../config.ts';
import { AppError } from '../../platform/errors.ts';
import { asAvif, asGif, asPng, asWebp, DEV_PHOTOS, devPhoto, HEIC, hugePngHeader, orientedJpeg, textFile, truncated } from '../../../test/photos/photo-files.ts';
import { exifDateToIso } from './capture-time.ts';
import { jpegShrinkFactor } from './decode-once.ts';
import { hammingDistance, phash } from './phash.ts';
import { analysePhotoFile } from './photo-analysis.ts';
import { photoLimitsFrom } from './photo-limits.ts';
import { sniffFile } from './sniff.ts';

// The decode-once pipeline on real files of every accepted format, and its refusals.
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'photo-analysis-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
let n = 0;
const write = (b: Buffer) => {
  const p = path.join(dir, `f${n++}.upload`);
  fs.writeFileSync(p, b);
  return p;
};
async function analyse(bytes: Buffer) {
  const file = write(bytes);
  const s = await sniffFile(file);
  if (!s.format) throw new Error(`not sniffed: ${s.mime}`);
  return { format: s.format, mime: s.mime, a: await analysePhotoFile(file, s.format, { index: 0 }, { maxPixels: 100e6 }) };
}

describe('analysePhotoFile', () => {
  const jpeg = devPhoto(DEV_PHOTOS[0]);

  it.each([
    ['JPEG', async () => jpeg, 'image/jpeg'],
    ['PNG with transparency', () => asPng(jpeg), 'image/png'],
    ['WebP', () => asWebp(jpeg), 'image/webp'],
    ['AVIF', () => asAvif(jpeg), 'image/avif'],
    ['GIF', () => asGif(jpeg), 'image/gif'],
  ])('reads a %s and derives preview, thumbnail, 256 px decode and figures', async (_n, make, mime) => {
    const { mime: sniffed, a } = await analyse(await make());
    expect(sniffed).toBe(mime);
    expect([a.width, a.height]).toEqual([400, 533]);
    expect(Math.max(a.decoded.width, a.decoded.height)).toBe(256);
    expect(a.decoded.rgb.length).toBe(a.decoded.width * a.decoded.height * 3);
    expect(a.phash).toMatch(/^[0-9a-f]{16}$/);
    expect(typeof a.colours.primary).toBe('string');
    expect(a.quality.sharpness).toBeGreaterThan(0);
    const p = await sharp(a.preview).metadata();
    expect([p.format, p.width, p.height, p.exif]).toEqual(['jpeg', 400, 533, undefined]);
    const t = await sharp(a.thumb).metadata();
    expect([t.format, Math.max(t.width!, t.height!)]).toEqual(['webp', 400]);
  });

  it('gives the same photo in another format (nearly) the same hash', async () => {
    const base = (await analyse(jpeg)).a.phash;
    for (const other of [await asPng(jpeg), await asWebp(jpeg)]) expect(hammingDistance(base, (await analyse(other)).a.phash)).toBeLessThanOrEqual(4);
    const different = (await analyse(devPhoto(DEV_PHOTOS[1]))).a.phash;
    expect(hammingDistance(base, different)).toBeGreaterThan(12);
  });

  it('decodes HEIC through heic-decode and reads its EXIF capture time', async () => {
    const { mime, a } = await analyse(HEIC);
    expect(mime).toBe('image/heic');
    expect([a.width, a.height]).toEqual([240, 320]);
    expect(a.taken_at).toBe('2023-11-04T08:15:00.000Z');
    expect((await sharp(a.preview).metadata()).exif).toBeUndefined();
    // Same garment as the JPEG it was encoded from: the hash survives HEVC.
    const fromJpeg = (await analyse(await sharp(jpeg).resize(240).jpeg().toBuffer())).a.phash;
    expect(hammingDistance(a.phash, fromJpeg)).toBeLessThanOrEqual(6);
  });

  it('applies EXIF orientation and keeps no EXIF or GPS in what it produces', async () => {
    const { a } = await analyse(await orientedJpeg());
    expect([a.width, a.height]).toEqual([320, 240]);
    expect(a.taken_at).toBe('2024-05-17T12:03:22.000Z');
    const { data, info } = await sharp(a.preview).raw().toBuffer({ resolveWithObject: true });
    const px = (x: number, y: number) => [...data.subarray((y * info.width + x) * 3, (y * info.width + x) * 3 + 3)];
    expect(px(40, 120)[2]).toBeGreaterThan(200); // left: blue
    expect(px(280, 120)[0]).toBeGreaterThan(200); // right: red
    for (const b of [a.preview, a.thumb]) {
      expect((await sharp(b).metadata()).exif).toBeUndefined();
      expect(b.includes('SecretCam')).toBe(false);
    }
  });

  it('tells a blurred or dark photo from a good one', async () => {
    const sharpOne = (await analyse(jpeg)).a.quality;
    const blurred = (await analyse(await sharp(jpeg).blur(3).jpeg().toBuffer())).a.quality;
    const dark = (await analyse(await sharp(jpeg).linear(0.2, 0).jpeg().toBuffer())).a.quality;
    expect(sharpOne.issues).not.toContain('blurry');
    expect(blurred.issues).toContain('blurry');
    expect(blurred.sharpness).toBeLessThan(sharpOne.sharpness / 5);
    expect(dark.issues).toContain('too_dark');
    expect(blurred.score).toBeLessThan(sharpOne.score);
  });

  it('refuses a header declaring 30 000 × 30 000 pixels before decoding it', async () => {
    const file = write(hugePngHeader());
    const e = await analysePhotoFile(file, 'png', { index: 0 }, { maxPixels: 100e6 }).catch((x) => x);
    expect(e).toBeInstanceOf(AppError);
    expect([e.status, e.code, e.details.width, e.details.height]).toEqual([413, 'image_too_large', 30000, 30000]);
  });

  it('refuses a truncated JPEG as invalid_image', async () => {
    const file = write(truncated(jpeg));
    expect((await sniffFile(file)).format).toBe('jpeg');
    const e = await analysePhotoFile(file, 'jpeg', { index: 0, filename: 'cut.jpg' }, { maxPixels: 100e6 }).catch((x) => x);
    expect([e.status, e.code]).toEqual([422, 'invalid_image']);
    expect(e.message).toContain('cut.jpg');
    expect(JSON.stringify(e.details)).not.toContain(dir); // no server path in what the client sees
  });

  it('recognises formats by their bytes, not their name', async () => {
    expect(await sniffFile(write(textFile()))).toEqual({ mime: null, format: null });
    expect((await sniffFile(write(Buffer.from('%PDF-1.4\n%âãÏÓ\n1 0 obj\n<<>>\nendobj\n')))).format).toBeNull();
  });
});

describe('pure parts', () => {
  it('picks the JPEG shrink-on-load factor that keeps at least 1600 px', () => {
    expect([jpegShrinkFactor(4000), jpegShrinkFactor(3200), jpegShrinkFactor(3199), jpegShrinkFactor(1600), jpegShrinkFactor(13000)]).toEqual([2, 2, 1, 1, 8]);
    // A strip keeps at least one pixel across: 1 × 4000 px is not shrunk, 5 × 20000 px only by 4.
    expect([jpegShrinkFactor(4000, 1600, 1), jpegShrinkFactor(20_000, 1600, 5), jpegShrinkFactor(20_000, 1600, 8)]).toEqual([1, 4, 8]);
  });

  it('turns EXIF dates into UTC, with or without an offset, and rejects non-dates', () => {
    expect(exifDateToIso('2024:05:17 14:03:22', '+02:00')).toBe('2024-05-17T12:03:22.000Z');
    expect(exifDateToIso('2024:05:17 14:03:22', '-05:30')).toBe('2024-05-17T19:33:22.000Z');
    expect(exifDateToIso('2024:05:17 14:03:22')).toBe('2024-05-17T14:03:22.000Z');
    for (const bad of ['0000:00:00 00:00:00', '2023:02:31 10:00:00', '    :  :     :  :  ', 42, undefined]) expect(exifDateToIso(bad)).toBeNull();
  });

  it('hashes deterministically and measures Hamming distance', async () => {
    const px = await sharp(devPhoto(DEV_PHOTOS[2])).resize(256).raw().toBuffer({ resolveWithObject: true });
    const photo = { rgb: px.data, width: px.info.width, height: px.info.height };
    expect(phash(photo)).toBe(phash(photo));
    expect(hammingDistance('0000000000000000', 'ffffffffffffffff')).toBe(64);
    expect(hammingDistance('8000000000000001', '0000000000000000')).toBe(2);
  });

  it('reads limits from the configuration with defaults', () => {
    expect(photoLimitsFrom(loadConfig({}))).toMatchObject({ maxBytes: 15 * 1024 * 1024, maxPixels: 100_000_000, maxFiles: 20, fetchTimeoutMs: 10_000 });
    expect(photoLimitsFrom(loadConfig({ PHOTO_MAX_BYTES: '1000', PHOTO_MAX_PIXELS: '5000000' }))).toMatchObject({ maxBytes: 1000, maxPixels: 5_000_000 });
    expect(() => loadConfig({ PHOTO_MAX_BYTES: 'lots' })).toThrow(/PHOTO_MAX_BYTES/);
  });
});
