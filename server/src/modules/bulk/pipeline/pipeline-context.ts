import type { Config } from '../../../config.ts';
import type { JobContext } from '../../../platform/jobs/job-queue.ts';
import type { PhotoLimits } from '../../photos/index.ts';
import type { BulkFolders } from '../bulk-folders.ts';
import type { BulkRepository } from '../bulk.repository.ts';
import type { BulkPhotosTable } from '../bulk.tables.ts';
import { vectorFromBase64 } from '../grouping/photo-signals.ts';

// What every stage of the bulk job gets: the settings, the job's rows and folder, the live counters, the cancel check.
export const BULK_STAGES = ['received', 'scanned', 'deduplicated', 'analysed', 'grouped', 'categorised'] as const;
export type BulkStage = (typeof BULK_STAGES)[number];
export const stageDone = (current: string, stage: BulkStage) => BULK_STAGES.indexOf(current as BulkStage) >= BULK_STAGES.indexOf(stage);

export interface BulkProgress {
  job_id: string;
  stage: BulkStage | 'completed';
  total: number;
  scanned: number;
  duplicates: number;
  analysed: number;
  clusters: number;
  categorised: number;
  errors: number;
  /** Photos still waiting for the stage in progress. */
  queue: number;
  /** 0–100 over the whole job. */
  percent: number;
}

/** Stored per photo at scan time: what the later stages and the grouping need, without the pixels. */
export interface StoredSignals {
  decoded: { width: number; height: number };
  colour: string;
  colourBalanced: string;
  surround: string;
  sharpness: number;
  quality: { score: number; issues: string[] };
  /** The label detector's score (0–1), kept for the OCR fallback when no photo of a group passed its threshold. */
  label_score?: number;
  /** The region embeddings (photos without a capture time only): one base64 string per window. */
  regions?: string[];
  /** The centre window's embedding (base64 Float32), for the stock's look-alike duplicate check once drafted. */
  centre?: string;
}

export const readSignals = (p: BulkPhotosTable): StoredSignals => JSON.parse(p.signals ?? 'null') as StoredSignals;

/** A batch photo as the stock's duplicate index reads it, and the stock item that already shows it. */
export interface StockProbe { id: string; sha256: string; phash: string | null; colourLayout: string | null }
export interface StockPhotoMatch { item_id: string; title: string; hash_distance: number }
export type StockPhotoCheck = (photos: StockProbe[]) => Promise<Map<string, StockPhotoMatch>>;
export const vector = vectorFromBase64;

export interface StageContext {
  config: Config;
  /** The photos module's limits (the decode's pixel cap). */
  limits: Pick<PhotoLimits, 'maxPixels'>;
  repo: BulkRepository;
  folders: BulkFolders;
  jobId: string;
  progress: ProgressReporter;
  /** True once the seller cancelled (or the process is stopping): stages return at their next check. */
  stop(): Promise<boolean>;
  /** The batch's photos already in the stock (an active item shows the same or a near-identical photo); none when absent. */
  inStock?: StockPhotoCheck;
  warn(message: string, extra?: Record<string, unknown>): void;
}

// Stage weights in the overall percentage: the scan pass (decode and network) is most of the time.
const WEIGHTS: Record<string, [number, number]> = {
  received: [0, 0], scanned: [0, 85], deduplicated: [85, 86], analysed: [86, 87], grouped: [87, 89], categorised: [89, 100], completed: [100, 100],
};

/** The job's counters, saved on the job row (and streamed over SSE) at most every 250 ms and at each stage change. */
export class ProgressReporter {
  readonly state: BulkProgress;
  private last = 0;

  constructor(private readonly job: JobContext, jobId: string, initial: Partial<BulkProgress>) {
    this.state = { job_id: jobId, stage: 'received', total: 0, scanned: 0, duplicates: 0, analysed: 0, clusters: 0, categorised: 0, errors: 0, queue: 0, percent: 0, ...initial };
  }

  set(patch: Partial<BulkProgress>) {
    Object.assign(this.state, patch);
  }

  /** `done` of `of` in the current stage sets the percentage within the stage's band. */
  async report(done: number, of: number, force = false) {
    const [lo, hi] = WEIGHTS[this.state.stage] ?? [0, 0];
    this.state.percent = Math.round(lo + (of > 0 ? (hi - lo) * Math.min(1, done / of) : hi - lo));
    this.state.queue = Math.max(0, of - done);
    const now = Date.now();
    if (!force && now - this.last < 250) return;
    this.last = now;
    await this.job.progress({ ...this.state });
  }
}
