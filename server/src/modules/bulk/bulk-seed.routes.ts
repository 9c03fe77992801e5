import fs from 'node:fs';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { notFound } from '../../platform/errors.ts';
import { ErrorResponseSchema } from '../../platform/http/openapi-shared.ts';
import { latestFinishedJob } from './bulk-latest.ts';
import type { BulkModuleServices } from './bulk-services.ts';
import { ClusterSchema, IntakeAnswerSchema, StatusSchema } from './bulk.schemas.ts';

// The later seed's remaining bulk routes, on our services: the upload under its name, the groups and the set-aside
// duplicates of a job (the latest finished one when none is named), a set-aside photo brought back, and a job's
// photos under their upload names (/temp_photos/{job_id}/{file}).
const tags = ['bulk'];
const errors = { 400: ErrorResponseSchema, 404: ErrorResponseSchema, 409: ErrorResponseSchema, 413: ErrorResponseSchema, 415: ErrorResponseSchema };
const PhotoView = z.object({ id: z.string(), filename: z.string(), url: z.string(), thumb_url: z.string(), close_up: z.boolean() });
const DuplicatesAnswer = z.object({
  ok: z.literal(true), job_id: z.string(), count: z.number(),
  duplicates: z.array(z.object({
    photo: PhotoView, kind: z.string().nullable().describe('exact (same file), near (near-identical shot) or in_stock (a stock item shows it)'), message: z.string().nullable(),
    kept: z.object({ id: z.string(), filename: z.string(), cluster_id: z.string().nullable() }).nullable().describe('The twin kept in the groups'),
    in_stock_item_id: z.string().nullable().describe('For in_stock: the item that already shows this photo'),
  })),
});
const jobQuery = z.object({ job: z.string().min(1).max(80).optional().describe('The bulk job; without it, your latest finished job') });

export function bulkSeedRoutes(app: FastifyInstance, b: BulkModuleServices) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const jobOf = async (given?: string) => given ?? (await latestFinishedJob(b.repo, b.status));

  r.post('/bulk/photos/upload', {
    // Its answers say what remains of these quotas (accounts mode, modules/quotas).
    config: { quota: ['storage_bytes'] },
    schema: {
      tags, summary: 'Alias of POST /bulk/ingest/photos (the later seed\'s name)',
      description: 'The same multipart intake (1 to BULK_MAX_FILES image parts); the job then runs in the background (GET /bulk/status?job=…).',
      consumes: ['multipart/form-data'],
      response: { 200: IntakeAnswerSchema.extend({ status: z.literal('processing'), estimated_items: z.number() }), ...errors },
    },
  }, async (req) => {
    const res = await b.intake.fromMultipart(req, {});
    const photos = res.files - res.rejected.length;
    return { ok: true as const, ...res, status: 'processing' as const, estimated_items: Math.max(photos > 0 ? 1 : 0, Math.round(photos / 4)) };
  });

  r.post('/bulk/cluster', {
    schema: {
      tags, summary: 'The groups (one per garment) of a bulk job',
      description: 'The grouping runs as part of the job (scan, duplicates, analysis, grouping): this answers its groups, as GET /bulk/status does. '
        + 'Without `job_id`, your latest finished job. While the job runs, `status` is processing and the groups are those made so far.',
      body: z.object({ job_id: z.string().min(1).max(80).optional() }).strict().optional(),
      response: { 200: z.object({ ok: z.literal(true), job_id: z.string(), status: StatusSchema.shape.status, total_clusters: z.number(), clusters: z.array(ClusterSchema) }), ...errors },
    },
  }, async (req) => {
    const s = await b.status.status(await jobOf(req.body?.job_id));
    return { ok: true as const, job_id: s.job_id, status: s.status, total_clusters: s.clusters.length, clusters: s.clusters };
  });

  r.get('/bulk/duplicates', {
    schema: {
      tags, summary: 'The photos a bulk job set aside as duplicates, with their twin or the stock item that shows them',
      description: 'Identical files and near-identical shots anywhere in the batch (one is kept in the groups), and photos an active stock item already shows. '
        + 'Bring one back with POST /bulk/jobs/{id}/duplicates/{photo_id}/keep.',
      querystring: jobQuery, response: { 200: DuplicatesAnswer, ...errors },
    },
  }, async (req) => b.keep.list(await jobOf(req.query.job)));

  r.post('/bulk/jobs/:id/duplicates/:photo_id/keep', {
    schema: {
      tags, summary: 'Bring back a photo set aside as a duplicate',
      description: 'The photo joins a group like any other: `to` a group id, or "new" for a group of its own; by default the group of the twin it was set '
        + 'aside for (a photo matched to the stock starts its own group). The group is measured again. The job must be completed.',
      params: z.object({ id: z.string().min(1).max(80), photo_id: z.string().min(1).max(80) }),
      body: z.object({ to: z.union([z.string().regex(/^c\d{1,6}$/, 'a group id such as c3'), z.literal('new')]).optional() }).strict().optional(),
      response: { 200: z.object({ ok: z.literal(true), job_id: z.string(), photo_id: z.string(), cluster: ClusterSchema }), ...errors },
    },
  }, async (req) => b.keep.keep(req.params.id, req.params.photo_id, req.body?.to));

  r.get('/temp_photos/:job_id/*', {
    schema: {
      tags, summary: 'A bulk job\'s photo under its upload name (the later seed\'s temp_photos), as a 1600 px JPEG',
      description: 'The name as uploaded, folders of a ZIP included (/temp_photos/{job_id}/shoot/IMG_0412.HEIC). The photo is served as the JPEG the app shows.',
      params: z.object({ job_id: z.string().min(1).max(80), '*': z.string().min(1).max(1000) }), response: { 404: ErrorResponseSchema },
    },
  }, async (req, reply) => {
    const jobId = req.params.job_id;
    await b.status.job(jobId);
    const name = req.params['*'];
    const photo = (await b.repo.photos(jobId)).find((p) => p.filename === name);
    if (!photo || photo.state === 'failed') throw notFound('photo_not_found', `No photo named ${name.slice(0, 200)} in this job`);
    const file = await b.files.preview(jobId, photo.id);
    const st = await fs.promises.stat(file);
    reply.type('image/jpeg').header('content-length', st.size).header('cache-control', 'private, max-age=3600').header('x-content-type-options', 'nosniff');
    return reply.send(fs.createReadStream(file) as never);
  });
}
