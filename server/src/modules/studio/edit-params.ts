import { createHash } from 'node:crypto';
import { z } from 'zod';
import { badRequest } from '../../platform/errors.ts';

// An edit is a handful of parameters laid over the untouched original, never new pixels: the derivatives are
// rendered from original + parameters (edit-render.ts), so "reset" is deleting the parameters. Numbers are checked
// here rather than by the schema so each refusal has its own stable code a client can act on.
export const ASPECTS = ['free', '1:1', '4:5', '3:4'] as const;
export const BACKGROUNDS = ['none', 'white', 'neutral'] as const;
export const STRAIGHTEN_MAX = 15; // degrees; beyond that it is a rotation, not a straightening
const SLIDER = 100;
const CROP_MIN = 0.05; // a crop narrower than 5 % of the frame is a slip of the mouse
const ASPECT_TOLERANCE = 0.02;

export const CropSchema = z.object({
  x: z.number().describe('Left edge, fraction 0–1 of the frame width (after rotation and straightening)'),
  y: z.number().describe('Top edge, fraction 0–1 of the frame height'),
  width: z.number().describe('Fraction 0–1 of the frame width'),
  height: z.number().describe('Fraction 0–1 of the frame height'),
}).strict();

export const EditParamsSchema = z.object({
  rotate: z.number().optional().describe('Quarter turns clockwise, in degrees: 0, 90, 180 or 270 (−90 is read as 270)'),
  straighten: z.number().optional().describe(`Small-angle straightening in degrees, −${STRAIGHTEN_MAX} to ${STRAIGHTEN_MAX}; the frame is cropped to hide the corners`),
  flip_h: z.boolean().optional(),
  flip_v: z.boolean().optional(),
  crop: CropSchema.nullable().optional(),
  aspect: z.enum(ASPECTS).optional().describe('Ratio the crop keeps (width:height, checked against the crop in pixels)'),
  brightness: z.number().optional().describe('−100 to 100'),
  contrast: z.number().optional().describe('−100 to 100'),
  saturation: z.number().optional().describe('−100 to 100'),
  warmth: z.number().optional().describe('White balance, −100 (cooler) to 100 (warmer)'),
  tint: z.number().optional().describe('White balance, −100 (greener) to 100 (more magenta)'),
  auto: z.boolean().optional().describe('Fix exposure and colour cast from the photo itself'),
  background: z.enum(BACKGROUNDS).optional().describe('Replace the background behind the garment: white ("fond blanc") or a light neutral grey ("fond neutre")'),
// Strict: a misspelt or unknown setting ("exposure") is a 400 naming it, not a 200 that silently changed nothing.
}).strict();
export type EditInput = z.infer<typeof EditParamsSchema>;

export interface Crop { x: number; y: number; width: number; height: number }
export interface EditParams {
  rotate: 0 | 90 | 180 | 270;
  straighten: number;
  flip_h: boolean;
  flip_v: boolean;
  crop: Crop | null;
  aspect: (typeof ASPECTS)[number];
  brightness: number;
  contrast: number;
  saturation: number;
  warmth: number;
  tint: number;
  auto: boolean;
  background: (typeof BACKGROUNDS)[number];
}

export const NO_EDIT: EditParams = {
  rotate: 0, straighten: 0, flip_h: false, flip_v: false, crop: null, aspect: 'free',
  brightness: 0, contrast: 0, saturation: 0, warmth: 0, tint: 0, auto: false, background: 'none',
};

/** Size of the frame the crop refers to: the photo after its quarter turns (straightening keeps the ratio). */
export function frameSize(photo: { width: number; height: number }, rotate: number): { width: number; height: number } {
  return rotate % 180 === 0 ? { width: photo.width, height: photo.height } : { width: photo.height, height: photo.width };
}

/**
 * Checks an edit against the photo it is for and fills the defaults: 400 `edit_angle_invalid` for a rotation that
 * is not a quarter turn or a straightening past ±15°, `edit_crop_outside_photo` for a crop leaving the frame,
 * `edit_crop_aspect_mismatch` for a crop that does not have the ratio it claims, `edit_value_out_of_range` for a
 * slider past ±100.
 */
