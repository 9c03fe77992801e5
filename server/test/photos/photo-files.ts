import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { TEST_PHOTOS } from '../helpers/test-photos.ts';

// Test inputs for the photo intake: real photos from the committed sample (server/test/fixtures/photos), encoded in
// each format, and the bad inputs of issue 3, all made on the fly (the HEIC is a committed file: see fixtures/SOURCE.md).
export const DEV = TEST_PHOTOS;
export const devPhoto = (rel: string) => fs.readFileSync(path.join(DEV, rel));
export const DEV_PHOTOS = [
  't-shirt/03103065-f445-44a5-b707-53b73534f57d.jpg',
  'shirt/26bed63e-d57c-4a07-9bc9-4c17b5e85989.jpg',
  'dress/' + fs.readdirSync(path.join(DEV, 'dress')).sort()[0],
  'pants/' + fs.readdirSync(path.join(DEV, 'pants')).sort()[0],
];
export const HEIC = fs.readFileSync(new URL('./fixtures/t-shirt.heic', import.meta.url));

/** Red on top, blue below (as stored), tagged EXIF orientation 6: shown turned 90° clockwise (blue left, red right). */
export async function orientedJpeg(): Promise<Buffer> {
  const half = (c: string) => sharp({ create: { width: 240, height: 160, channels: 3, background: c } }).png().toBuffer();
  return sharp({ create: { width: 240, height: 320, channels: 3, background: '#000' } })
    .composite([{ input: await half('#ff0000'), top: 0, left: 0 }, { input: await half('#0000ff'), top: 160, left: 0 }])
    .withMetadata({ orientation: 6 })
    .withExifMerge({
      IFD0: { Make: 'SecretCam', Model: 'Model-X' },
      IFD2: { DateTimeOriginal: '2024:05:17 14:03:22', OffsetTimeOriginal: '+02:00' },
      IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '48/1 51/1 30/1', GPSLongitudeRef: 'E', GPSLongitude: '2/1 17/1 40/1' },
    })
    .jpeg({ quality: 90 })
    .toBuffer();
}

export const asPng = (b: Buffer) => sharp(b).ensureAlpha(0.5).png().toBuffer();
export const asWebp = (b: Buffer) => sharp(b).webp().toBuffer();
export const asAvif = (b: Buffer) => sharp(b).avif({ effort: 0 }).toBuffer();
export const asGif = (b: Buffer) => sharp(b).gif().toBuffer();

export const truncated = (b: Buffer) => b.subarray(0, Math.floor(b.length * 0.6));
export const textFile = () => Buffer.from('These are not the pixels you are looking for.\n'.repeat(40));

function crc32(buf: Buffer): number {
  let c = 0xffffffff;
  for (const byte of buf) {
    c ^= byte;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0xedb88320 : c >>> 1;
  }
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}
/** A valid PNG header declaring `width` × `height` (30 000 × 30 000 = 900 megapixels) with a few bytes of pixels: 100 bytes on disk. */
export function hugePngHeader(width = 30_000, height = 30_000): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // RGB
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', Buffer.from([0x78, 0x9c, 0x63, 0x60, 0x00, 0x00, 0x00, 0x02, 0x00, 0x01])),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** Every file under a folder (relative paths), for "no stray file" checks. */
export function filesUnder(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return (fs.readdirSync(dir, { recursive: true, withFileTypes: true }) as fs.Dirent[])
    .filter((e) => e.isFile()).map((e) => path.relative(dir, path.join(e.parentPath, e.name))).sort();
}

export interface Part { filename: string; content: Buffer; type?: string; field?: string }
/** A multipart/form-data body as a browser sends it. */
export function multipart(parts: Part[], fields: Record<string, string> = {}) {
  const boundary = `----vintedbot${Math.random().toString(16).slice(2)}`;
  const chunks: Buffer[] = [];
  for (const [k, v] of Object.entries(fields)) {
    chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  }
  for (const p of parts) {
    chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${p.field ?? 'files'}"; filename="${p.filename}"\r\nContent-Type: ${p.type ?? 'image/jpeg'}\r\n\r\n`));
    chunks.push(p.content, Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(chunks), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}
