import { dominantColours, type DominantColours } from './colours/dominant-colours.ts';
import { captureTime } from './capture-time.ts';
import { colourSignature } from './colour-signature.ts';
import type { DecodedPhoto } from './decoded-photo.ts';
import { decodeOnce, type FileHeader } from './decode-once.ts';
import type { PhotoRef } from './photo-errors.ts';
import { photoQuality, type PhotoQuality } from './photo-quality.ts';
import { phash } from './phash.ts';
import type { PhotoFormat } from './sniff.ts';

// Everything the app knows about one photo's pixels, from its one decode.
export interface PhotoAnalysis {
  width: number;
  height: number;
  phash: string;
  /** Colour layout (4 × 4 grid in Lab) that the duplicate check pairs with the grey perceptual hash. */
  colour_signature: string;
  colours: DominantColours;
  quality: PhotoQuality;
  taken_at: string | null;
  decoded: DecodedPhoto;
  preview: Buffer;
  thumb: Buffer;
  header: FileHeader;
  /** Where the time went, for the bench and the logs: the decode, then from its end the derived files and (meanwhile) the figures. */
  ms: { decode: number; derive: number; figures: number };
}

export async function analysePhotoFile(file: string, format: PhotoFormat, ref: PhotoRef, opts: { maxPixels: number }): Promise<PhotoAnalysis> {
  const d = await decodeOnce(file, format, ref, opts);
  const t0 = performance.now();
  const hash = phash(d.decoded);
  const colour_signature = colourSignature(d.decoded);
  const colours = dominantColours(d.decoded);
  const quality = photoQuality(d.decoded, { width: d.width, height: d.height });
  const taken_at = await captureTime(d.exif);
  const figures = performance.now() - t0;
  const files = await d.files;
  return {
    width: d.width, height: d.height, phash: hash, colour_signature, colours, quality, taken_at,
    decoded: d.decoded, preview: files.preview, thumb: files.thumb, header: d.header,
    ms: { decode: d.ms.decode, derive: files.ms, figures },
  };
}