export function normaliseEdit(input: EditInput, photo: { width: number; height: number }): EditParams {
  const p: EditParams = { ...NO_EDIT, ...stripUndefined(input) } as EditParams;
  const turn = input.rotate ?? 0;
  if (!Number.isFinite(turn) || turn % 90 !== 0 || Math.abs(turn) > 270) {
    throw badRequest('edit_angle_invalid', `A rotation is 0, 90, 180 or 270 degrees, not ${turn}`, { field: 'rotate', value: turn });
  }
  p.rotate = (((turn % 360) + 360) % 360) as EditParams['rotate'];
  if (!Number.isFinite(p.straighten) || Math.abs(p.straighten) > STRAIGHTEN_MAX) {
    throw badRequest('edit_angle_invalid', `Straightening is at most ${STRAIGHTEN_MAX} degrees either way, not ${p.straighten}`, { field: 'straighten', value: p.straighten, max: STRAIGHTEN_MAX });
  }
  p.straighten = round(p.straighten, 2);
  for (const k of ['brightness', 'contrast', 'saturation', 'warmth', 'tint'] as const) {
    if (!Number.isFinite(p[k]) || Math.abs(p[k]) > SLIDER) throw badRequest('edit_value_out_of_range', `${k} goes from −${SLIDER} to ${SLIDER}, not ${p[k]}`, { field: k, value: p[k], min: -SLIDER, max: SLIDER });
    p[k] = Math.round(p[k]);
  }
  if (p.crop) p.crop = checkCrop(p.crop, p.aspect, frameSize(photo, p.rotate));
  else if (p.aspect !== 'free') p.crop = centredCrop(p.aspect, frameSize(photo, p.rotate));
  return p;
}

/** The largest centred crop of `aspect` (what a batch "4:5" gives each photo, whatever its own shape). */
export function centredCrop(aspect: Exclude<EditParams['aspect'], 'free'>, frame: { width: number; height: number }): Crop {
  const [w, h] = aspect.split(':').map(Number);
  const want = w / h, have = frame.width / frame.height;
  const width = want < have ? want / have : 1;
  const height = want < have ? 1 : have / want;
  return { x: round((1 - width) / 2, 5), y: round((1 - height) / 2, 5), width: round(width, 5), height: round(height, 5) };
}

function checkCrop(c: Crop, aspect: EditParams['aspect'], frame: { width: number; height: number }): Crop {
  const crop = { x: round(c.x, 5), y: round(c.y, 5), width: round(c.width, 5), height: round(c.height, 5) };
  const inside = [crop.x, crop.y, crop.width, crop.height].every(Number.isFinite)
    && crop.x >= 0 && crop.y >= 0 && crop.width >= CROP_MIN && crop.height >= CROP_MIN
    && crop.x + crop.width <= 1 + 1e-4 && crop.y + crop.height <= 1 + 1e-4;
  if (!inside) {
    throw badRequest('edit_crop_outside_photo', `The crop must lie inside the photo (fractions 0–1, at least ${CROP_MIN * 100} % wide and high)`, { crop: c });
  }
  crop.width = Math.min(crop.width, 1 - crop.x);
  crop.height = Math.min(crop.height, 1 - crop.y);
  if (aspect !== 'free') {
    const [w, h] = aspect.split(':').map(Number);
    const ratio = (crop.width * frame.width) / (crop.height * frame.height);
    if (Math.abs(ratio / (w / h) - 1) > ASPECT_TOLERANCE) {
      throw badRequest('edit_crop_aspect_mismatch', `The crop is ${ratio.toFixed(3)} wide for 1 high, not ${aspect}`, { aspect, ratio: round(ratio, 4) });
    }
  }
  return crop;
}

/** True when the parameters change nothing (the derivatives are the original's). */
export function isNoEdit(p: EditParams): boolean {
  return canonical(p) === canonical(NO_EDIT);
}

/** The parameters as one JSON text with a fixed key order: equal edits give equal texts and equal cache keys. */
export function canonical(p: EditParams): string {
  const keys = Object.keys(NO_EDIT) as (keyof EditParams)[];
  return JSON.stringify(keys.map((k) => [k, k === 'crop' && p.crop ? [p.crop.x, p.crop.y, p.crop.width, p.crop.height] : p[k]]));
}

export function paramsKey(p: EditParams): string {
  return createHash('sha256').update(canonical(p)).digest('hex');
}

const round = (v: number, digits: number) => Math.round(v * 10 ** digits) / 10 ** digits;

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
