// How likely two photos show the same garment, from what their pixels share: the backbone embedding (shape,
// texture), the colour signature (fabric colour, robust to crops and flips) and the perceptual hash (layout,
// tested against the mirror too). A logistic model whose coefficients were fitted by bench/bulk-calibrate.ts on
// sessions built from the TRAINING photos only (shared/datasets/clothing-train); the dev set measures it.
import { hammingDistance } from '../../photos/index.ts';
import { colourSimilarity, cosine, type PhotoSignals } from './photo-signals.ts';

export interface PairFeatures {
  /** Cosine of the embeddings, null when either photo has none. */
  embedding: number | null;
  colour: number;
  /** 1 − (Hamming distance / 32), clipped to [0, 1]: unrelated photos sit near 0, near-copies near 1. */
  structure: number;
}

export interface PairCoefficients { bias: number; embedding: number; colour: number; structure: number }

// Fitted by `npx tsx bench/bulk-calibrate.ts 6 25` (logistic regression by Newton's method, L2 0.001) on 6 sessions of 25 garments
// built from the training photos: 10 868 pairs at most 20 shots apart, 1 134 of them the same garment.
export const WITH_EMBEDDING: PairCoefficients = { bias: -4.6, embedding: 5.52, colour: 2.89, structure: 0.67 };
export const WITHOUT_EMBEDDING: PairCoefficients = { bias: -5.29, embedding: 0, colour: 5.02, structure: 2.96 };

export function pairFeatures(a: PhotoSignals, b: PhotoSignals): PairFeatures {
  const ham = Math.min(hammingDistance(a.phash, b.phash), hammingDistance(a.phash, b.phashMirror));
  return {
    embedding: a.embedding && b.embedding ? cosine(a.embedding, b.embedding) : null,
    // The better of the plain and the white-balanced comparison: light changes between shots, garments do not.
    colour: Math.max(colourSimilarity(a.colour, b.colour), colourSimilarity(a.colourBalanced, b.colourBalanced)),
    structure: Math.max(0, Math.min(1, 1 - ham / 32)),
  };
}

/** Log-odds that the two photos show the same garment. */
export function sameGarmentLogit(f: PairFeatures, withEmb = WITH_EMBEDDING, withoutEmb = WITHOUT_EMBEDDING): number {
  const k = f.embedding === null ? withoutEmb : withEmb;
  return k.bias + k.embedding * (f.embedding ?? 0) + k.colour * f.colour + k.structure * f.structure;
}

export const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));
export const logit = (p: number) => Math.log(p / (1 - p));

/**
 * What the gap between two consecutive shots says, as log-odds of "same garment". A prior, not a fit: shots of
 * one garment come seconds apart; changing garment (fold, put away, lay the next) takes half a minute or more.
 * Null gap (no capture times) says nothing.
 */
export function timeGapLogit(gapMs: number | null): number {
  if (gapMs === null || !Number.isFinite(gapMs)) return 0;
  const s = Math.abs(gapMs) / 1000;
  if (s <= 8) return 1;
  if (s <= 20) return 1 - (s - 8) / 12; // 1 → 0
  if (s <= 60) return -((s - 20) / 40) * 2; // 0 → −2
  return -2;
}
