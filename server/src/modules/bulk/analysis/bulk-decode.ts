// The bulk intake's one decode per photo. Same loaders and guards as single-photo intake (sniffed format, pixel
// cap, HEIC through heic-decode, EXIF orientation, JPEG shrink-on-load), but aimed at the thumbnail rather than
// the 1600 px preview: grouping 500 photos needs a thumbnail and the 256 px analysis image, and a 12 MP JPEG
// decoded at 1/8 costs a fifth of one decoded at 1/2. The preview is made when a cluster becomes a draft
// (photos.service, at execute), so it is only paid for the photos that reach the stock.
import sharp, { type Metadata, type Sharp } from 'sharp';
import {
  ANALYSIS_LONG_SIDE, type DecodedPhoto, decodeHeic, jpegShrinkFactor, photoErrors, type PhotoFormat, type PhotoRef, THUMB_LONG_SIDE,
} from '../../photos/index.ts';

// Effort 0: a 400 px thumbnail encodes in half the time of effort 1 and is a few per cent larger.
const THUMB_WEBP = { quality: 72, effort: 0 } as const;

export interface BulkDecoded {
  width: number;
  height: number;
  thumb: Buffer;
  decoded: DecodedPhoto;
  exif: Buffer | undefined;
}

export async function decodeForBulk(file: string, format: PhotoFormat, ref: PhotoRef, maxPixels: number): Promise<BulkDecoded> {
  let meta: Metadata;
  try {
    meta = await sharp(file, { limitInputPixels: false }).metadata();
    if (!meta.width || !meta.height) throw new Error('no dimensions in the header');
  } catch (e) {
    throw invalid(e, ref);
  }
  const frameHeight = meta.pageHeight ?? meta.height;
  if (meta.width * frameHeight > maxPixels) throw photoErrors.imageTooLarge(ref, meta.width, frameHeight, maxPixels);
  const oriented = meta.autoOrient ?? { width: meta.width, height: frameHeight };

  let base: Sharp;
  if (format === 'heif' && meta.compression === 'hevc') {
    const heic = await decodeHeic(file, ref);
    base = sharp(heic.data, { raw: { width: heic.width, height: heic.height, channels: 4 } });
  } else {
    const shrink = format === 'jpeg' ? shrinkOnLoad(oriented) : 1;
    const input = shrink > 1 && !file.endsWith(']') ? `${file}[shrink=${shrink}]` : file;
    base = sharp(input, { failOn: 'truncated', limitInputPixels: maxPixels, pages: 1 }).rotate();
  }
  try {
    const small = await base
      .flatten({ background: '#ffffff' })
      .resize(THUMB_LONG_SIDE, THUMB_LONG_SIDE, { fit: 'inside', withoutEnlargement: true })
      .toColourspace('srgb').removeAlpha().raw({ depth: 'uchar' })
      .toBuffer({ resolveWithObject: true });
    const raw = { raw: { width: small.info.width, height: small.info.height, channels: 3 as const } };
    const [thumb, analysis] = await Promise.all([
      sharp(small.data, raw).webp(THUMB_WEBP).toBuffer(),
      sharp(small.data, raw).resize(ANALYSIS_LONG_SIDE, ANALYSIS_LONG_SIDE, { fit: 'inside' }).raw().toBuffer({ resolveWithObject: true }),
    ]);
    return {
      width: oriented.width, height: oriented.height, thumb, exif: meta.exif,
      decoded: { rgb: analysis.data, width: analysis.info.width, height: analysis.info.height },
    };
  } catch (e) {
    throw invalid(e, ref);
  }
}

/**
 * The JPEG shrink-on-load factor for the thumbnail, never so large that the short side would shrink to nothing:
 * libjpeg refuses that ("bad dimensions"), and a valid strip such as 1 × 60000 px would read as a damaged file.
 */
export function shrinkOnLoad(size: { width: number; height: number }): number {
  return jpegShrinkFactor(Math.max(size.width, size.height), THUMB_LONG_SIDE, Math.min(size.width, size.height));
}

function invalid(e: unknown, ref: PhotoRef) {
  const msg = e instanceof Error ? e.message : String(e);
  // libvips names the file path; the seller gets the reason without it.
  return photoErrors.invalidImage(ref, msg.split('\n')[0].replace(/\/[^\s:[\]]+/g, '<file>').slice(0, 200));
}
