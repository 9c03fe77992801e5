// One photo file → everything bulk keeps about it, from its one decode: thumbnail, hashes, colour signature,
// embedding, quality, capture time. The figures are stored; the pixels are not needed again for grouping.
import { captureTime } from '../../photos/capture-time.ts';
import { colourSignature as colourLayout } from '../../photos/colour-signature.ts';
import type { DecodedPhoto } from '../../photos/decoded-photo.ts';
import type { PhotoRef } from '../../photos/photo-errors.ts';
import { photoQuality, type PhotoQuality } from '../../photos/photo-quality.ts';
import { phash } from '../../photos/phash.ts';
import type { PhotoFormat } from '../../photos/sniff.ts';
import { colourSignatures, mirrored } from '../grouping/photo-signals.ts';
import { decodeForBulk } from './bulk-decode.ts';

export interface ScannedPhoto {
  width: number;
  height: number;
  thumb: Buffer;
  decoded: DecodedPhoto;
  phash: string;
  phashMirror: string;
  colour: Float32Array;
  colourBalanced: Float32Array;
  surround: Float32Array;
  /** The photos module's 4 × 4 colour layout, for its duplicate rule. */
  colourLayout: string;
  quality: PhotoQuality;
  takenAt: string | null;
}

/** Stage "scanned": decode once and derive the cheap figures (used by dedup before the heavier analysis). */
export async function scanPhotoFile(file: string, format: PhotoFormat, ref: PhotoRef, maxPixels: number): Promise<ScannedPhoto> {
  const d = await decodeForBulk(file, format, ref, maxPixels);
  return {
    width: d.width, height: d.height, thumb: d.thumb, decoded: d.decoded,
    phash: phash(d.decoded), phashMirror: phash(mirrored(d.decoded)),
    ...colourSignatures(d.decoded),
    colourLayout: colourLayout(d.decoded),
    quality: photoQuality(d.decoded, { width: d.width, height: d.height }),
    takenAt: await captureTime(d.exif),
  };
}
