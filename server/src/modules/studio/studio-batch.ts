import { mapBounded } from '../../platform/concurrency.ts';
import { AppError, badRequest } from '../../platform/errors.ts';
import type { JobContext, JobQueue } from '../../platform/jobs/job-queue.ts';
import type { JobRunsRepository } from '../../platform/jobs/job-runs.repository.ts';
import { notFound } from '../../platform/errors.ts';
import type { EditInput } from './edit-params.ts';
import type { StudioService } from './studio.service.ts';

// The same edit on many photos (say auto + 4:5 on all photos of 40 items) as a job: one result per photo, progress
// saved as it goes (the web app polls it), at most the studio's render concurrency at once. A photo that fails (a
// crop that does not fit it, a missing file) is its own failed result; the others go on.
export const STUDIO_BATCH_JOB = 'studio.batch';
export const BATCH_ITEMS_MAX = 500;

export interface BatchPayload { item_ids: string[]; photo_ids?: string[]; edit: EditInput; reset?: boolean }
export interface BatchResult { item_id: string; photo_id: string | null; ok: boolean; error?: { code: string; message: string }; background_skipped?: string | null }

export function studioBatchHandler(studio: StudioService) {
  return async (ctx: JobContext<BatchPayload>) => {
    const { item_ids, photo_ids, edit, reset } = ctx.payload;
    const only = photo_ids?.length ? new Set(photo_ids) : null;
    const targets: { item_id: string; photo_id: string | null; error?: BatchResult['error'] }[] = [];
    for (const item_id of item_ids) {
      try {
        for (const photo_id of await studio.photoIdsOf(item_id)) if (!only || only.has(photo_id)) targets.push({ item_id, photo_id });
      } catch (e) {
        targets.push({ item_id, photo_id: null, error: errorOf(e) });
      }
    }
    const results: BatchResult[] = [];
    let done = 0, failed = 0;
    await ctx.progress({ total: targets.length, done, failed });
    await mapBounded(targets, studio.concurrency, async (t) => {
      let r: BatchResult;
      if (t.error || !t.photo_id) r = { item_id: t.item_id, photo_id: null, ok: false, error: t.error };
      else if (await ctx.cancelled()) r = { item_id: t.item_id, photo_id: t.photo_id, ok: false, error: { code: 'cancelled', message: 'The batch was cancelled' } };
      else {
        try {
          const v = reset ? await studio.reset(t.item_id, t.photo_id) : await studio.set(t.item_id, t.photo_id, edit);
          r = { item_id: t.item_id, photo_id: t.photo_id, ok: true, background_skipped: v.background_skipped };
        } catch (e) {
          if (!(e instanceof AppError)) studio.logRenderFailure(e, t.photo_id);
          r = { item_id: t.item_id, photo_id: t.photo_id, ok: false, error: errorOf(e) };
        }
      }
      results.push(r);
      done++;
      if (!r.ok) failed++;
      await ctx.progress({ total: targets.length, done, failed });
    });
    return { results };
  };
}

function errorOf(e: unknown): { code: string; message: string } {
  return e instanceof AppError ? { code: e.code, message: e.message } : { code: 'render_failed', message: 'The photo could not be rendered' };
}

export class StudioBatches {
  constructor(private readonly jobs: JobQueue, private readonly runs: JobRunsRepository) {}

  async start(payload: BatchPayload) {
    const ids = [...new Set(payload.item_ids)];
    if (ids.length > BATCH_ITEMS_MAX) throw badRequest('too_many_items', `At most ${BATCH_ITEMS_MAX} items per batch`, { max: BATCH_ITEMS_MAX });
    const run = await this.jobs.enqueue(STUDIO_BATCH_JOB, { ...payload, item_ids: ids } as unknown as Record<string, unknown>);
    return { job_id: run.id, state: run.state };
  }

  async get(id: string) {
    const run = await this.runs.get(id);
    if (!run || run.kind !== STUDIO_BATCH_JOB) throw notFound('job_not_found', `No photo batch with id ${id}`, { id });
    const p = run.progress as { total?: number; done?: number; failed?: number };
    const result = run.result as { results?: BatchResult[] } | null;
    return {
      job_id: run.id, state: run.state, total: p.total ?? null, done: p.done ?? 0, failed: p.failed ?? 0,
      results: result?.results ?? null, error: run.error,
    };
  }
}
