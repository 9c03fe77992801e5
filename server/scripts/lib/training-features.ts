// The classifier's head inputs for every photo of a labelled folder, under the training views (as shot, mirrored,
// a tighter crop), through the run-time path (decode as intake does, toBackboneSize, backboneOutputs, headInput).
// Cached in the temp folder per backbone, view set and file list, so `train:classifier` and `eval:memory` compute
// them once between them.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp, { type Sharp } from 'sharp';
import type { DecodedPhoto } from '../../src/modules/photos/decoded-photo.ts';
import { BACKBONE_SHORT_SIDE, type Backbone, backboneOutputs, toBackboneSize } from '../../src/modules/analysis/vision/backbone/feature-extractor.ts';
import { headInput } from '../../src/modules/analysis/vision/classifier/softmax-head.ts';
import { decodeForAnalysis } from '../../src/modules/analysis/vision/decode-for-analysis.ts';

const raw = (p: DecodedPhoto) => sharp(p.rgb, { raw: { width: p.width, height: p.height, channels: 3 } });
async function done(s: Sharp): Promise<DecodedPhoto> {
  const { data, info } = await s.raw().toBuffer({ resolveWithObject: true });
  return { rgb: data, width: info.width, height: info.height };
}
function centreCrop(p: DecodedPhoto, keep: number): Promise<DecodedPhoto> {
  const w = Math.round(p.width * keep), h = Math.round(p.height * keep);
  return done(raw(p).extract({ left: (p.width - w) >> 1, top: (p.height - h) >> 1, width: w, height: h }));
}

/** The training views of a photo; `views` 1 is the photo as shot only (what the app sees). */
export async function trainingViews(photo: DecodedPhoto, views: number): Promise<DecodedPhoto[]> {
  const all = [photo];
  if (views > 1) all.push(await done(raw(photo).flop()));
  if (views > 2) all.push(await centreCrop(photo, 0.8));
  return all;
}

/**
 * Head inputs of `files` (paths under `dir`) × `views`, flat: photo i's view v at row i·views + v, `dim` wide.
 * `backboneFile` keys the cache to the network's bytes.
 */
export async function headInputs(bb: Backbone, backboneFile: string, dir: string, files: string[], views: number, progress = (_: number) => {}): Promise<{ flat: Float32Array; dim: number }> {
  const key = createHash('sha256').update(readFileSync(backboneFile)).update(`head-input/3|${BACKBONE_SHORT_SIDE}|${views}|${files.join(',')}`).digest('hex').slice(0, 16);
  const cacheFile = join(tmpdir(), `vintedbot-train-features-${key}.bin`);
  let flat: Float32Array;
  if (existsSync(cacheFile)) {
    const b = readFileSync(cacheFile);
    flat = new Float32Array(b.buffer, b.byteOffset, b.length / 4);
  } else {
    const parts: Float32Array[] = [];
    for (const [i, f] of files.entries()) {
      const photo = await decodeForAnalysis(join(dir, f));
      for (const view of await trainingViews(photo, views)) parts.push(headInput(await backboneOutputs(bb, await toBackboneSize(view))));
      if ((i + 1) % 100 === 0) progress(i + 1);
    }
    flat = new Float32Array(parts.length * parts[0].length);
    parts.forEach((p, i) => flat.set(p, i * p.length));
    writeFileSync(cacheFile, Buffer.from(flat.buffer));
  }
  return { flat, dim: flat.length / (files.length * views) };
}
