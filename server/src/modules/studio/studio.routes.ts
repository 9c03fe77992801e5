import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { JsonSetting } from '../../platform/settings/json-setting.ts';
import { ErrorResponseSchema } from '../../platform/http/openapi-shared.ts';
import type { StudioBatches } from './studio-batch.ts';
import { BatchBodySchema, BatchStatusSchema, EditParamsSchema, ItemParams, ItemPhotoParams, JobParams, PhotoEditSchema } from './studio.schemas.ts';
import type { StudioService } from './studio.service.ts';
import { type WatermarkSettings, WatermarkSchema } from './watermark.ts';

const E = ErrorResponseSchema;
const tags = ['studio'];

export function studioRoutes(app: FastifyInstance, studio: StudioService, batches: StudioBatches, watermark: JsonSetting<WatermarkSettings>) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get('/listings/:id/photo-edits', {
    schema: { tags, summary: "The studio's edit of each photo of an item, in display order", params: ItemParams, response: { 200: z.object({ photos: z.array(PhotoEditSchema) }), 404: E } },
  }, async (req) => ({ photos: await studio.editsOfItem(req.params.id) }));
  r.get('/listings/:id/photos/:photoId/edit', {
    schema: { tags, summary: "One photo's edit", params: ItemPhotoParams, response: { 200: PhotoEditSchema, 404: E } },
  }, async (req) => studio.get(req.params.id, req.params.photoId));
  r.put('/listings/:id/photos/:photoId/edit', {
    schema: {
      tags, summary: 'Edit a photo of an item (non-destructive)', params: ItemPhotoParams, body: EditParamsSchema,
      description: 'Stores the edit as parameters; the original is kept and `?original=1` still serves it. The preview, thumbnail and the photo sent '
        + 'to Vinted are rendered from original + parameters and cached. 400 `edit_angle_invalid` (rotation not a quarter turn, straightening past ±15°), '
        + '`edit_crop_outside_photo`, `edit_crop_aspect_mismatch`, `edit_value_out_of_range`; 404 `photo_not_on_item` for a photo of another item. '
        + 'A background that cannot be cleaned safely is left as it is and `background_skipped` says why.',
      response: { 200: PhotoEditSchema, 400: E, 404: E },
    },
  }, async (req) => studio.set(req.params.id, req.params.photoId, req.body));
  r.delete('/listings/:id/photos/:photoId/edit', {
    schema: { tags, summary: 'Reset a photo to the original', params: ItemPhotoParams, response: { 200: PhotoEditSchema, 404: E } },
  }, async (req) => studio.reset(req.params.id, req.params.photoId));
  r.post('/studio/batches', {
    schema: {
      tags, summary: 'Apply one edit to all photos of several items (a job with progress)', body: BatchBodySchema,
      description: 'Answers 202 with the job id; GET /studio/batches/{id} gives progress and, once over, one result per photo (`{item_id, photo_id, ok, error?}`).',
      response: { 202: z.object({ job_id: z.string(), state: z.string() }), 400: E },
    },
  }, async (req, reply) => reply.code(202).send(await batches.start(req.body)));
  r.get('/studio/batches/:id', {
    schema: { tags, summary: 'Progress and results of a photo batch', params: JobParams, response: { 200: BatchStatusSchema, 404: E } },
  }, async (req) => batches.get(req.params.id));
  r.get('/settings/watermark', { schema: { tags, summary: 'The shop stamp laid on photos sent to Vinted and exported (off by default)', response: { 200: WatermarkSchema } } },
    async () => watermark.get());
  r.put('/settings/watermark', {
    schema: { tags, summary: 'Set the shop stamp (text up to 40 characters, position, opacity 0.05–1)', body: WatermarkSchema.partial().strict(), response: { 200: WatermarkSchema, 400: E } },
  }, async (req) => watermark.update(req.body));
}
