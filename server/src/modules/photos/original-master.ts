// The master the photo studio renders edits from: the photo at full resolution (long side ≤ ORIGINAL_LONG_SIDE),
// upright, in sRGB, with no EXIF or GPS block. Most phone JPEGs already are all that but for their metadata, and
// decoding 12 MP in full to re-encode them cost four times the whole rest of the intake (bench/photos-analysis), so
// those keep their own compressed data with the metadata segments cut out: no decode, no second generation of JPEG
// loss. Anything else (rotated by a tag, an ICC profile, CMYK, larger, not JPEG) is decoded and re-encoded.
import sharp, { type Metadata } from 'sharp';

export const ORIGINAL_LONG_SIDE = 4096;

export async function originalMaster(file: string, format: string, meta: Pick<Metadata, 'width' | 'height' | 'orientation' | 'icc' | 'space' | 'channels'>, data: () => Promise<Buffer>, maxPixels: number): Promise<Buffer> {
  const longSide = Math.max(meta.width ?? 0, meta.height ?? 0);
  if (format === 'jpeg' && (meta.orientation ?? 1) === 1 && !meta.icc && meta.space === 'srgb' && meta.channels === 3 && longSide <= ORIGINAL_LONG_SIDE) {
    const stripped = stripJpegMetadata(await data());
    if (stripped) return stripped;
  }
  return sharp(file, { limitInputPixels: maxPixels, pages: 1 }).rotate()
    .flatten({ background: '#ffffff' }).resize(ORIGINAL_LONG_SIDE, ORIGINAL_LONG_SIDE, { fit: 'inside', withoutEnlargement: true })
    .toColourspace('srgb').jpeg({ quality: 92 }).toBuffer();
}

// APP1 (EXIF, XMP: camera, GPS), APP2–APP13 (ICC is refused above; FlashPix, IPTC, maker blocks), APP15 and comments
// go. APP0 (JFIF) and APP14 (Adobe: how the colour channels are coded) stay: decoders need them to read colours right.
const DROPPED = (m: number) => (m >= 0xe1 && m <= 0xed) || m === 0xef || m === 0xfe;

/**
 * The JPEG with its metadata segments removed and every other byte as it was; null when the marker structure is not
 * what a baseline or progressive JPEG has (the caller then re-encodes from pixels).
 */
export function stripJpegMetadata(jpeg: Buffer): Buffer | null {
  if (jpeg.length < 4 || jpeg[0] !== 0xff || jpeg[1] !== 0xd8) return null;
  const parts: Buffer[] = [jpeg.subarray(0, 2)];
  let i = 2;
  while (i + 4 <= jpeg.length) {
    if (jpeg[i] !== 0xff) return null;
    const marker = jpeg[i + 1];
    if (marker === 0xff) { i++; continue; } // fill byte
    if (marker === 0xda) { parts.push(jpeg.subarray(i)); return Buffer.concat(parts); } // start of scan: the rest is image data
    if (marker === 0xd9 || (marker >= 0xd0 && marker <= 0xd7) || marker === 0x01) return null; // no image data before these
    const len = jpeg.readUInt16BE(i + 2);
    if (len < 2 || i + 2 + len > jpeg.length) return null;
    if (!DROPPED(marker)) parts.push(jpeg.subarray(i, i + 2 + len));
    i += 2 + len;
  }
  return null;
}
