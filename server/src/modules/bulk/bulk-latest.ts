// "The latest" for the seeds' commands sent without ids: `POST /bulk/listings/plan` without `job_id` plans the
// seller's latest finished bulk job, `POST /bulk/listings/execute` without `plan_id` runs that job's latest plan.
// A clear 404 when there is none, and the answers say which one was used.
import { notFound } from '../../platform/errors.ts';
import type { BulkRepository } from './bulk.repository.ts';
import type { BulkStatusService } from './bulk-status.service.ts';

/** The newest bulk job whose grouping completed, or a 404 `no_finished_job`. */
export async function latestFinishedJob(repo: BulkRepository, status: BulkStatusService): Promise<string> {
  let before: { created_at: string; id: string } | undefined;
  for (;;) {
    const page = await repo.jobsNewestFirst(20, before);
    for (const j of page) if ((await status.job(j.id)).status === 'completed') return j.id;
    if (page.length < 20) break;
    before = page[page.length - 1];
  }
  throw notFound('no_finished_job', 'No finished bulk job: upload photos with POST /bulk/ingest/photos (or /bulk/ingest/zip) and wait for GET /bulk/status to say completed');
}

/** The newest plan of the latest finished job, or a 404 `no_plan` (or `no_finished_job`). */
export async function latestPlanId(repo: BulkRepository, status: BulkStatusService): Promise<{ planId: string; jobId: string }> {
  const jobId = await latestFinishedJob(repo, status);
  const plan = await repo.latestPlan(jobId);
  if (!plan) throw notFound('no_plan', `The latest finished bulk job (${jobId}) has no plan yet: make one with POST /bulk/listings/plan`, { job_id: jobId });
  return { planId: plan.id, jobId };
}
