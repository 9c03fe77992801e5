import sharp from 'sharp';
import type { AnalysisPhoto } from '../analysis-provider.ts';

/**
 * The photos sent to a vision model, downscaled so the long side is at most `maxSide` px (768 by default):
 * an image's token cost grows with its pixel count, and 768 px still shows a label's print. At most
 * `maxImages` photos go, in the seller's order (the first photo is the one buyers see).
 */
export async function imagesForModel(photos: AnalysisPhoto[], maxSide: number, maxImages: number): Promise<Buffer[]> {
  return Promise.all(
    photos.slice(0, maxImages).map((p) => {
      // The stored preview (1600 px) when there is one, else the intake's reduced decode: never the original file.
      const input = p.previewPath
        ? sharp(p.previewPath)
        : sharp(p.decoded.rgb, { raw: { width: p.decoded.width, height: p.decoded.height, channels: 3 } });
      return input.resize({ width: maxSide, height: maxSide, fit: 'inside', withoutEnlargement: true }).jpeg({ quality: 80, mozjpeg: false }).toBuffer();
    }),
  );
}
