import fs from 'node:fs';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Config } from '../../config.ts';
import { ErrorResponseSchema } from '../../platform/http/openapi-shared.ts';
import type { BulkModuleServices } from './bulk-services.ts';
import {
  CancelAnswerSchema, ClusterParamSchema, ExecuteAnswerSchema, ExecuteRequestSchema, IntakeAnswerSchema, JobParamSchema, LogQuerySchema, LogSchema,
  PatchAnswerSchema, PatchClusterSchema, PhotoParamSchema, PlanAnswerSchema, PlanRequestSchema, StatusQuerySchema, StatusSchema,
} from './bulk.schemas.ts';
import { bulkAliasRoutes } from './bulk-alias.routes.ts';
import { latestFinishedJob } from './bulk-latest.ts';
import { bulkSeedRoutes } from './bulk-seed.routes.ts';

const tags = ['bulk'];
const intakeErrors = { 400: ErrorResponseSchema, 413: ErrorResponseSchema, 415: ErrorResponseSchema };
const errors = { 400: ErrorResponseSchema, 404: ErrorResponseSchema, 409: ErrorResponseSchema };

export function bulkRoutes(app: FastifyInstance, b: BulkModuleServices, cfg: Pick<Config, 'BULK_MAX_FILES'>) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.post('/bulk/ingest/photos', {
    // Its answers say what remains of these quotas (accounts mode, modules/quotas).
    config: { quota: ['storage_bytes'] },
    schema: {
      tags, summary: 'Start a bulk job from many photos (multipart)',
      description: `multipart/form-data with 1 to BULK_MAX_FILES (${cfg.BULK_MAX_FILES}) image parts, streamed to disk; each file up to the photo cap `
        + `(PHOTO_MAX_BYTES), the batch up to BULK_MAX_TOTAL_BYTES. Optional text field \`mode\`: auto (default), sequence or density. `
        + 'A bad file (not an image, damaged, too large) is kept as a failed photo with its reason and the rest is processed; '
        + 'too many files (too_many_files 413) or too many bytes (batch_too_large 413) refuse the batch and nothing is kept. '
        + 'The job then runs in the background: follow it with GET /bulk/status?job=… or the SSE stream /events (event job.progress, `data.progress.job_id`).',
      consumes: ['multipart/form-data'],
      response: { 200: IntakeAnswerSchema, ...intakeErrors },
    },
  }, async (req) => ({ ok: true as const, ...(await b.intake.fromMultipart(req, {})) }));

  r.post('/bulk/ingest/zip', {
    // Its answers say what remains of these quotas (accounts mode, modules/quotas).
    config: { quota: ['storage_bytes'] },
    schema: {
      tags, summary: 'Start a bulk job from one ZIP (folders allowed)',
      description: 'multipart/form-data with one ZIP file part. The archive is checked whole before anything is extracted: entries that would leave '
        + 'their folder (../, absolute paths, backslash forms: zip_unsafe_entry), symbolic links (zip_link_entry), more than BULK_ZIP_MAX_ENTRIES entries, '
        + 'more than BULK_ZIP_MAX_UNCOMPRESSED_BYTES once expanded, or an entry expanding more than BULK_ZIP_MAX_RATIO times (zip_bomb) refuse it. '
        + 'System files (__MACOSX, .DS_Store, Thumbs.db, dot files) are skipped and listed; non-images are reported per file. Each photo keeps its path in the archive as its file name.',
      consumes: ['multipart/form-data'],
      response: { 200: IntakeAnswerSchema, ...intakeErrors },
    },
  }, async (req) => ({ ok: true as const, ...(await b.intake.fromZip(req, {})) }));

  r.get('/bulk/status', {
    schema: {
      tags, summary: 'A bulk job: state, counters, groups, duplicates, refused files',
      description: 'status is processing, completed, failed or cancelled. Each group lists its photos under their original file names, '
        + 'its category with the classifier\'s score, its colour (French name and key), brand and size read off a label, the cover, and `few_photos` under 3 photos.',
      querystring: StatusQuerySchema,
      response: { 200: StatusSchema, ...errors },
    },
  }, async (req) => b.status.status(req.query.job));

  r.get('/bulk/jobs/:id/log', {
    schema: {
      tags, summary: 'The decision log: why photos are together, which twin was kept, what the seller changed',
      querystring: LogQuerySchema, params: JobParamSchema, response: { 200: LogSchema, ...errors },
    },
  }, async (req) => b.status.log(req.params.id, req.query));

  r.delete('/bulk/jobs/:id', {
    schema: {
      tags, summary: 'Cancel a running bulk job, or delete a finished one',
      description: 'A queued or running job is cancelled: it stops at its next photo and its original files are removed. A finished job '
        + '(completed, failed or cancelled) is deleted with its files. Drafts already created stay in the stock.',
      params: JobParamSchema, response: { 200: CancelAnswerSchema, ...errors },
    },
  }, async (req) => b.cancelOrDelete(req.params.id));

  const sendFile = (mime: string) => async (file: string, reply: import('fastify').FastifyReply) => {
    const st = await fs.promises.stat(file);
    reply.type(mime).header('content-length', st.size).header('cache-control', 'private, max-age=3600').header('x-content-type-options', 'nosniff');
    return reply.send(fs.createReadStream(file));
  };
  r.get('/bulk/jobs/:id/photos/:photo_id', {
    schema: { tags, summary: 'A batch photo (1600 px JPEG, made on first request)', params: PhotoParamSchema, response: { 404: ErrorResponseSchema } },
  }, async (req, reply) => sendFile('image/jpeg')(await b.files.preview(req.params.id, req.params.photo_id), reply));
  r.get('/bulk/jobs/:id/photos/:photo_id/thumb', {
    schema: { tags, summary: 'A batch photo\'s thumbnail (~400 px WebP)', params: PhotoParamSchema, response: { 404: ErrorResponseSchema } },
  }, async (req, reply) => sendFile('image/webp')(await b.files.thumb(req.params.id, req.params.photo_id), reply));

  r.patch('/bulk/clusters/:id', {
    schema: {
      tags, summary: 'Fix a group before planning: merge, move, split, reorder, cover, category, colour, brand, size',
      description: 'Applied in this order: merge, move, split_at, order, cover_photo_id, then the fields. Every photo stays in exactly one group; a group '
        + 'left empty disappears (listed in `removed`). Groups whose photos changed are measured again, keeping what the seller set by hand. '
        + 'The answer carries only the groups the edit touched and the ids it removed: a client merges them into the board it shows '
        + '(the untouched groups are not repeated). title, price and publish save the board\'s listing fields as typed and touch no grouping. '
        + 'The job must be completed (job_not_ready 409).',
      params: ClusterParamSchema, body: PatchClusterSchema, response: { 200: PatchAnswerSchema, ...errors },
    },
  }, async (req) => b.clusters.patch(req.params.id, req.body));

  r.post('/bulk/listings/plan', {
    schema: {
      tags, summary: 'Plan one listing per group (templates by default, or the full analyser)',
      description: 'Without `job_id`, your latest finished bulk job is planned (`job_source: "latest"`; 404 `no_finished_job` when there is none). '
        + 'Title by the listing writer\'s short template, `{Vêtement} {couleur} {Marque} ({état}) – Taille {Taille}` (the colour agrees with the garment, the '
        + 'condition is left out first when the title would pass 70 characters, the size when unknown); description with SELLER_CITY (or `city`). '
        + 'Price: the group\'s override, else the price suggestion of single listings (category × brand tier × condition, PRICE_RULES_JSON included) when '
        + 'the category is known, else `defaults.price`, else DEFAULT_PRICE; each item carries `price_suggestion` and `sale_score`. `mode: "analysed"` writes '
        + 'each listing with the ingest analyser (LLM when configured). Plans are versioned per job and also written to DATA_DIR/catalog.json and DATA_DIR/plan.json.',
      body: PlanRequestSchema, response: { 200: PlanAnswerSchema, ...errors },
    },
  }, async (req) => {
    const jobId = req.body.job_id ?? (await latestFinishedJob(b.repo, b.status));
    return { ok: true as const, ...(await b.plans.create({ ...req.body, job_id: jobId })), job_source: req.body.job_id ? 'request' as const : 'latest' as const };
  });

  r.get('/bulk/plans/:id', {
    schema: { tags, summary: 'A stored plan', params: JobParamSchema, response: { 200: PlanAnswerSchema, ...errors } },
  }, async (req) => ({ ok: true as const, ...(await b.plans.get(req.params.id)) }));

  r.post('/bulk/listings/execute', {
    // Its answers say what remains of these quotas (accounts mode, modules/quotas).
    config: { quota: ['listings', 'analyses'] },
    schema: {
      tags, summary: 'Create the planned drafts; with dry_run: false, also publish the groups marked publish',
      description: 'Without `plan_id`, the latest plan of your latest finished job runs (`plan_source: "latest"`; 404 `no_finished_job` or `no_plan`). '
        + '`dry_run` (default true) is "drafts only": one local draft per group, nothing sent to Vinted. Executing the same plan again (or a later plan of '
        + 'the job) creates nothing twice: the draft made before is reported (`duplicate: true`, `created: false`). Every draft goes through the stock\'s '
        + 'duplicate check (`possible_duplicate`, `duplicate_of`, the ⚠️ console line) and carries the plan\'s price suggestion and sale score. With `dry_run: false`, '
        + 'groups with publish: true (or all, with set_publish_true) also go through the Vinted connector\'s prepare and publish when publication is enabled, '
        + 'under its pace; what the pace refuses now stays opted in for the publish queue. One group\'s failure never stops the others.',
      body: ExecuteRequestSchema, response: { 200: ExecuteAnswerSchema, ...errors },
    },
  }, async (req) => b.execute.execute(req.body));

  bulkAliasRoutes(app, b);
  bulkSeedRoutes(app, b);
}
