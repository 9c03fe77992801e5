import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { ErrorResponseSchema } from '../../platform/http/openapi-shared.ts';
import { newId } from '../../platform/time.ts';
import type { BulkModuleServices } from './bulk-services.ts';
import { AnalyzeAnswerSchema, GenerateAnswerSchema, GenerateRequestSchema, JobAliasSchema, JobParamSchema } from './bulk.schemas.ts';

// The later seed's names for the same work, kept as aliases.
const tags = ['bulk'];
const errors = { 400: ErrorResponseSchema, 404: ErrorResponseSchema, 409: ErrorResponseSchema, 413: ErrorResponseSchema, 415: ErrorResponseSchema };

export function bulkAliasRoutes(app: FastifyInstance, b: BulkModuleServices) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.post('/bulk/photos/analyze', {
    schema: {
      tags, summary: 'Alias of POST /bulk/ingest/photos that also plans with the defaults',
      description: 'Same multipart intake. The answer carries the id of the plan the job makes with the default templates once it completes; '
        + '`estimated_items` is a first guess (about 4 photos per garment) until the groups exist.',
      consumes: ['multipart/form-data'],
      response: { 200: AnalyzeAnswerSchema, ...errors },
    },
  }, async (req) => {
    const planId = newId();
    const res = await b.intake.fromMultipart(req, { auto_plan_id: planId });
    const photos = res.files - res.rejected.length;
    return { job_id: res.job_id, plan_id: planId, estimated_items: Math.max(photos > 0 ? 1 : 0, Math.round(photos / 4)), status: 'processing' as const };
  });

  r.get('/bulk/jobs/:id', {
    schema: { tags, summary: 'A bulk job in the later seed\'s shape', params: JobParamSchema, response: { 200: JobAliasSchema, ...errors } },
  }, async (req) => {
    const { job, run, status } = await b.status.job(req.params.id);
    const p = await b.status.progress(job, run);
    return {
      job_id: job.id, status, progress: status === 'completed' ? 100 : Math.min(99, p.percent), total_photos: p.total,
      processed_photos: Math.min(p.total, p.scanned + p.errors), estimated_items: p.clusters || Math.round((p.total - p.errors) / 4),
    };
  });

  r.post('/bulk/generate', {
    schema: {
      tags, summary: 'Create the drafts of a plan (no publication)',
      description: 'A real (not dry) run of POST /bulk/listings/execute with publication left off. A group drafted before is counted in draft_ids, not drafted twice.',
      body: GenerateRequestSchema, response: { 200: GenerateAnswerSchema, ...errors },
    },
  }, async (req) => {
    const res = await b.execute.execute({ plan_id: req.body.plan_id, dry_run: false, noPublish: true });
    const created = res.results.filter((x) => x.ok && x.item_id && !x.duplicate).length;
    const failed = res.results.filter((x) => !x.ok).length;
    return { ok: failed === 0, drafts_created: created, drafts_failed: failed, draft_ids: res.results.flatMap((x) => (x.item_id ? [x.item_id] : [])) };
  });
}
