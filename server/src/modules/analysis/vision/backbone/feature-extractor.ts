// The frozen ImageNet MobileNetV2 backbone, run by onnxruntime-node: one DecodedPhoto in, the pooled last layer
// (1792 features, `features`) and pooled mid-level maps (`mid0`…) out.
// onnxruntime-node is an optional dependency, imported lazily; without it the classifier reports itself
// unavailable instead of crashing the app at start-up.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import type { DecodedPhoto } from '../../../photos/index.ts';
import { BackboneThread } from './backbone-thread.ts';

type Ort = typeof import('onnxruntime-node');
type Session = import('onnxruntime-node').InferenceSession;

/** Where the shipped models live: server/models, next to src. */
export const SHIPPED_MODELS_DIR = join(import.meta.dirname, '../../../../../models');
export const BACKBONE_FILE = 'mobilenet-v2-features.onnx';
/** The network sees the photo at this short side (the 256-long-side decode of a 3:4 photo is already 192). */
export const BACKBONE_SHORT_SIDE = 192;
const MAX_LONG_SIDE = 320;

export class VisionModelUnavailableError extends Error {
  readonly code = 'vision_model_unavailable';
}

let ortPromise: Promise<Ort> | null = null;
/** Imports onnxruntime-node once; a missing package becomes a clear, typed error. */
export function loadOrt(): Promise<Ort> {
  ortPromise ??= import('onnxruntime-node').then((m) => ((m as { default?: Ort }).default?.InferenceSession ? (m as { default: Ort }).default : m) as Ort)
    .catch((err: unknown) => {
      ortPromise = null;
      throw new VisionModelUnavailableError(`onnxruntime-node is not installed (${(err as Error).message}); run npm install in server/`);
    });
  return ortPromise;
}

export interface Backbone {
  /** Runs the network on one NCHW batch (handed over: not to be used afterwards); the named outputs' data. */
  run(input: Float32Array, dims: number[], outputs: readonly string[]): Promise<Record<string, Float32Array>>;
  inputName: string;
  outputName: string;
  outputNames: readonly string[];
  /** Where it runs: its own worker thread, or the calling thread when a worker could not start. */
  where: 'worker' | 'main';
}

/**
 * Opens an ONNX file with one intra-op thread (photos are analysed in parallel already, one per core), on a worker
 * thread of its own so each run leaves the event loop free for requests; on the calling thread with `thread: false`,
 * or when the worker cannot start.
 */
export async function openBackbone(file = join(SHIPPED_MODELS_DIR, BACKBONE_FILE), opts: { thread?: boolean } = {}): Promise<Backbone> {
  if (!existsSync(file)) throw new VisionModelUnavailableError(`model file missing: ${file} (run npm run train:classifier)`);
  if (opts.thread !== false) {
    const opened = await BackboneThread.open(file).catch(() => null);
    if (opened) {
      const { thread, names } = opened;
      return { run: (input, dims, outputs) => thread.run(input, dims, outputs), inputName: names.inputNames[0], outputName: names.outputNames[0], outputNames: names.outputNames, where: 'worker' };
    }
  }
  const ort = await loadOrt();
  const session: Session = await ort.InferenceSession.create(file, { intraOpNumThreads: 1, interOpNumThreads: 1, graphOptimizationLevel: 'all' });
  const inputName = session.inputNames[0];
  return {
    run: async (input, dims, outputs) => {
      const res = await session.run({ [inputName]: new ort.Tensor('float32', input, dims) }, [...outputs]);
      return Object.fromEntries(outputs.map((name) => [name, res[name].data as Float32Array]));
    },
    inputName, outputName: session.outputNames[0], outputNames: session.outputNames, where: 'main',
  };
}

/** Brings a photo to the backbone's scale (short side 192, aspect kept, long side bounded) from the raw buffer. */
export async function toBackboneSize(photo: DecodedPhoto): Promise<DecodedPhoto> {
  const short = Math.min(photo.width, photo.height);
  const scale = BACKBONE_SHORT_SIDE / short;
  let w = Math.round(photo.width * scale), h = Math.round(photo.height * scale);
  if (Math.max(w, h) > MAX_LONG_SIDE) { const k = MAX_LONG_SIDE / Math.max(w, h); w = Math.round(w * k); h = Math.round(h * k); }
  if (w === photo.width && h === photo.height) return photo;
  const { data, info } = await sharp(photo.rgb, { raw: { width: photo.width, height: photo.height, channels: 3 } })
    .resize(w, h, { fit: 'fill' }).raw().toBuffer({ resolveWithObject: true });
  return { rgb: data, width: info.width, height: info.height };
}

/** NCHW float in [-1, 1] (Keras MobileNetV2 preprocessing), optionally mirrored left-right. */
export function toNchw(photo: DecodedPhoto, mirror = false): Float32Array {
  const { width: w, height: h, rgb } = photo;
  const out = new Float32Array(3 * w * h);
  const plane = w * h;
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const sx = mirror ? w - 1 - x : x;
      const i = (y * w + sx) * 3, o = y * w + x;
      out[o] = rgb[i] / 127.5 - 1;
      out[plane + o] = rgb[i + 1] / 127.5 - 1;
      out[2 * plane + o] = rgb[i + 2] / 127.5 - 1;
    }
  }
  return out;
}

/** Pooled outputs of a photo already at backbone size, one array per name; with `mirror`, the mean of the photo and its mirror. */
export async function backboneOutputs(bb: Backbone, photo: DecodedPhoto, mirror = false, outputs: readonly string[] = bb.outputNames): Promise<Float32Array[]> {
  const views = mirror ? [false, true] : [false];
  const batch = new Float32Array(views.length * 3 * photo.width * photo.height);
  views.forEach((m, i) => batch.set(toNchw(photo, m), i * 3 * photo.width * photo.height));
  const res = await bb.run(batch, [views.length, 3, photo.height, photo.width], outputs);
  return outputs.map((name) => {
    const data = res[name];
    const dim = data.length / views.length;
    const out = new Float32Array(dim);
    for (let v = 0; v < views.length; v++) for (let j = 0; j < dim; j++) out[j] += data[v * dim + j] / views.length;
    return out;
  });
}

/** The last layer's pooled features alone (what the bulk grouping's embedding is calibrated on). */
export async function backboneFeatures(bb: Backbone, photo: DecodedPhoto, mirror: boolean): Promise<Float32Array> {
  return (await backboneOutputs(bb, photo, mirror, [bb.outputName]))[0];
}
