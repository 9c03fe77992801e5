// The label embeddings CLIP's zero-shot needs, computed on this machine from the bundle's text tower
// (text_model.onnx) and its tokenizer (vocab.json, merges.txt), then kept as label-embeddings.json beside them.
// They are computed once: after `npm run models:download`, or on first use when only the towers are there.
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadOrt } from '../backbone/feature-extractor.ts';
import { ClipTokenizer } from './clip-tokenizer.ts';

export const LABEL_EMBEDDINGS_FILE = 'label-embeddings.json';
const TEXT_FILES = ['text_model.onnx', 'vocab.json', 'merges.txt'] as const;

/** CLIP's usual zero-shot prompt around each label. */
export const clipPrompt = (label: string) => `a photo of a ${label}`;

/** True when `dir` holds what computing the label embeddings needs. */
export function hasTextTower(dir: string): boolean {
  return TEXT_FILES.every((f) => existsSync(join(dir, f)));
}

/**
 * Runs each label's prompt through the text tower and writes label-embeddings.json (atomically, so a cut run leaves
 * no half file). `size` is the image tower's input side, kept with the labels as the analyser reads it.
 */
export async function computeLabelEmbeddings(dir: string, labels: readonly string[], size = 224): Promise<Record<string, number[]>> {
  const tokenizer = new ClipTokenizer(JSON.parse(readFileSync(join(dir, 'vocab.json'), 'utf8')) as Record<string, number>, readFileSync(join(dir, 'merges.txt'), 'utf8'));
  const ort = await loadOrt();
  const session = await ort.InferenceSession.create(join(dir, 'text_model.onnx'), { intraOpNumThreads: 1 });
  // Hugging Face exports name the projected output text_embeds; a bare export has one output.
  const output = session.outputNames.includes('text_embeds') ? 'text_embeds' : session.outputNames[0];
  const out: Record<string, number[]> = {};
  for (const label of labels) {
    // One prompt per run, unpadded: the tower pools at the end token, which padding would move.
    const ids = tokenizer.encode(clipPrompt(label));
    const shape = [1, ids.length];
    const feeds: Record<string, unknown> = {};
    for (const name of session.inputNames) {
      if (name === 'attention_mask') feeds[name] = new ort.Tensor('int64', BigInt64Array.from(ids, () => 1n), shape);
      else if (name === 'input_ids' || session.inputNames.length === 1) feeds[name] = new ort.Tensor('int64', BigInt64Array.from(ids, BigInt), shape);
      else throw new Error(`the CLIP text tower asks for an input this app does not know: ${name}`);
    }
    const res = await session.run(feeds as Parameters<typeof session.run>[0]);
    out[label] = Array.from(res[output].data as Float32Array, (x) => Math.round(x * 1e6) / 1e6);
  }
  const file = join(dir, LABEL_EMBEDDINGS_FILE);
  writeFileSync(`${file}.tmp`, JSON.stringify({ size, prompt: clipPrompt('<label>'), labels: out }));
  renameSync(`${file}.tmp`, file);
  return out;
}
