// When two photos are the same photo: equal SHA-256, or a perceptual-hash distance with a colour-layout distance
// under one of these steps. The closer the hashes, the more colour difference is tolerated (a brightened copy keeps
// its hash but shifts its colours; a cropped copy moves its hash but keeps its colours). The hash alone is computed
// in grey and confuses two white shirts laid the same way on the same blanket; the colour layout does not save every
// such pair either, hence the steps. Calibrated by bench/duplicates-calibrate.ts on shared/datasets/clothing-train:
// each step's colour limit is 0.9 × the closest pair of different garments within its hash distance (figures in the README).
export const IMAGE_MATCH_STEPS: readonly { maxHash: number; maxColour: number }[] = [
  { maxHash: 4, maxColour: 5.1 },
  { maxHash: 6, maxColour: 3.4 },
  { maxHash: 10, maxColour: 2.6 },
];
export const IMAGE_MATCH_MAX_HASH = Math.max(...IMAGE_MATCH_STEPS.map((s) => s.maxHash));

export function imagesMatch(hashDistance: number, colourDistance: number): boolean {
  return IMAGE_MATCH_STEPS.some((s) => hashDistance <= s.maxHash && colourDistance <= s.maxColour);
}

/** Without a colour layout (a bare hash from elsewhere), only near-identical hashes count: the hash-alone calibration. */
export const HASH_ONLY_MAX_DISTANCE = 2;

/** 0–1, 1 for identical bytes; what `findMatches` reports as the image score. */
export const imageScore = (hashDistance: number) => Math.round((1 - hashDistance / 64) * 1000) / 1000;
