// The offline vision module as the bulk job uses it: every call degrades to "unknown" (null) instead of failing a
// photo when a model is missing, so a batch still groups on colour and structure on a machine without them.
import {
  type Backbone, backboneFeatures, classifyGarment, detectLabelCloseUp, embedGarment, embeddingOf, type GarmentClassification, openBackbone,
  parseLabelText, type ParsedLabel, readLabelText, terminateLabelReader, toBackboneSize,
} from '../../analysis/index.ts';
import type { DecodedPhoto } from '../../photos/index.ts';

export type Warn = (message: string) => void;

let classifierMissing = false;
let backbone: Promise<Backbone | null> | null = null;

/**
 * vision's embedGarment (the backbone's pooled features, square-rooted, unit length). It loads the whole
 * classifier; when only the head file is missing the backbone still embeds, with the same transform, so grouping
 * keeps its strongest signal.
 */
export async function garmentEmbedding(photo: DecodedPhoto, warn?: Warn): Promise<Float32Array | null> {
  if (!classifierMissing) {
    try {
      return await embedGarment(photo);
    } catch (e) {
      classifierMissing = true;
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

export async function garmentClass(photo: DecodedPhoto): Promise<GarmentClassification | null> {
  if (classifierMissing) return null;
  try {
    return await classifyGarment(photo);
  } catch {
    classifierMissing = true;
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

/**
 * Marks a job's OCR as under way. The OCR engine holds about 200 MB while it lives, so once the last job reading
 * labels calls the release it gets back, the engine is stopped; the next label read starts a new one (a second).
 */
export function holdLabelReader(): () => Promise<void> {
  labelReaders++;
  let released = false;
  return async () => {
    if (released) return;
    released = true;
    if (--labelReaders === 0) await terminateLabelReader().catch(() => undefined);
  };
}
