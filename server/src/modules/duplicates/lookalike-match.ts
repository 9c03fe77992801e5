import type { DecodedPhoto } from '../photos/index.ts';

// When the perceptual hash finds nothing, two photos are still the same photo when their garment embeddings are this
// close (cosine of the quantised vectors, lookalike-vector.ts): a copy cropped 4–10 % per side, re-framed, re-lit,
// turned a few degrees or re-encoded moves the hash but less the embedding. Each stored photo has two vectors: the
// whole photo, and its centre window (LOOKALIKE_CENTRE_SHARE of each side), which is what a re-cropped copy shows:
// a new photo is compared with both (the better counts). On clothing-train, at 99 % precision, the centre window took
// the recall of 4–10 % crops from 6 % to 58 % and of all copies from 42 % to 69 % (bench/duplicates-lookalike-calibrate.ts). Calibrated by
// bench/duplicates-lookalike-calibrate.ts on shared/datasets/clothing-train: the lowest similarity at which 99 % of
// the flags are right (copies against every training original, different garments of the same class and colour
// included): 0.937 gave precision 99.1 %, recall 69.2 % of the copies. Measured on clothing-dev copies by
// server/test/eval/duplicates-lookalike.eval.test.ts.
export const LOOKALIKE_MIN_SIMILARITY = 0.937;

/**
 * The first stage of the search (lookalike-search.ts): per query photo, the rows whose sketch scores are among the
 * best LOOKALIKE_CANDIDATES, and every row whose sketch score alone reaches LOOKALIKE_SKETCH_FLOOR (many photos of
 * one article are all checked, however many), go on to the exact cosine. Set on clothing-train by
 * bench/duplicates-lookalike-projection.ts (128 directions keep 91.6 % of the energy; sketch error 0.003 on average):
 * of the 1 279 copies the full check flags, every one has its original's view first by sketch score among the 1 848
 * stored views (no other view ranks above it), so 32 candidates leave a wide margin at 200 000 views; the two stages
 * flag exactly what the full check flags on every train copy.
 */
export const LOOKALIKE_CANDIDATES = 32;
export const LOOKALIKE_SKETCH_FLOOR = LOOKALIKE_MIN_SIMILARITY;

/** The centre window's share of each side: the middle of the 4–10 % per side crops the check is meant for. */
export const LOOKALIKE_CENTRE_SHARE = 0.86;

/** The centre window of a decoded photo (its pixels copied, nothing resampled): the stored photo's second view. */
export function centreWindow(photo: DecodedPhoto, share = LOOKALIKE_CENTRE_SHARE): DecodedPhoto {
  const { width: w, height: h } = photo;
  const cw = Math.max(1, Math.round(w * share)), ch = Math.max(1, Math.round(h * share));
  const left = Math.round((w - cw) / 2), top = Math.round((h - ch) / 2);
  const rgb = Buffer.alloc(cw * ch * 3);
  for (let y = 0; y < ch; y++) photo.rgb.copy(rgb, y * cw * 3, ((top + y) * w + left) * 3, ((top + y) * w + left + cw) * 3);
  return { rgb, width: cw, height: ch };
}

/** 0–1 as the answers show it: the similarity itself, three decimals. */
export const lookalikeScore = (similarity: number) => Math.round(Math.min(1, similarity) * 1000) / 1000;

/**
 * Which embedding the stored vectors are: the analyser's garment embedding (MobileNetV2 last layer, square-rooted,
 * unit length: embedGarment), one byte per feature. A vector of another model is never read; changing the embedding
 * means a new name here (and the photos embedded again).
 */
export const LOOKALIKE_MODEL = 'mobilenet-v2-sqrt-1792/int8+centre86';
