// Bulk import: hundreds of photos in (multipart or ZIP), one draft per garment out. The job (scanned →
// deduplicated → analysed → grouped → categorised) runs on the app's job queue: in-process, or BullMQ workers
// when REDIS_URL is set. Owns the `bulk_*` tables and DATA_DIR/bulk. Provides `bulk` (BulkModuleServices); needs
// `listings` (drafts), `photos` (limits, stored photos), `analysis` (the listing writer, prices, the analysed plan
// mode), `vinted` (publication of groups planned with publish: true) and `duplicates` (every draft's duplicate check,
// and the batch's photos compared with the stock's).
// Routes: /bulk/ingest/photos, /bulk/ingest/zip, /bulk/status, /bulk/jobs/{id}(/log), /bulk/clusters/{id},
// /bulk/jobs/{id}/duplicates/{photo_id}/keep, /bulk/listings/plan, /bulk/listings/execute, and the seeds' names:
// /bulk/photos/analyze, /bulk/photos/upload, /bulk/cluster, /bulk/duplicates, /bulk/generate(-drafts), /temp_photos/….
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
import { stockPhotoCheck } from './stock-photos.ts';
import { bulkOwnerData } from './bulk-owner-data.repository.ts';

export { type BulkDeps, BulkModuleServices } from './bulk-services.ts';
export { BULK_JOB_KIND } from './intake/bulk-intake.service.ts';

export const bulkModule = defineModule({
  name: 'bulk',
  needs: ['listings', 'photos', 'analysis', 'vinted', 'duplicates', 'templates'],
  provides: ['bulk'],
  create(platform: Platform, deps: BulkDeps) {
    platform.ownerData.register(bulkOwnerData());
    const bulk = new BulkModuleServices(platform, deps);
    platform.jobs.register(BULK_JOB_KIND, bulkJobHandler({
      config: platform.config, log: platform.log, jobRuns: platform.jobRuns, limits: deps.photos.limits,
      repo: bulk.repo, folders: bulk.folders,
      inStock: stockPhotoCheck(deps.duplicates, deps.listings),
      autoPlan: async (jobId, planId) => {
        // A resumed job may have made it already.
        if (!(await bulk.repo.plan(planId))) await bulk.plans.create({ job_id: jobId }, { planId, duringJob: true });
      },
    }));
    return { services: { bulk }, routes: (app: FastifyInstance) => bulkRoutes(app, bulk, platform.config) };
  },
});
