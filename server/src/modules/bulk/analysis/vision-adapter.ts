// The offline vision module as the bulk job uses it: every call degrades to "unknown" (null) instead of failing a
// photo when a model is missing, so a batch still groups on colour and structure on a machine without them. A
// failure on one photo's pixels (the models load, this photo does not go through) is that photo's alone: it is
// thrown for the pipeline to record on the photo, and never switches a model off for the photos after it.
import {
  type Backbone, backboneFeatures, classifyGarment, detectLabelCloseUp, embedGarment, embeddingOf, type GarmentClassification, loadClassifier,
  openBackbone, parseLabelText, type ParsedLabel, readLabelText, setLabelReaders, terminateLabelReader, toBackboneSize,
} from '../../analysis/index.ts';
import sharp from 'sharp';
import type { DecodedPhoto } from '../../photos/index.ts';
import { centreWindow } from '../../duplicates/index.ts';

export type Warn = (message: string) => void;

let classifierMissing = false;
let backbone: Promise<Backbone | null> | null = null;

/** True once the classifier's files are known not to load (checked after a failed run: loadClassifier is memoised). */
async function classifierUnavailable(): Promise<boolean> {
  if (classifierMissing) return true;
  return loadClassifier().then(() => false, () => (classifierMissing = true));
}

/**
 * vision's embedGarment (the backbone's pooled features, square-rooted, unit length). It loads the whole
 * classifier; when only the head file is missing the backbone still embeds, with the same transform, so grouping
 * keeps its strongest signal. When the classifier loads but this photo's run fails, the run is tried once more (the
 * vision thread may have stopped under it and restarts on the next run); a second failure is the photo's: thrown.
 */
export async function garmentEmbedding(photo: DecodedPhoto, warn?: Warn): Promise<Float32Array | null> {
  if (!classifierMissing) {
    try {
      return await embedGarment(photo);
    } catch (e) {
      if (!(await classifierUnavailable())) return embedGarment(photo);
      warn?.(`garment classifier unavailable (${(e as Error).message}); embedding with the backbone alone`);
    }
  }
  backbone ??= openBackbone().catch((e: unknown) => {
    warn?.(`garment embedding unavailable, grouping on colour and structure only: ${(e as Error).message}`);
    return null;
  });
  const bb = await backbone;
  if (!bb) return null;
  return embeddingOf(await backboneFeatures(bb, await toBackboneSize(photo), false));
}

/**
 * The embedding of the photo's centre window: what a later re-cropped copy of it shows. Kept for the look-alike
 * duplicate check (duplicates.rememberEmbeddings) when the group becomes a draft, so that copy is caught then.
 */
export async function centreEmbedding(photo: DecodedPhoto, warn?: Warn): Promise<Float32Array | null> {
  return garmentEmbedding(centreWindow(photo), warn);
}

/** The photo's garment class; null when the classifier is missing or this photo's run fails (the embedding, on the same run, reports that). */
export async function garmentClass(photo: DecodedPhoto): Promise<GarmentClassification | null> {
  if (classifierMissing) return null;
  try {
    return await classifyGarment(photo);
  } catch {
    await classifierUnavailable();
    return null;
  }
}

export function isCloseUp(photo: DecodedPhoto): { is_label: boolean; score: number } {
  return detectLabelCloseUp(photo);
}

/** Brand and size read off a label photo (JPEG or PNG bytes); null when OCR is unavailable or fails. */
export async function readLabel(image: Buffer, warn?: Warn): Promise<(ParsedLabel & { text: string; confidence: number }) | null> {
  try {
    const { text, confidence } = await readLabelText(image);
    return { ...parseLabelText(text), text, confidence };
  } catch (e) {
    warn?.(`label OCR failed: ${(e as Error).message}`);
    return null;
  }
}

let labelReaders = 0;

/** OCR workers for a job's labels: as many as configured, within the memory cap (about 200 MB an engine). */
export function ocrLanes(cfg: { BULK_OCR_WORKERS: number; BULK_OCR_MAX_MB: number }): number {
  return Math.max(1, Math.min(cfg.BULK_OCR_WORKERS, Math.floor(cfg.BULK_OCR_MAX_MB / OCR_ENGINE_MB)));
}
export const OCR_ENGINE_MB = 200;

