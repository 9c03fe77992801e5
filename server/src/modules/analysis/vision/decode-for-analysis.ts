// The decode the intake pipeline performs (orientation applied, long side ANALYSIS_LONG_SIDE, raw sRGB), for the
// training and evaluation scripts and the tests, which start from files. The app itself never calls this:
// it receives the DecodedPhoto that intake already made.
import sharp from 'sharp';
import { ANALYSIS_LONG_SIDE, type DecodedPhoto } from '../../photos/index.ts';

export async function decodeForAnalysis(input: Buffer | string): Promise<DecodedPhoto> {
  const { data, info } = await sharp(input).rotate()
    .resize(ANALYSIS_LONG_SIDE, ANALYSIS_LONG_SIDE, { fit: 'inside' })
    .removeAlpha().toColourspace('srgb').raw().toBuffer({ resolveWithObject: true });
  return { rgb: data, width: info.width, height: info.height };
}
