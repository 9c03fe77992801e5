import { z } from 'zod';
import { ASPECTS, BACKGROUNDS, CropSchema, EditParamsSchema } from './edit-params.ts';
import { BATCH_ITEMS_MAX } from './studio-batch.ts';

export { EditParamsSchema };
export const ItemPhotoParams = z.object({ id: z.uuid(), photoId: z.uuid() });
export const ItemParams = z.object({ id: z.uuid() });
export const JobParams = z.object({ id: z.uuid() });

const FullParamsSchema = z.object({
  rotate: z.number(), straighten: z.number(), flip_h: z.boolean(), flip_v: z.boolean(), crop: CropSchema.nullable(),
  aspect: z.enum(ASPECTS), brightness: z.number(), contrast: z.number(), saturation: z.number(), warmth: z.number(), tint: z.number(),
  auto: z.boolean(), background: z.enum(BACKGROUNDS),
}).meta({ id: 'PhotoEditParams' });

export const PhotoEditSchema = z.object({
  item_id: z.string(),
  photo_id: z.string(),
  edited: z.boolean().describe('False: the photo is shown as sent'),
  params: FullParamsSchema,
  updated_at: z.string().nullable(),
  background_skipped: z.string().nullable().describe('Why the background was left as it is (background_not_found, garment_like_background, garment_too_small, garment_fills_frame, background_too_busy, garment_off_frame, garment_near_background)'),
  url: z.string().describe('The edited 1,600 px preview (what the listing and Vinted get)'),
  thumb_url: z.string(),
  original_url: z.string().describe('The photo as sent'),
});

export const BatchBodySchema = z.object({
  item_ids: z.array(z.uuid()).min(1).max(BATCH_ITEMS_MAX).describe('The items whose photos get the edit'),
  photo_ids: z.array(z.uuid()).max(10_000).optional().describe('Only these photos of those items (default: all their photos)'),
  edit: EditParamsSchema.default({}).describe('The edit; a ratio without a crop gives each photo its largest centred crop of that ratio'),
  reset: z.boolean().optional().describe('True: back to the original for every photo instead'),
});

export const BatchResultSchema = z.object({
  item_id: z.string(), photo_id: z.string().nullable(), ok: z.boolean(),
  error: z.object({ code: z.string(), message: z.string() }).optional(),
  background_skipped: z.string().nullable().optional(),
});

export const BatchStatusSchema = z.object({
  job_id: z.string(),
  state: z.string(),
  total: z.number().nullable(),
  done: z.number(),
  failed: z.number(),
  results: z.array(BatchResultSchema).nullable().describe('One per photo once the batch is over'),
  error: z.string().nullable(),
});
