import fs from 'node:fs/promises';
import sharp, { type Metadata, type OutputInfo, type Sharp } from 'sharp';
import { ANALYSIS_LONG_SIDE, type DecodedPhoto } from './decoded-photo.ts';
import { photoErrors, type PhotoRef } from './photo-errors.ts';
import type { PhotoFormat } from './sniff.ts';

// Decode once, derive everything: the file is decoded a single time (with JPEG shrink-on-load) to raw pixels at
// most PREVIEW_LONG_SIDE wide, oriented and in sRGB; the preview, the thumbnail and the 256 px analysis image are
// all cut from those pixels, and every figure (hash, colours, quality) from the analysis image.
export const PREVIEW_LONG_SIDE = 1600;
export const THUMB_LONG_SIDE = 400;
const PREVIEW_JPEG = { quality: 82, optimiseCoding: false, chromaSubsampling: '4:2:0' } as const; // speed over 8 % of bytes
const THUMB_WEBP = { quality: 72, effort: 1 } as const;

export interface DecodedFile {
  /** Dimensions of the photo as sent, after EXIF orientation. */
  width: number;
  height: number;
  /** The stored files, still encoding when the 256 px image is handed over; `ms` runs from the end of the decode. */
  files: Promise<{ preview: Buffer; thumb: Buffer; ms: number }>;
  decoded: DecodedPhoto;
  /** The raw EXIF block, read for the capture time and then dropped: stored files carry none. */
  exif: Buffer | undefined;
  /** What the header says of the file as sent (the studio's master keeps a JPEG's own data when it can). */
  header: FileHeader;
  ms: { decode: number };
}

export type FileHeader = Pick<Metadata, 'width' | 'height' | 'orientation' | 'icc' | 'space' | 'channels'>;

export interface DecodeOptions { maxPixels: number }

export async function decodeOnce(file: string, format: PhotoFormat, ref: PhotoRef, opts: DecodeOptions): Promise<DecodedFile> {
  const t0 = performance.now();
  const meta = await readHeader(file, ref, opts.maxPixels);
  const frameHeight = meta.pageHeight ?? meta.height!;
  if (meta.width! * frameHeight > opts.maxPixels) throw photoErrors.imageTooLarge(ref, meta.width!, frameHeight, opts.maxPixels);
  const oriented = meta.autoOrient ?? { width: meta.width!, height: frameHeight };

  let base: Sharp;
  if (format === 'heif' && meta.compression === 'hevc') {
    // sharp's libvips has no HEVC decoder; libheif's WASM build has. It applies the HEIF transforms (irot/imir)
    // itself, which the HEIF spec makes authoritative over the EXIF orientation tag.
    const decodedHeic = await decodeHeic(file, ref);
    base = sharp(decodedHeic.data, { raw: { width: decodedHeic.width, height: decodedHeic.height, channels: 4 } });
  } else {
    base = sharp(loadPath(file, format, oriented), { failOn: 'truncated', limitInputPixels: opts.maxPixels, pages: 1 }).rotate();
  }

  let pixels: { data: Buffer; info: OutputInfo };
  try {
    pixels = await base
      .flatten({ background: '#ffffff' }) // transparent PNG/WebP/GIF on white, like Vinted shows them
      .resize(PREVIEW_LONG_SIDE, PREVIEW_LONG_SIDE, { fit: 'inside', withoutEnlargement: true })
      .toColourspace('srgb').removeAlpha()
      .raw({ depth: 'uchar' })
      .toBuffer({ resolveWithObject: true });
  } catch (e) {
    throw decodeError(e, ref, meta, opts.maxPixels);
  }
  const t1 = performance.now();

  // The 256 px analysis image first: the figures (hash, colours, quality, on the main thread) are computed while the
  // preview JPEG encodes on a libuv thread, so on two cores the two overlap instead of following each other.
  const raw = { raw: { width: pixels.info.width, height: pixels.info.height, channels: 3 as const } };
  const preview = sharp(pixels.data, raw).jpeg(PREVIEW_JPEG).toBuffer();
  preview.catch(() => undefined); // awaited by the caller (through files); never an unhandled rejection meanwhile
  const small = await sharp(pixels.data, raw).resize(THUMB_LONG_SIDE, THUMB_LONG_SIDE, { fit: 'inside', withoutEnlargement: true }).raw().toBuffer({ resolveWithObject: true });
  const smallRaw = { raw: { width: small.info.width, height: small.info.height, channels: 3 as const } };
  const thumb = sharp(small.data, smallRaw).webp(THUMB_WEBP).toBuffer();
  thumb.catch(() => undefined);
  const files = Promise.all([preview, thumb]).then(([p, t]) => ({ preview: p, thumb: t, ms: performance.now() - t1 }));
  files.catch(() => undefined);
  const analysis = await sharp(small.data, smallRaw).resize(ANALYSIS_LONG_SIDE, ANALYSIS_LONG_SIDE, { fit: 'inside' }).raw().toBuffer({ resolveWithObject: true });

  return {
    width: oriented.width, height: oriented.height,
    files,
    decoded: { rgb: analysis.data, width: analysis.info.width, height: analysis.info.height },
    exif: meta.exif,
    header: { width: meta.width, height: meta.height, orientation: meta.orientation, icc: meta.icc, space: meta.space, channels: meta.channels },
    ms: { decode: t1 - t0 },
  };
}