/**
 * Marks a job's OCR as under way, with `lanes` workers (ocrLanes). The OCR engine holds about 200 MB while it lives, so once the last job reading
 * labels calls the release it gets back, the engine is stopped; the next label read starts a new one (a second).
 */
export function holdLabelReader(lanes = 1): () => Promise<void> {
  labelReaders++;
  setLabelReaders(lanes);
  let released = false;
  return async () => {
    if (released) return;
    released = true;
    if (--labelReaders === 0) await terminateLabelReader().catch(() => undefined);
  };
}

/** Windows per side of the region grid, their side as a share of the photo's, and where their centres sit. */
export const REGION_GRID = [0.3, 0.5, 0.7] as const;
export const REGION_SIDE = 0.4;
/** The smallest window side in pixels (of the 256 px analysis decode); a photo thinner than this has no regions. */
export const REGION_MIN_SIDE = 16;

/**
 * The garment embedding of each of 3 × 3 overlapping windows (40 % of each side) of the photo: a detail shot of
 * the print, a seam or the fabric looks like one of these regions of its garment's whole view far more than like
 * the whole view itself. Nine extra network runs, so the scan asks for them only when a photo has no capture time
 * (with one, the camera roll places details). Null when no embedding model is available, or when the photo is
 * under REGION_MIN_SIDE pixels on a side once reduced (a strip such as 1 × 60000 px decodes to 1 × 256): no window
 * fits in it, and a sliver of a pixel or two shows no detail to match.
 */
export async function garmentRegionEmbeddings(photo: DecodedPhoto, warn?: Warn): Promise<Float32Array[] | null> {
  if (Math.min(photo.width, photo.height) < REGION_MIN_SIDE) return null;
  const out: Float32Array[] = [];
  // Never wider or taller than the photo, so every window lies inside it (left and top never below 0).
  const w = Math.min(photo.width, Math.max(REGION_MIN_SIDE, Math.round(photo.width * REGION_SIDE)));
  const h = Math.min(photo.height, Math.max(REGION_MIN_SIDE, Math.round(photo.height * REGION_SIDE)));
  for (const cy of REGION_GRID) {
    for (const cx of REGION_GRID) {
      const left = Math.min(photo.width - w, Math.max(0, Math.round(cx * photo.width - w / 2)));
      const top = Math.min(photo.height - h, Math.max(0, Math.round(cy * photo.height - h / 2)));
      const { data, info } = await sharp(photo.rgb, { raw: { width: photo.width, height: photo.height, channels: 3 } })
        .extract({ left, top, width: w, height: h }).raw().toBuffer({ resolveWithObject: true });
      const e = await garmentEmbedding({ rgb: data, width: info.width, height: info.height }, warn);
      if (!e) return null;
      out.push(e);
    }
  }
  return out;
}

/** What the bulk job reads off one photo's analysis decode with the vision models. */
export interface PixelAnalysis {
  embedding: Float32Array | null;
  classes: GarmentClassification | null;
  label: { is_label: boolean; score: number };
  regions: Float32Array[] | null;
  centre: Float32Array | null;
}

/**
 * The scan's (and a resumed job's analysed stage's) vision pass on one decode: embedding and class share one
 * network run (vision memoises the features per decode), then the label close-up check, the region embeddings when
 * `regions` (photos the camera roll cannot place: no capture time) and the centre window's embedding (for the
 * stock's look-alike check once drafted). Throws when this photo's pixels fail a step: the caller records it.
 */
export async function analysePixels(decoded: DecodedPhoto, opts: { regions: boolean }, warn?: Warn): Promise<PixelAnalysis> {
  const [embedding, classes] = await Promise.all([garmentEmbedding(decoded, warn), garmentClass(decoded)]);
  const label = isCloseUp(decoded);
  const regions = embedding && opts.regions && !label.is_label ? await garmentRegionEmbeddings(decoded, warn) : null;
  const centre = embedding ? await centreEmbedding(decoded, warn) : null;
  return { embedding, classes, label, regions, centre };
}
