import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { ErrorResponseSchema } from '../../platform/http/openapi-shared.ts';
import { badRequest } from '../../platform/errors.ts';
import { newId } from '../../platform/time.ts';
import type { BulkModuleServices } from './bulk-services.ts';
import { parseStyle, STYLE_WORDS } from './writer-style.ts';
import { AnalyzeAnswerSchema, GenerateAnswerSchema, GenerateRequestSchema, JobAliasSchema, JobParamSchema } from './bulk.schemas.ts';

// The later seed's names for the same work, kept as aliases.
const tags = ['bulk'];
const errors = { 400: ErrorResponseSchema, 404: ErrorResponseSchema, 409: ErrorResponseSchema, 413: ErrorResponseSchema, 415: ErrorResponseSchema };

export function bulkAliasRoutes(app: FastifyInstance, b: BulkModuleServices) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.post('/bulk/photos/analyze', {
    // Its answers say what remains of these quotas (accounts mode, modules/quotas).
    config: { quota: ['analyses', 'storage_bytes'] },
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

  // The later seed's two names for "create the plan's drafts".
  for (const path of ['/bulk/generate', '/bulk/generate-drafts']) r.post(path, {
    // Its answers say what remains of these quotas (accounts mode, modules/quotas).
    config: { quota: ['listings', 'analyses'] },
    schema: {
      tags, summary: path === '/bulk/generate' ? 'Create the drafts of a plan (no publication)' : 'Alias of POST /bulk/generate',
      description: 'POST /bulk/listings/execute in drafts-only mode (nothing sent to Vinted). Without `plan_id`, the latest plan of your latest finished job. '
        + 'A group drafted before is counted in draft_ids, not drafted twice. `style`: minimal (the plan\'s short template) or a tone of the listing writer '
        + '(pro, amical, fluide; friendly, casual, detailed… map to them) to rewrite title and description, except those the seller wrote. `skip_validation`: '
        + 'false (default) lists the drafts that do not pass the quality gates (`not_ready`, they are not flagged ready); true creates them without that report.',
      body: GenerateRequestSchema, response: { 200: GenerateAnswerSchema, ...errors },
    },
  }, async (req) => {
    const style = req.body.style === undefined ? undefined : parseStyle(req.body.style);
    if (style === null) throw badRequest('unknown_style', `Unknown style "${req.body.style}": use minimal, pro, amical or fluide`, { styles: STYLE_WORDS });
    const res = await b.execute.execute({ plan_id: req.body.plan_id, dry_run: true, noPublish: true, style });
    const created = res.results.filter((x) => x.ok && x.created).length;
    const failed = res.results.filter((x) => !x.ok).length;
    const drafted = res.results.filter((x) => x.ok && x.item_id);
    const checked = !req.body.skip_validation;
    return {
      ok: failed === 0, drafts_created: created, drafts_failed: failed, draft_ids: drafted.map((x) => x.item_id!), plan_id: res.plan_id, style: style ?? 'minimal',
      validation: checked ? 'checked' as const : 'skipped' as const,
      ready: drafted.filter((x) => x.ready).length,
      ...(checked ? { not_ready: drafted.filter((x) => x.ready === false).map((x) => ({ item_id: x.item_id!, cluster_id: x.cluster_id, missing_fields: x.missing_fields })) } : {}),
      possible_duplicates: drafted.filter((x) => x.possible_duplicate).length,
    };
  });
}
