import sharp from 'sharp';
import { backgroundMask, type MaskRefusal, replaceBackground } from './background-mask.ts';
import { colourPlan } from './colour-plan.ts';
import { frameSize, type EditParams } from './edit-params.ts';
import { watermarkOverlay, type WatermarkSettings } from './watermark.ts';

// Original + parameters → pixels, in three short passes: (A) decode at the smallest JPEG shrink that still gives the
// crop enough pixels, quarter turns; (B) flips, straightening, crop and resize to the asked size; (C) light and
// colour as one per-channel linear map (plus saturation), then the background and the stamp. Every pass after A
// works on at most the output size, which is why a 12 MP original renders to 1,600 px in tens of milliseconds.
export interface RenderSource { path: string; width: number; height: number; jpeg: boolean }
export interface RenderOptions { longSide: number; format: 'jpeg' | 'webp'; watermark?: WatermarkSettings | null }
export interface Rendered {
  data: Buffer;
  width: number;
  height: number;
  /** Set when a background was asked for and the photo was left as it is, with why. */
  background_skipped?: MaskRefusal;
}

const BACKGROUND_COLOURS = { white: [255, 255, 255], neutral: [236, 234, 230] } as const;
const JPEG = { quality: 85, chromaSubsampling: '4:2:0' } as const;
const WEBP = { quality: 72, effort: 1 } as const;

export async function renderEdit(src: RenderSource, p: EditParams, opts: RenderOptions): Promise<Rendered> {
  const frame = frameSize(src, p.rotate);
  const theta = (Math.abs(p.straighten) * Math.PI) / 180;
  // Largest centred rectangle of the frame's ratio inside the straightened frame (no empty corners).
  const k = Math.min(frame.width / (frame.width * Math.cos(theta) + frame.height * Math.sin(theta)),
    frame.height / (frame.width * Math.sin(theta) + frame.height * Math.cos(theta)));
  const crop = p.crop ?? { x: 0, y: 0, width: 1, height: 1 };
  const regionLong = Math.max(crop.width * k * frame.width, crop.height * k * frame.height);
  const shrink = src.jpeg ? [8, 4, 2].find((f) => regionLong / f >= opts.longSide) ?? 1 : 1;

  // (A) decode (shrunk on load) and quarter turns.
  const a = await sharp(shrink > 1 ? `${src.path}[shrink=${shrink}]` : src.path, { failOn: 'truncated' })
    .rotate(p.rotate).removeAlpha().toColourspace('srgb').raw().toBuffer({ resolveWithObject: true });
  const W = a.info.width, H = a.info.height;

  // (B) flips, straightening, crop, resize.
  let b = sharp(a.data, { raw: { width: W, height: H, channels: 3 } });
  if (p.flip_h) b = b.flop();
  if (p.flip_v) b = b.flip();
  let outerW = W, outerH = H;
  if (p.straighten !== 0) {
    b = b.rotate(p.straighten, { background: '#ffffff' });
    outerW = Math.round(W * Math.cos(theta) + H * Math.sin(theta));
    outerH = Math.round(W * Math.sin(theta) + H * Math.cos(theta));
  }
  const innerW = W * k, innerH = H * k;
  const left = Math.max(0, Math.round((outerW - innerW) / 2 + crop.x * innerW));
  const top = Math.max(0, Math.round((outerH - innerH) / 2 + crop.y * innerH));
  const width = Math.max(1, Math.min(outerW - left, Math.round(crop.width * innerW)));
  const height = Math.max(1, Math.min(outerH - top, Math.round(crop.height * innerH)));
  if (left !== 0 || top !== 0 || width !== outerW || height !== outerH) b = b.extract({ left, top, width, height });
  const sized = await b.resize(opts.longSide, opts.longSide, { fit: 'inside', withoutEnlargement: true })
    .raw().toBuffer({ resolveWithObject: true });
  const w = sized.info.width, h = sized.info.height;

  // (C) light and colour, background, stamp.
  const plan = colourPlan(sized.data, p);
  let pixels = sized.data;
  if (!plan.identity) {
    let c = sharp(pixels, { raw: { width: w, height: h, channels: 3 } }).linear(plan.a, plan.b);
    if (plan.saturation !== 1) c = c.modulate({ saturation: plan.saturation });
    pixels = await c.raw().toBuffer();
  }
  let skipped: MaskRefusal | undefined;
  if (p.background !== 'none') {
    const mask = backgroundMask(pixels, w, h);
    if (mask.ok) replaceBackground(pixels, mask.alpha, [...BACKGROUND_COLOURS[p.background]]);
    else skipped = mask.reason;
  }
  let out = sharp(pixels, { raw: { width: w, height: h, channels: 3 } });
  const stamp = opts.watermark ? watermarkOverlay(opts.watermark, w, h) : null;
  if (stamp) out = out.composite([stamp]);
  const data = opts.format === 'jpeg' ? await out.jpeg(JPEG).toBuffer() : await out.webp(WEBP).toBuffer();
  return { data, width: w, height: h, ...(skipped ? { background_skipped: skipped } : {}) };
}
