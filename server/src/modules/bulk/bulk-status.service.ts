// What the seller sees of a batch: its state and counters, the groups with their photos (each under its original
// file name, folders included), the duplicates with the twin kept, the files refused and why, and the decision log.
import { AppError, notFound } from '../../platform/errors.ts';
import { FINISHED_STATES, type JobRun, type JobRunsRepository } from '../../platform/jobs/job-runs.repository.ts';
import { UUID_RE } from '../../platform/time.ts';
import { findColour } from '@vintedbot/catalog';
import type { BulkRepository } from './bulk.repository.ts';
import type { BulkClustersTable, BulkJobsTable, BulkPhotosTable } from './bulk.tables.ts';
import type { IntakeIssue } from './intake/bulk-intake.service.ts';
import type { BulkProgress } from './pipeline/pipeline-context.ts';

export type BulkStatus = 'processing' | 'completed' | 'failed' | 'cancelled';

export interface PhotoView { id: string; filename: string; url: string; thumb_url: string; close_up: boolean }
export interface ClusterView {
  id: string;
  photos: PhotoView[];
  cover_photo_id: string | null;
  category: string | null;
  /** The classifier's confidence in the category (0–1), averaged over the group's full shots. */
  score: number | null;
  /** French colour name as Vinted shows it ("noir"), and our key ("black"). */
  color: string | null;
  color_key: string | null;
  color_secondary: string | null;
  brand: string | null;
  size: string | null;
  few_photos: boolean;
  /** Mean same-garment probability of the group's photo pairs. */
  cohesion: number | null;
  edited: boolean;
  item_id: string | null;
  color_secondary_key: string | null;
  /** The classifier's top 3 for the group (details.top3), best first. */
  category_candidates: { category: string; score: number }[];
  /** What the seller typed on the board for the listing, saved as typed (details.listing). */
  listing: ListingEdits;
}

function candidatesOf(details: string): { category: string; score: number }[] {
  try {
    const top3 = (JSON.parse(details) as { top3?: unknown }).top3;
    if (!Array.isArray(top3)) return [];
    return top3.filter((x): x is { category: string; score: number } => !!x && typeof x.category === 'string' && typeof x.score === 'number').slice(0, 3).map((x) => ({ category: x.category, score: x.score }));
  } catch {
    return [];
  }
}

export interface ListingEdits { title: string | null; price: number | null; publish: boolean | null }

/** The board's title, price and "Publier" of a group, from its details (all null until the seller types). */
export function listingEdits(details: string): ListingEdits {
  let l: Partial<ListingEdits> | undefined;
  try {
    l = (JSON.parse(details) as { listing?: Partial<ListingEdits> }).listing;
  } catch {
    l = undefined;
  }
  return { title: typeof l?.title === 'string' ? l.title : null, price: typeof l?.price === 'number' ? l.price : null, publish: typeof l?.publish === 'boolean' ? l.publish : null };
}

export const photoView = (jobId: string, p: Pick<BulkPhotosTable, 'id' | 'filename' | 'close_up'>): PhotoView => ({
  id: p.id, filename: p.filename, url: `/bulk/jobs/${jobId}/photos/${p.id}`, thumb_url: `/bulk/jobs/${jobId}/photos/${p.id}/thumb`, close_up: p.close_up === 1,
});

export function clusterView(jobId: string, c: BulkClustersTable, photos: BulkPhotosTable[]): ClusterView {
  const colour = c.color ? findColour(c.color) : null;
  return {
    id: c.id, photos: photos.map((p) => photoView(jobId, p)), cover_photo_id: c.cover_photo_id, category: c.category, score: c.category_score,
    color: colour ? colour.fr.toLowerCase() : c.color, color_key: colour?.key ?? null, color_secondary: c.color_secondary ? (findColour(c.color_secondary)?.fr.toLowerCase() ?? c.color_secondary) : null,
    brand: c.brand, size: c.size, few_photos: c.few_photos === 1, cohesion: c.cohesion, edited: c.edited === 1, item_id: c.item_id,
    color_secondary_key: c.color_secondary ? (findColour(c.color_secondary)?.key ?? null) : null,
    category_candidates: candidatesOf(c.details),
    listing: listingEdits(c.details),
  };
}

export function statusOf(run: JobRun | null): BulkStatus {
  if (!run) return 'processing';
  if (run.state === 'completed') return 'completed';
  if (run.state === 'failed') return 'failed';
  if (run.state === 'cancelled') return 'cancelled';
  return 'processing';
}

export class BulkStatusService {
  constructor(
    private readonly jobRuns: Pick<JobRunsRepository, 'get'>,
    private readonly repo: BulkRepository,
  ) {}

