import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ActionBodySchema, ErrorResponseSchema } from '../../platform/http/openapi-shared.ts';
import { ItemSchema } from '../listings/index.ts';
import { createDemoPhotoset, type DemoDeps, deleteDemoPhotoset } from './demo-photoset.ts';
import { PurgeSettingsSchema, UpdatePurgeSettingsSchema } from './maintenance-settings.ts';
import type { PurgeService } from './purge.service.ts';

const PurgeReportSchema = z.object({
  dry_run: z.boolean(),
  drafts: z.object({ enabled: z.boolean(), action: z.enum(['archive', 'delete']), count: z.number().int(), item_ids: z.array(z.string()).describe('The first 100') }),
  logs: z.object({ job_runs: z.number().int(), scheduler_ticks: z.number().int(), price_drop_runs: z.number().int() }),
  orphan_files: z.object({ count: z.number().int(), bytes: z.number().int() }),
}).meta({ id: 'PurgeReport' });

export function maintenanceRoutes(app: FastifyInstance, purge: PurgeService, demo: DemoDeps) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.post('/maintenance/purge', {
    schema: {
      tags: ['maintenance'], summary: 'Run the purge now (it also runs daily, PURGE_CRON)',
      description: 'Old drafts (only when drafts_enabled; archived unless drafts_action is delete), finished job runs and scheduler ticks older than logs_after_days, photo files no photo row refers to. `dry_run: true` counts without changing anything.',
      // dry_run is required: a real purge is asked for with an explicit `false`, never by an empty POST.
      body: z.object({ dry_run: z.boolean() }).strict(),
      response: { 200: PurgeReportSchema, 400: ErrorResponseSchema },
    },
  }, async (req) => purge.run({ dryRun: req.body.dry_run }));

  r.get('/settings/maintenance', {
    schema: { tags: ['settings'], summary: 'What the daily purge does', response: { 200: PurgeSettingsSchema } },
  }, async () => purge.settings.get());

  r.patch('/settings/maintenance', {
    schema: { tags: ['settings'], summary: 'Change what the daily purge does', body: UpdatePurgeSettingsSchema, response: { 200: PurgeSettingsSchema, 400: ErrorResponseSchema } },
  }, async (req) => purge.settings.update(req.body));

  r.post('/test/photoset', {
    schema: {
      tags: ['maintenance'], summary: 'Create 5 demo drafts from generated photos, through the real pipeline',
      description: 'Draws five fictitious garments (three photos each), sends them through the photo intake and the listing ingest like an upload, '
        + 'and marks the drafts `demo: true`. DELETE /test/photoset removes them (409 while they exist).',
      body: ActionBodySchema,
      response: { 201: z.object({ items: z.array(ItemSchema) }), 409: ErrorResponseSchema },
    },
  }, async (_req, reply) => reply.code(201).send({ items: await createDemoPhotoset(demo) }));

  r.delete('/test/photoset', {
    schema: {
      tags: ['maintenance'], summary: 'Remove the demo drafts and their photos',
      response: { 200: z.object({ deleted: z.number().int(), photos_removed: z.number().int() }) },
    },
  }, async () => deleteDemoPhotoset(demo));
}
