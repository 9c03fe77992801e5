import path from 'node:path';
import type { AnalysisService } from '../analysis/index.ts';
import type { DuplicatesService } from '../duplicates/index.ts';
import type { ListingsService } from '../listings/index.ts';
import type { PhotosService } from '../photos/index.ts';
import type { TemplatesService } from '../templates/index.ts';
import type { VintedConnector } from '../vinted/index.ts';
import type { Platform } from '../../platform/platform.ts';
import { BulkClustersService } from './bulk-clusters.service.ts';
import { BulkExecuteService } from './bulk-execute.service.ts';
import { BulkFolders } from './bulk-folders.ts';
import { BulkPhotoFiles } from './bulk-photo-files.ts';
import { BulkPlanService } from './bulk-plan.service.ts';
import { BulkRepository } from './bulk.repository.ts';
import { BulkStatusService } from './bulk-status.service.ts';
import { BulkIntake } from './intake/bulk-intake.service.ts';
import { BulkKeepService } from './bulk-keep.service.ts';

/** The other modules' services the bulk import uses, and nothing else of theirs. */
export interface BulkDeps {
  /** Drafts are created, and found again, through the stock. */
  listings: ListingsService;
  /** The photo limits, and the stored copies of a group's photos when it becomes a draft. */
  photos: PhotosService;
  /** Category prices, and the full analyser of the "analysed" plan mode. */
  analysis: AnalysisService;
  /** The stock's duplicate check: every draft goes through it, and batch photos are compared with the stock's. */
  duplicates: DuplicatesService;
  /** Prepare and publish of the groups planned with publish: true. */
  vinted: VintedConnector;
  /** Description templates (the plan's text) and the shop signature (each draft's description). */
  templates: TemplatesService;
}

/** What the bulk import uses of the platform. */
export type BulkPlatform = Pick<Platform, 'config' | 'db' | 'events' | 'jobs' | 'jobRuns' | 'log'>;

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
  /** Brings a set-aside duplicate photo back into the groups. */
  readonly keep: BulkKeepService;

  constructor(private readonly platform: BulkPlatform, deps: BulkDeps) {
    const { config, log } = platform;
    const limits = deps.photos.limits;
    this.repo = new BulkRepository(platform.db);
    this.folders = new BulkFolders(path.join(config.dataDir, 'bulk'));
    this.intake = new BulkIntake({ config, jobs: platform.jobs, limits }, this.repo, this.folders);
    this.status = new BulkStatusService(platform.jobRuns, this.repo);
    this.files = new BulkPhotoFiles(limits, this.repo, this.folders);
    this.clusters = new BulkClustersService({ config, log, limits }, this.repo, this.folders, this.status);
    this.plans = new BulkPlanService({ config, analysis: deps.analysis, templates: deps.templates }, this.repo, this.folders, this.files, this.status);
    this.execute = new BulkExecuteService(
      { log, events: platform.events, listings: deps.listings, photos: deps.photos, duplicates: deps.duplicates, vinted: deps.vinted, templates: deps.templates },
      this.repo, this.folders, this.plans, this.status,
    );
    this.keep = new BulkKeepService({ config, log, limits }, this.repo, this.folders, this.status);
  }

  /** DELETE /bulk/jobs/{id}: a running job is cancelled (it removes its files when it stops), a finished one deleted. */
  async cancelOrDelete(jobId: string) {
    const { job, run, status } = await this.status.job(jobId);
    if (status === 'processing' && run) {
      await this.platform.jobs.cancel(run.id);
      // A job cancelled before it started never runs: its files go now.
      if (run.state === 'queued') await this.folders.remove(jobId);
      return { ok: true as const, job_id: jobId, status: 'cancelled', deleted: false };
    }
    await this.repo.deleteJob(job.id);
    await this.folders.remove(jobId);
    return { ok: true as const, job_id: jobId, status, deleted: true };
  }
}