  async job(jobId: string): Promise<{ job: BulkJobsTable; run: JobRun | null; status: BulkStatus }> {
    if (!UUID_RE.test(jobId)) throw notFound('job_not_found', `No bulk job with id ${jobId.slice(0, 60)}`, { id: jobId.slice(0, 60) });
    const job = await this.repo.job(jobId);
    if (!job) throw notFound('job_not_found', `No bulk job with id ${jobId}`, { id: jobId });
    const run = job.run_id ? await this.jobRuns.get(job.run_id) : null;
    return { job, run, status: statusOf(run) };
  }

  /** The job must have finished grouping: plans and edits work on its groups. */
  async completedJob(jobId: string) {
    const j = await this.job(jobId);
    if (j.status !== 'completed') throw new AppError(409, 'job_not_ready', `The bulk job is ${j.status}: its groups can be edited and planned once it has completed`, { status: j.status });
    return j;
  }

  async progress(job: BulkJobsTable, run: JobRun | null): Promise<BulkProgress> {
    const live = (run?.progress ?? {}) as Partial<BulkProgress>;
    if (run && !FINISHED_STATES.includes(run.state)) {
      const intake = JSON.parse(job.intake) as { files: number };
      return { job_id: job.id, stage: 'received', total: intake.files, scanned: 0, duplicates: 0, analysed: 0, clusters: 0, categorised: 0, errors: 0, queue: intake.files, percent: 0, ...live };
    }
    // Finished (or never started): counted from the rows, so edits and a cancel show as they are.
    const counts = await this.repo.stateCounts(job.id);
    const total = Object.values(counts).reduce((a, b) => a + b, 0);
    const clusters = (await this.repo.clusters(job.id)).length;
    return {
      job_id: job.id, stage: run?.state === 'completed' ? 'completed' : (live.stage ?? 'received'), total,
      scanned: (counts.scanned ?? 0) + (counts.analysed ?? 0) + (counts.duplicate ?? 0), duplicates: counts.duplicate ?? 0,
      analysed: counts.analysed ?? 0, clusters, categorised: live.categorised ?? clusters, errors: counts.failed ?? 0,
      queue: run?.state === 'completed' ? 0 : (counts.received ?? 0), percent: run?.state === 'completed' ? 100 : (live.percent ?? 0),
    };
  }

  async status(jobId: string) {
    const { job, run, status } = await this.job(jobId);
    const progress = await this.progress(job, run);
    const [clusters, photos] = await Promise.all([this.repo.clusters(jobId), this.repo.photos(jobId)]);
    const byCluster = new Map<string, BulkPhotosTable[]>();
    for (const p of [...photos].sort((a, b) => (a.position ?? 0) - (b.position ?? 0))) if (p.cluster_id) byCluster.set(p.cluster_id, [...(byCluster.get(p.cluster_id) ?? []), p]);
    const byId = new Map(photos.map((p) => [p.id, p]));
    const intake = JSON.parse(job.intake) as { skipped?: IntakeIssue[] };
    return {
      ok: true as const,
      job_id: jobId,
      status,
      stage: job.stage,
      created_at: job.created_at,
      error: run?.state === 'failed' ? (run.error ?? 'failed') : null,
      progress,
      grouping: job.grouping ? JSON.parse(job.grouping) : null,
      clusters: clusters.map((c) => clusterView(jobId, c, byCluster.get(c.id) ?? [])),
      duplicates: photos.filter((p) => p.state === 'duplicate').map((p) => ({
        // An in_stock duplicate points at the stock item that shows it, not at a photo of the batch.
        photo: photoView(jobId, p), kept: p.duplicate_of && p.duplicate_kind !== 'in_stock' ? { id: p.duplicate_of, filename: byId.get(p.duplicate_of)?.filename ?? null } : null,
        kind: p.duplicate_kind, message: p.duplicate_message, in_stock_item_id: p.duplicate_kind === 'in_stock' ? p.duplicate_of : null,
      })),
      errors: photos.filter((p) => p.state === 'failed').map((p) => ({ photo_id: p.id, filename: p.filename, code: p.error_code, message: p.error_message })),
      skipped: intake.skipped ?? [],
    };
  }

  async log(jobId: string, opts: { cluster?: string; after?: number; limit: number }) {
    await this.job(jobId);
    const rows = await this.repo.readLog(jobId, opts.limit, opts.after ?? 0);
    const photos = new Map((await this.repo.photos(jobId)).map((p) => [p.id, p.filename]));
    const entries = rows
      .filter((r) => !opts.cluster || r.cluster_id === opts.cluster)
      .map((r) => ({
        id: r.id, at: r.at, stage: r.stage, rule: r.rule, cluster_id: r.cluster_id,
        photos: (JSON.parse(r.photo_ids) as string[]).map((id) => ({ id, filename: photos.get(id) ?? null })),
        message: r.message, evidence: JSON.parse(r.evidence) as Record<string, unknown>,
      }));
    return { ok: true as const, job_id: jobId, entries, next_after: rows.length === opts.limit ? rows.at(-1)!.id : null };
  }
}
