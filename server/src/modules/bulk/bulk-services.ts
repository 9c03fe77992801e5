import path from 'node:path';
import type { AppContext } from '../../context.ts';
import { BulkClustersService } from './bulk-clusters.service.ts';
import { BulkExecuteService } from './bulk-execute.service.ts';
import { BulkFolders } from './bulk-folders.ts';
import { BulkPhotoFiles } from './bulk-photo-files.ts';
import { BulkPlanService } from './bulk-plan.service.ts';
import { BulkRepository } from './bulk.repository.ts';
import { BulkStatusService } from './bulk-status.service.ts';
import { BulkIntake } from './intake/bulk-intake.service.ts';

/** The bulk module's services, built once per process (API and worker alike). */
export class BulkModuleServices {
  readonly repo: BulkRepository;
  readonly folders: BulkFolders;
  readonly intake: BulkIntake;
  readonly status: BulkStatusService;
  readonly files: BulkPhotoFiles;
  readonly clusters: BulkClustersService;
  readonly plans: BulkPlanService;
  readonly execute: BulkExecuteService;

  constructor(private readonly ctx: AppContext) {
    this.repo = new BulkRepository(ctx.db);
    this.folders = new BulkFolders(path.join(ctx.config.dataDir, 'bulk'));
    this.intake = new BulkIntake(ctx, this.repo, this.folders);
    this.status = new BulkStatusService(ctx, this.repo);
    this.files = new BulkPhotoFiles(ctx, this.repo, this.folders);
    this.clusters = new BulkClustersService(ctx, this.repo, this.folders, this.status);
    this.plans = new BulkPlanService(ctx, this.repo, this.folders, this.files, this.status);
    this.execute = new BulkExecuteService(ctx, this.repo, this.folders, this.plans);
  }

  /** DELETE /bulk/jobs/{id}: a running job is cancelled (it removes its files when it stops), a finished one deleted. */
  async cancelOrDelete(jobId: string) {
    const { job, run, status } = await this.status.job(jobId);
    if (status === 'processing' && run) {
      await this.ctx.jobs.cancel(run.id);
      // A job cancelled before it started never runs: its files go now.
      if (run.state === 'queued') await this.folders.remove(jobId);
      return { ok: true as const, job_id: jobId, status: 'cancelled', deleted: false };
    }
    await this.repo.transaction(async (t) => {
      for (const table of ['bulk_results'] as const) {
        const plans = await t.selectFrom('bulk_plans').select('id').where('job_id', '=', job.id).execute();
        if (plans.length) await t.deleteFrom(table).where('plan_id', 'in', plans.map((p) => p.id)).execute();
      }
      for (const table of ['bulk_plans', 'bulk_log', 'bulk_clusters', 'bulk_photos'] as const) await t.deleteFrom(table).where('job_id', '=', job.id).execute();
      await t.deleteFrom('bulk_jobs').where('id', '=', job.id).execute();
    });
    await this.folders.remove(jobId);
    return { ok: true as const, job_id: jobId, status, deleted: true };
  }
}
