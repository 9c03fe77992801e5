import sharp from 'sharp';
import { backgroundMask, type MaskRefusal, replaceBackground } from './background-mask.ts';
import { colourPlan, saturationMatrix } from './colour-plan.ts';
import type { Crop, EditParams } from './edit-params.ts';
import { watermarkOverlay, type WatermarkSettings } from './watermark.ts';

// Original + parameters → pixels in two passes, with the big image touched once:
// (1) decode at the smallest JPEG shrink that still gives the crop enough pixels, straighten, crop, resize — all in
//     the original's own orientation, so no full-size rotation is ever made;
// (2) on the small result: quarter turns, flips, light and colour (a per-channel linear map and a saturation
//     matrix, both cheap), then the background and the stamp, and the encode.
// The seller's crop is given on the frame they see (after turns and flips); it is mapped back to the original here.
// Quarter turns and straightening commute (both rotate about the centre); a mirror reverses the straightening.
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

/** The frame rectangle (fractions, as the seller sees it) in the original's orientation. */
export function cropInSource(c: Crop, rotate: EditParams['rotate'], flipH: boolean, flipV: boolean): Crop {
  let { x, y } = c;
  const { width: w, height: h } = c;
  if (flipH) x = 1 - x - w;
  if (flipV) y = 1 - y - h;
  if (rotate === 90) return { x: y, y: 1 - x - w, width: h, height: w };
  if (rotate === 180) return { x: 1 - x - w, y: 1 - y - h, width: w, height: h };
  if (rotate === 270) return { x: 1 - y - h, y: x, width: h, height: w };
  return { x, y, width: w, height: h };
}

export async function renderEdit(src: RenderSource, p: EditParams, opts: RenderOptions): Promise<Rendered> {
  const theta = (Math.abs(p.straighten) * Math.PI) / 180;
  const W0 = src.width, H0 = src.height;
  // Largest centred rectangle of the photo's ratio inside the straightened photo (no empty corners).
  const k = Math.min(W0 / (W0 * Math.cos(theta) + H0 * Math.sin(theta)), H0 / (W0 * Math.sin(theta) + H0 * Math.cos(theta)));
  const crop = cropInSource(p.crop ?? { x: 0, y: 0, width: 1, height: 1 }, p.rotate, p.flip_h, p.flip_v);
  const regionLong = Math.max(crop.width * k * W0, crop.height * k * H0);
  const shrink = src.jpeg ? [8, 4, 2].find((f) => regionLong / f >= opts.longSide) ?? 1 : 1;

  // (1) decode (shrunk on load), straighten, crop, resize.
  let first = sharp(shrink > 1 ? `${src.path}[shrink=${shrink}]` : src.path, { failOn: 'truncated' });
  let W = Math.floor(W0 / shrink), H = Math.floor(H0 / shrink);
  const angle = p.flip_h !== p.flip_v ? -p.straighten : p.straighten;
  // An arbitrary-angle rotation costs per pixel: make it on the photo already brought to the size the crop needs.
  const scale = Math.min(1, opts.longSide / (regionLong / shrink));
  if (angle !== 0 && scale < 0.95) {
    const small = await first.resize(Math.round(W * scale), Math.round(H * scale), { fit: 'fill' }).removeAlpha().toColourspace('srgb')
      .raw().toBuffer({ resolveWithObject: true });
    W = small.info.width;
    H = small.info.height;
    first = sharp(small.data, { raw: { width: W, height: H, channels: 3 } });
  }
  let outerW = W, outerH = H;
  if (angle !== 0) {
    first = first.rotate(angle, { background: '#ffffff' });
    outerW = Math.round(W * Math.cos(theta) + H * Math.sin(theta));
    outerH = Math.round(W * Math.sin(theta) + H * Math.cos(theta));
  }
  // One pixel inside the exact rectangle when straightening: sharp's rotated canvas may round the other way.
  const inset = angle !== 0 ? 1 : 0;
  const innerW = W * k - 2 * inset, innerH = H * k - 2 * inset;
  const left = Math.max(0, Math.ceil((outerW - innerW) / 2 + crop.x * innerW));
  const top = Math.max(0, Math.ceil((outerH - innerH) / 2 + crop.y * innerH));
  const width = Math.max(1, Math.min(outerW - left - inset, Math.floor(crop.width * innerW)));
  const height = Math.max(1, Math.min(outerH - top - inset, Math.floor(crop.height * innerH)));
  if (left !== 0 || top !== 0 || width !== outerW || height !== outerH) first = first.extract({ left, top, width, height });
  const sized = await first.resize(opts.longSide, opts.longSide, { fit: 'inside', withoutEnlargement: true })
    .removeAlpha().toColourspace('srgb').raw().toBuffer({ resolveWithObject: true });

  // (2) turns, flips (a mirror of what the seller sees: the axes swap under a quarter turn, and sharp mirrors
  //     before it turns), light and colour.
  const plan = colourPlan(sized.data, p);
  const quarter = p.rotate === 90 || p.rotate === 270;
  const [mirrorX, mirrorY] = quarter ? [p.flip_v, p.flip_h] : [p.flip_h, p.flip_v];
  let second = sharp(sized.data, { raw: { width: sized.info.width, height: sized.info.height, channels: 3 } });
  if (p.rotate) second = second.rotate(p.rotate);
  if (mirrorX) second = second.flop();
  if (mirrorY) second = second.flip();
  if (plan.saturation !== 1) second = second.recomb(saturationMatrix(plan.saturation));
  if (!plan.identity) second = second.linear(plan.a, plan.b);
  const w = quarter ? sized.info.height : sized.info.width, h = quarter ? sized.info.width : sized.info.height;

  let skipped: MaskRefusal | undefined;
  let out = second;
  if (p.background !== 'none') {
    let pixels: Buffer = await second.raw().toBuffer();
    const mask = backgroundMask(pixels, w, h);
    if (mask.ok) pixels = await replaceBackground(pixels, w, h, mask, [...BACKGROUND_COLOURS[p.background]]);
    else skipped = mask.reason;
    out = sharp(pixels, { raw: { width: w, height: h, channels: 3 } });
  }
  const stamp = opts.watermark ? watermarkOverlay(opts.watermark, w, h) : null;
  if (stamp) out = sharp(await out.raw().toBuffer(), { raw: { width: w, height: h, channels: 3 } }).composite([stamp]);
  const data = opts.format === 'jpeg' ? await out.jpeg(JPEG).toBuffer() : await out.webp(WEBP).toBuffer();
  return { data, width: w, height: h, ...(skipped ? { background_skipped: skipped } : {}) };
}
