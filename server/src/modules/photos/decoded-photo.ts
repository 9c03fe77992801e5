// The one decode of a photo that every pixel figure derives from (hash, colours, quality, classifier, label
// detection). Produced once per photo by the intake pipeline; nothing downstream decodes the file again.
export const ANALYSIS_LONG_SIDE = 256;

export interface DecodedPhoto {
  /** Raw sRGB pixels, 3 channels, row-major, EXIF orientation already applied. */
  rgb: Buffer;
  width: number;
  height: number;
}
