// Bulk import: hundreds of photos in (multipart or ZIP), one draft per garment out. The job (scanned →
// deduplicated → analysed → grouped → categorised) runs on the app's job queue: in-process, or BullMQ workers
// when REDIS_URL is set. Routes: /bulk/ingest/photos, /bulk/ingest/zip, /bulk/status, /bulk/jobs/{id}(/log),
// /bulk/clusters/{id}, /bulk/listings/plan, /bulk/listings/execute, and the aliases /bulk/photos/analyze,
// /bulk/generate. Environment: BULK_* , DEFAULT_PRICE, PRICE_RULES_JSON, SELLER_CITY (server/src/config.ts).
import type { AppContext } from '../../context.ts';
import type { AppModule } from '../module.ts';
import { BulkModuleServices } from './bulk-services.ts';
import { bulkRoutes } from './bulk.routes.ts';
import { BULK_JOB_KIND } from './intake/bulk-intake.service.ts';
import { bulkJobHandler } from './pipeline/bulk-pipeline.ts';

declare module '../../context.ts' {
  interface AppContext {
    bulk: BulkModuleServices;
  }
}

export const bulkModule: AppModule = {
  name: 'bulk',
  setup(ctx: AppContext) {
    const b = new BulkModuleServices(ctx);
    ctx.bulk = b;
    ctx.jobs.register(BULK_JOB_KIND, bulkJobHandler({
      app: ctx, repo: b.repo, folders: b.folders,
      autoPlan: async (jobId, planId) => {
        // A resumed job may have made it already.
        if (!(await b.repo.plan(planId))) await b.plans.create({ job_id: jobId }, { planId, duringJob: true });
      },
    }));
  },
  routes: (app, ctx) => bulkRoutes(app, ctx, ctx.bulk),
};