async function readHeader(file: string, ref: PhotoRef, maxPixels: number): Promise<Metadata> {
  try {
    const meta = await sharp(file, { limitInputPixels: false }).metadata();
    if (!meta.width || !meta.height) throw new Error('no dimensions in the header');
    return meta;
  } catch (e) {
    throw decodeError(e, ref, null, maxPixels);
  }
}

/**
 * JPEG shrink-on-load: libjpeg can decode straight at 1/2, 1/4 or 1/8 scale, several times cheaper than a full
 * decode. sharp only uses it when at least 3× of reduction remains, which a 12 MP photo going to 1600 px (2.5×)
 * never has, so the largest factor that keeps ≥ 1600 px is asked of libvips' loader directly (`file[shrink=N]`).
 */
export function jpegShrinkFactor(longSide: number, target = PREVIEW_LONG_SIDE, shortSide = longSide): number {
  // Never so large that the short side shrinks to nothing: libjpeg refuses that ("corrupt header"), and a valid strip
  // such as 1 × 4000 px (a banner, a scanned label) would read as a damaged file.
  for (const f of [8, 4, 2]) if (Math.floor(longSide / f) >= target && Math.floor(shortSide / f) >= 1) return f;
  return 1;
}

function loadPath(file: string, format: PhotoFormat, oriented: { width: number; height: number }): string {
  if (format !== 'jpeg') return file;
  const f = jpegShrinkFactor(Math.max(oriented.width, oriented.height), PREVIEW_LONG_SIDE, Math.min(oriented.width, oriented.height));
  // Our temp paths never end in "]", so libvips reads the suffix as load options and nothing else as such.
  return f > 1 && !file.endsWith(']') ? `${file}[shrink=${f}]` : file;
}

// libheif's WASM build (heic-decode) holds about 17 MB once loaded: imported with the first HEIC photo, not at start.
let heicDecoder: Promise<typeof import('heic-decode').default> | null = null;

/** RGBA pixels of a HEIC file (HEIF transforms applied); a file libheif refuses is the seller's invalid_image. */
export async function decodeHeic(file: string, ref: PhotoRef): Promise<{ width: number; height: number; data: Uint8ClampedArray }> {
  try {
    heicDecoder ??= import('heic-decode').then((m) => m.default);
    return await (await heicDecoder)({ buffer: await fs.readFile(file) });
  } catch (e) {
    throw photoErrors.invalidImage(ref, `HEIC decode failed: ${(e as Error).message}`);
  }
}

function decodeError(e: unknown, ref: PhotoRef, meta: Metadata | null, maxPixels: number) {
  const msg = e instanceof Error ? e.message : String(e);
  if (/pixel limit/i.test(msg) && meta) return photoErrors.imageTooLarge(ref, meta.width ?? 0, meta.height ?? 0, maxPixels);
  // libvips messages name our temp path; the seller gets the reason without it.
  return photoErrors.invalidImage(ref, msg.split('\n')[0].replace(/\/[^\s:]*\/\.incoming\/[^\s:]*/g, '<file>').slice(0, 200));
}
