// classifyGarment / embedGarment: the shipped backbone + linear head (a discriminant, see lda-fit.ts), loaded
// from disk once (lazy singleton; loadClassifier() lets start-up warm it). Backbone outputs are memoised per photo
// buffer, so the ingest calling classify and the bulk grouping calling embed on the same decode run the network once.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DecodedPhoto } from '../../../photos/index.ts';
import { type Backbone, SHIPPED_MODELS_DIR, backboneOutputs, openBackbone, toBackboneSize } from '../backbone/feature-extractor.ts';
import { clipClassify, loadClip } from '../clip/clip-zero-shot.ts';
import { fuseWithClip } from '../clip/fuse.ts';
import { type CategoryScore, HEAD_FILE } from './garment-classes.ts';

export type { CategoryScore };
import { type SoftmaxHead, headInput, headProbabilities } from './softmax-head.ts';

export interface GarmentClassification { category: string; score: number; top3: CategoryScore[] }

export interface GarmentClassifier {
  backbone: Backbone;
  head: SoftmaxHead;
}

let loading: Promise<GarmentClassifier> | null = null;

/** Loads the shipped classifier once; later calls share it. A failed load is retried on the next call. */
export function loadClassifier(modelsDir = SHIPPED_MODELS_DIR): Promise<GarmentClassifier> {
  loading ??= (async () => {
    const head = JSON.parse(readFileSync(join(modelsDir, HEAD_FILE), 'utf8')) as SoftmaxHead & { backbone: string };
    const backbone = await openBackbone(join(modelsDir, head.backbone));
    return { backbone, head };
  })().catch((err: unknown) => { loading = null; throw err; });
  return loading;
}

const outputCache = new WeakMap<Buffer, Promise<Float32Array[]>>();

/** The backbone's pooled outputs of a photo as it is (last layer first, then the mid-level ones). */
export function photoOutputs(photo: DecodedPhoto): Promise<Float32Array[]> {
  let p = outputCache.get(photo.rgb);
  if (!p) {
    p = (async () => {
      const { backbone } = await loadClassifier();
      return backboneOutputs(backbone, await toBackboneSize(photo));
    })();
    outputCache.set(photo.rgb, p);
    p.catch(() => outputCache.delete(photo.rgb));
  }
  return p;
}

/** Category probabilities of a photo's backbone outputs, best first (pure; the CLIP fusion reuses it). */
export function rankCategories(head: SoftmaxHead, outputs: readonly Float32Array[]): CategoryScore[] {
  const p = headProbabilities(head, headInput(outputs), head.classes.length);
  return head.classes.map((category, i) => ({ category, score: p[i] })).sort((a, b) => b.score - a.score);
}

export async function classifyGarment(photo: DecodedPhoto): Promise<GarmentClassification> {
  const [{ head }, outputs, clip] = await Promise.all([loadClassifier(), photoOutputs(photo), loadClip()]);
  let ranked = rankCategories(head, outputs);
  // With CLIP files under MODELS_DIR, both models vote (see clip/fuse.ts for how).
  if (clip) ranked = fuseWithClip(ranked, (await clipClassify(clip, photo)).categories);
  const round = (s: CategoryScore) => ({ category: s.category, score: Math.round(s.score * 1000) / 1000 });
  return { ...round(ranked[0]), top3: ranked.slice(0, 3).map(round) };
}

/** A unit-length embedding for cosine similarity (the last layer's pooled features, square-rooted to tame
 *  the few very active channels that otherwise dominate every comparison). */
export async function embedGarment(photo: DecodedPhoto): Promise<Float32Array> {
  return embeddingOf((await photoOutputs(photo))[0]);
}

/** The embedding of last-layer features however they were computed (the bulk job runs the backbone alone). */
export const embeddingOf = (lastLayer: Float32Array): Float32Array => headInput([lastLayer]);
