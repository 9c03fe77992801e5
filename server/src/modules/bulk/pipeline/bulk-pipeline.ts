// The bulk job: scanned → deduplicated → analysed → grouped → categorised, each stage resuming where a crash or a
// restart left it (photo states and the job's stage marker live in the database), so no photo is processed twice.
// Registered on whichever queue runs jobs: in-process, or BullMQ workers when REDIS_URL is set.
import type { Logger } from 'pino';
import type { Config } from '../../../config.ts';
import type { JobContext } from '../../../platform/jobs/job-queue.ts';
import type { JobRunsRepository } from '../../../platform/jobs/job-runs.repository.ts';
import type { PhotoLimits } from '../../photos/index.ts';
import type { BulkFolders } from '../bulk-folders.ts';
import type { BulkRepository } from '../bulk.repository.ts';
import type { BulkJobOptions } from '../intake/bulk-intake.service.ts';
import { analyseStage, dedupStage } from './analyse-stages.ts';
import { categoriseStage, groupStage } from './group-stages.ts';
import { type BulkStage, ProgressReporter, type StageContext, stageDone } from './pipeline-context.ts';
import { scanStage } from './scan-stage.ts';

export interface PipelineDeps {
  config: Config;
  log: Logger;
  jobRuns: Pick<JobRunsRepository, 'state'>;
  limits: Pick<PhotoLimits, 'maxPixels'>;
  repo: BulkRepository;
  folders: BulkFolders;
  /** Makes the plan the alias route promised (POST /bulk/photos/analyze), once the groups exist. */
  autoPlan(jobId: string, planId: string): Promise<void>;
}

export function bulkJobHandler(deps: PipelineDeps) {
  return async (jc: JobContext<{ bulk_job_id: string }>) => {
    const { repo, folders } = deps;
    const jobId = jc.payload.bulk_job_id;
    const job = await repo.job(jobId);
    if (!job) throw new Error(`bulk job ${jobId} not found`);
    const options = JSON.parse(job.options) as BulkJobOptions;
    const log = deps.log.child({ module: 'bulk', job_id: jobId });
    const warned = new Set<string>();
    const s: StageContext = {
      config: deps.config, limits: deps.limits, repo, folders, jobId,
      progress: new ProgressReporter(jc, jobId, { ...(jc.job.progress as object) }),
      stop: () => jc.cancelled(),
      warn: (message, extra) => {
        if (warned.has(message)) return;
        warned.add(message);
        log.warn(extra ?? {}, message);
      },
    };
    const stages: [BulkStage, () => Promise<void>][] = [
      ['scanned', () => scanStage(s)],
      ['deduplicated', () => dedupStage(s)],
      ['analysed', () => analyseStage(s)],
      ['grouped', () => groupStage(s, options.mode)],
      ['categorised', () => categoriseStage(s)],
    ];
    let stage = job.stage;
    for (const [name, run] of stages) {
      if (stageDone(stage, name)) continue;
      await run();
      if (await s.stop()) {
        // Stopping covers a shutdown too; only the seller's cancel is written on the run's row.
        if ((await deps.jobRuns.state(jc.job.id)) !== 'cancelled') return { interrupted: true }; // resumed at next start
        await folders.remove(jobId); // cancelled by the seller: the originals go
        return { cancelled: true };
      }
      // The grouping stage moves its marker inside its own transaction.
      if (name !== 'grouped') await repo.updateJob(jobId, { stage: name });
      stage = name;
    }
    if (options.auto_plan_id) await deps.autoPlan(jobId, options.auto_plan_id);
    s.progress.set({ stage: 'completed' });
    await s.progress.report(1, 1, true);
    const counts = await repo.stateCounts(jobId);
    return { clusters: s.progress.state.clusters, photos: counts.analysed ?? 0, duplicates: counts.duplicate ?? 0, errors: counts.failed ?? 0 };
  };
}
