import type { Generated, Kysely, Transaction } from 'kysely';
import type { Database } from '../../platform/db/schema.ts';

// Row types of the bulk import's tables (migration 0005-bulk), kept beside the module that writes them.
export interface BulkJobsTable {
  id: string;
  run_id: string | null;
  source: string; // 'multipart' | 'zip'
  stage: string; // last completed stage, see BULK_STAGES
  options: string; // JSON BulkJobOptions
  intake: string; // JSON { files, skipped: [{ filename, code, message }] }
  grouping: string | null; // JSON { mode, order }
  created_at: string;
  updated_at: string;
}

export interface BulkPhotosTable {
  id: string;
  job_id: string;
  seq: number;
  filename: string;
  file: string; // path inside the job's folder
  bytes: number;
  sha256: string;
  state: string; // received | scanned | analysed | duplicate | failed
  mime: string | null;
  format: string | null;
  error_code: string | null;
  error_message: string | null;
  width: number | null;
  height: number | null;
  taken_at: string | null;
  phash: string | null;
  phash_mirror: string | null;
  colour_layout: string | null;
  signals: string | null; // JSON: colour histograms (base64), quality
  embedding: string | null; // base64 Float32
  close_up: number | null;
  classes: string | null; // JSON: the classifier's answer for this photo
  duplicate_of: string | null;
  duplicate_kind: string | null;
  duplicate_message: string | null;
  cluster_id: string | null;
  position: number | null;
  stock_photo_id: string | null;
  created_at: string;
  updated_at: string;
}

export interface BulkClustersTable {
  job_id: string;
  id: string;
  position: number;
  cover_photo_id: string | null;
  category: string | null;
  category_score: number | null;
  color: string | null;
  color_secondary: string | null;
  brand: string | null;
  size: string | null;
  cohesion: number | null;
  few_photos: number;
  categorised: number;
  edited: number;
  details: string; // JSON
  item_id: string | null;
  created_at: string;
  updated_at: string;
}

export interface BulkLogTable {
  id: Generated<number>;
  job_id: string;
  at: string;
  stage: string;
  rule: string;
  cluster_id: string | null;
  photo_ids: string; // JSON string[]
  message: string;
  evidence: string; // JSON
}

export interface BulkPlansTable {
  id: string;
  job_id: string;
  version: number;
  mode: string;
  request: string; // JSON
  items: string; // JSON PlanItem[]
  created_at: string;
}

export interface BulkResultsTable {
  plan_id: string;
  cluster_id: string;
  dry_run: number;
  ok: number;
  item_id: string | null;
  report: string; // JSON ExecuteResult
  created_at: string;
  updated_at: string;
}

export interface BulkDatabase extends Database {
  bulk_jobs: BulkJobsTable;
  bulk_photos: BulkPhotosTable;
  bulk_clusters: BulkClustersTable;
  bulk_log: BulkLogTable;
  bulk_plans: BulkPlansTable;
  bulk_results: BulkResultsTable;
}

export type BulkDb = Kysely<BulkDatabase> | Transaction<BulkDatabase>;
export const bulkDb = (db: Kysely<Database>) => db as unknown as Kysely<BulkDatabase>;
