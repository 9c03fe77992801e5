// Bulk import: hundreds of photos in (multipart or ZIP), one draft per garment out. The job (scanned →
// deduplicated → analysed → grouped → categorised) runs on the app's job queue: in-process, or BullMQ workers
// when REDIS_URL is set. Owns the `bulk_*` tables and DATA_DIR/bulk. Provides `bulk` (BulkModuleServices); needs
// `listings` (drafts), `photos` (limits, stored photos), `analysis` (prices, the analysed plan mode) and `vinted`
// (publication of groups planned with publish: true).
// Routes: /bulk/ingest/photos, /bulk/ingest/zip, /bulk/status, /bulk/jobs/{id}(/log), /bulk/clusters/{id},
// /bulk/listings/plan, /bulk/listings/execute, and the aliases /bulk/photos/analyze, /bulk/generate.
// Environment: BULK_* , DEFAULT_PRICE, PRICE_RULES_JSON, SELLER_CITY (server/src/config.ts).
//
// Public surface: everything another module or the app may use is exported here, nothing else is imported from
// this folder from outside it.
import type { FastifyInstance } from 'fastify';
import type { Platform } from '../../platform/platform.ts';
import { defineModule } from '../../platform/modules/module.ts';
import { type BulkDeps, BulkModuleServices } from './bulk-services.ts';
import { bulkRoutes } from './bulk.routes.ts';
import { BULK_JOB_KIND } from './intake/bulk-intake.service.ts';
import { bulkJobHandler } from './pipeline/bulk-pipeline.ts';

export { type BulkDeps, BulkModuleServices } from './bulk-services.ts';
export { BULK_JOB_KIND } from './intake/bulk-intake.service.ts';

export const bulkModule = defineModule({
  name: 'bulk',
  needs: ['listings', 'photos', 'analysis', 'vinted'],
  provides: ['bulk'],
  create(platform: Platform, deps: BulkDeps) {
    const bulk = new BulkModuleServices(platform, deps);
    platform.jobs.register(BULK_JOB_KIND, bulkJobHandler({
      config: platform.config, log: platform.log, jobRuns: platform.jobRuns, limits: deps.photos.limits,
      repo: bulk.repo, folders: bulk.folders,
      autoPlan: async (jobId, planId) => {
        // A resumed job may have made it already.
        if (!(await bulk.repo.plan(planId))) await bulk.plans.create({ job_id: jobId }, { planId, duringJob: true });
      },
    }));
    return { services: { bulk }, routes: (app: FastifyInstance) => bulkRoutes(app, bulk, platform.config) };
  },
});
