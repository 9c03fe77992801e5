import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ErrorResponseSchema } from '../../platform/http/openapi-shared.ts';
import type { StorageService } from './storage.service.ts';

const TierSchema = z.object({
  tier: z.enum(['local', 'remote', 'cold']).describe('local: DATA_DIR/photos (the only home with STORAGE=local, a cache with s3); remote: the bucket; cold: where the lifecycle moves resting photos'),
  store: z.string().describe('local:<folder> or s3:<bucket>/<prefix>'),
  objects: z.number().int(),
  bytes: z.number().int(),
});

const StatsSchema = z.object({
  backend: z.enum(['local', 's3']),
  tiers: z.array(TierSchema),
  cold_ledger: z.object({ photos: z.number().int(), bytes: z.number().int() }).describe('Photos the lifecycle moved to the cold tier, from the database'),
  rules: z.object({ cold_after_days: z.number().int().describe('0: the cold rule is off'), schedule: z.string() }),
  next: z.object({
    photos: z.number().int().describe('Photos the cold rule would move at its next run (counted up to 10,000)'),
    bytes: z.number().int().describe('Bytes of the first photos of the sample'),
    sample: z.array(z.string()).describe('SHA-256 of the first 20'),
  }),
}).meta({ id: 'StorageStats' });

const ReportSchema = z.object({
  dry_run: z.boolean(),
  cold_after_days: z.number().int(),
  moved: z.object({ photos: z.number().int(), bytes: z.number().int() }),
  orphans: z.object({ objects: z.number().int(), bytes: z.number().int() }),
  errors: z.number().int(),
}).meta({ id: 'StorageLifecycleReport' });

export function storageRoutes(app: FastifyInstance, storage: StorageService) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get('/storage/stats', {
    schema: {
      tags: ['storage'], summary: 'Bytes per storage tier, and what the lifecycle rules would move next',
      description: 'Lists every place photos live (the local folder, the bucket with STORAGE=s3, the cold tier) and counts their objects and bytes; on a large bucket this reads one page of 1,000 keys per request.',
      response: { 200: StatsSchema, 503: ErrorResponseSchema },
    },
  }, async () => storage.stats());

  r.post('/storage/lifecycle', {
    schema: {
      tags: ['storage'], summary: 'Run the storage lifecycle now (it also runs on STORAGE_LIFECYCLE_CRON)',
      description: 'Moves the full-size files of photos that only items sold or archived STORAGE_COLD_AFTER_DAYS ago show to the cold tier (when that rule is on), and removes stored objects no photo row names (older than an hour). `dry_run: true` counts without changing anything.',
      body: z.object({ dry_run: z.boolean() }).strict(),
      response: { 200: ReportSchema, 400: ErrorResponseSchema, 503: ErrorResponseSchema },
    },
  }, async (req) => storage.lifecycle.run({ dryRun: req.body.dry_run }));

  r.get('/storage/photos/:id/url', {
    schema: {
      tags: ['storage'], summary: 'A short-lived URL to read a photo file from',
      description: 'With STORAGE=s3: a signed URL of the bucket object, valid STORAGE_SIGNED_URL_TTL_S seconds (the browser reads the photo without the server in between). With the local store: the app\'s own photo URL. A cold photo is brought back first.',
      params: z.object({ id: z.string().min(1).max(100) }),
      querystring: z.object({ variant: z.enum(['preview', 'thumb']).default('preview') }),
      response: { 200: z.object({ url: z.string(), expires_at: z.string().nullable(), signed: z.boolean() }), 404: ErrorResponseSchema, 422: ErrorResponseSchema, 503: ErrorResponseSchema },
    },
  }, async (req) => storage.photoUrl(req.params.id, req.query.variant));
}
