// Optional CLIP zero-shot, for users who have CLIP model files locally (MODELS_DIR). Nothing is downloaded,
// and the runtime (onnxruntime-node, an optional dependency) is imported only when the files are there.
//
// Expected layout, MODELS_DIR/clip/:
//   vision_model.onnx      image tower: input pixel_values [n, 3, S, S] (CLIP normalisation), first output =
//                          image embeddings [n, D] (e.g. the vision_model.onnx of an ONNX export of ViT-B/32)
//   label-embeddings.json  { "size"?: 224, "labels": { "<label>": number[D], … } }: the text tower's embeddings
//                          of the seed label set below (prompted "a photo of a <label>"), computed once by
//                          clip-label-embeddings.ts from text_model.onnx + vocab.json + merges.txt when the
//                          bundle has them (models:download fetches them), or put there by hand.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import type { DecodedPhoto } from '../../../photos/index.ts';
import { resolveCategory } from '@vintedbot/catalog';
import { loadOrt } from '../backbone/feature-extractor.ts';
import { softmax } from '../classifier/softmax-head.ts';
import { computeLabelEmbeddings, hasTextTower, LABEL_EMBEDDINGS_FILE } from './clip-label-embeddings.ts';

/** The seed's zero-shot label set, each mapped to our category key. */
export const CLIP_LABELS: Readonly<Record<string, string>> = Object.fromEntries(
  ['t-shirt', 'hoodie', 'sweatshirt', 'joggers', 'jeans', 'pantalon', 'short', 'puffer jacket', 'veste', 'manteau', 'parka',
    'windbreaker', 'chemise', 'polo', 'robe', 'jupe', 'casquette', 'bonnet', 'sneakers', 'chaussures', 'sac']
    .map((label) => [label, resolveCategory(label)!.key]),
);

const MEAN = [0.48145466, 0.4578275, 0.40821073];
const STD = [0.26862954, 0.26130258, 0.27577711];
/** CLIP's logit scale (100 in the released models): turns cosine similarities into confident probabilities. */
const LOGIT_SCALE = 100;

export interface ClipModel {
  run: (pixels: Float32Array, size: number) => Promise<Float32Array>;
  size: number;
  labels: { label: string; category: string; embedding: Float32Array }[];
}

/** MODELS_DIR of the configuration, set when the analysis module starts (the classifier is shared process-wide). */
let configuredModelsDir: string | undefined;
export function useClipModels(modelsDir: string | undefined): void {
  configuredModelsDir = modelsDir;
}

export const clipDir = (modelsDir: string | undefined = configuredModelsDir) => (modelsDir ? join(modelsDir, 'clip') : null);

let cached: { dir: string; model: Promise<ClipModel | null> } | null = null;

/** The CLIP model under MODELS_DIR, or null when no files are there or the runtime is not installed. */
export function loadClip(modelsDir: string | undefined = configuredModelsDir): Promise<ClipModel | null> {
  const dir = clipDir(modelsDir);
  if (!dir || !existsSync(join(dir, 'vision_model.onnx'))) return Promise.resolve(null);
  const labelsReady = existsSync(join(dir, LABEL_EMBEDDINGS_FILE));
  if (!labelsReady && !hasTextTower(dir)) return Promise.resolve(null);
  if (cached?.dir === dir) return cached.model;
  const model = (async (): Promise<ClipModel | null> => {
    let ort;
    try { ort = await loadOrt(); } catch { return null; } // runtime absent: the classifier alone answers
    // A bundle with its text tower but no label embeddings yet (copied by hand, or a download cut before them).
    if (!labelsReady) await computeLabelEmbeddings(dir, Object.keys(CLIP_LABELS));
    const session = await ort.InferenceSession.create(join(dir, 'vision_model.onnx'), { intraOpNumThreads: 1 });
    const spec = JSON.parse(readFileSync(join(dir, 'label-embeddings.json'), 'utf8')) as { size?: number; labels: Record<string, number[]> };
    const labels = Object.entries(spec.labels).map(([label, v]) => ({ label, category: CLIP_LABELS[label] ?? resolveCategory(label)?.key ?? label, embedding: unit(Float32Array.from(v)) }));
    const input = session.inputNames[0], output = session.outputNames[0];
    return {
      size: spec.size ?? 224,
      labels,
      run: async (pixels, size) => {
        const res = await session.run({ [input]: new ort.Tensor('float32', pixels, [1, 3, size, size]) });
        return Float32Array.from(res[output].data as Float32Array);
      },
    };
  })();
  cached = { dir, model };
  return model;
}

function unit(v: Float32Array): Float32Array {
  let n = 0;
  for (const x of v) n += x * x;
  n = Math.sqrt(n) || 1;
  return v.map((x) => x / n);
}

/** CLIP preprocessing from the raw decode: centre square, resize, normalise, NCHW. */
export async function clipPixels(photo: DecodedPhoto, size: number): Promise<Float32Array> {
  const side = Math.min(photo.width, photo.height);
  const { data } = await sharp(photo.rgb, { raw: { width: photo.width, height: photo.height, channels: 3 } })
    .extract({ left: (photo.width - side) >> 1, top: (photo.height - side) >> 1, width: side, height: side })
    .resize(size, size, { kernel: 'cubic' }).raw().toBuffer({ resolveWithObject: true });
  const out = new Float32Array(3 * size * size);
  for (let i = 0; i < size * size; i++) for (let c = 0; c < 3; c++) out[c * size * size + i] = (data[i * 3 + c] / 255 - MEAN[c]) / STD[c];
  return out;
}

export interface ClipScores { labels: { label: string; score: number }[]; categories: { category: string; score: number }[] }

/** Zero-shot probabilities per label and per category (labels of one category summed), best first. */
export async function clipClassify(model: ClipModel, photo: DecodedPhoto): Promise<ClipScores> {
  const image = unit(await model.run(await clipPixels(photo, model.size), model.size));
  const logits = model.labels.map((l) => LOGIT_SCALE * l.embedding.reduce((s, x, i) => s + x * image[i], 0));
  const p = softmax(logits);
  const labels = model.labels.map((l, i) => ({ label: l.label, score: p[i] })).sort((a, b) => b.score - a.score);
  const byCat = new Map<string, number>();
  model.labels.forEach((l, i) => byCat.set(l.category, (byCat.get(l.category) ?? 0) + p[i]));
  const categories = [...byCat.entries()].map(([category, score]) => ({ category, score })).sort((a, b) => b.score - a.score);
  return { labels, categories };
}
