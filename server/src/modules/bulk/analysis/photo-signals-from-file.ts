// One photo file → everything bulk keeps about it, from its one decode: thumbnail, hashes, colour signature,
// embedding, quality, capture time. The figures are stored; the pixels are not needed again for grouping.
import {
  captureTime, colourSignature as colourLayout, type DecodedPhoto, phash, type PhotoFormat, photoQuality, type PhotoQuality, type PhotoRef,
} from '../../photos/index.ts';
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
