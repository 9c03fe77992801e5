// When two photos are the same photo: equal SHA-256, or a perceptual-hash distance and a colour-layout distance
// both under thresholds calibrated by bench/duplicates-calibrate.ts on shared/datasets/clothing-train (figures and
// method in the README). The hash alone cannot tell two garments laid the same way on the same floor apart (it is
// computed in grey); the colour layout can, so a looser hash threshold catches cropped copies without false alarms.
export const IMAGE_MATCH = { maxHashDistance: 10, maxColourDistance: 8 };

export function imagesMatch(hashDistance: number, colourDistance: number): boolean {
  return hashDistance <= IMAGE_MATCH.maxHashDistance && colourDistance <= IMAGE_MATCH.maxColourDistance;
}

/** 0–1, 1 for identical bytes; what `findMatches` reports as the image score. */
export const imageScore = (hashDistance: number) => Math.round((1 - hashDistance / 64) * 1000) / 1000;

/** Without a colour layout (a bare hash from elsewhere), only near-identical hashes count: the hash-alone calibration. */
export const HASH_ONLY_MAX_DISTANCE = 2;
