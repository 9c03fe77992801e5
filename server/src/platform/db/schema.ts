import type { ColumnType, Generated } from 'kysely';

// Row types of every table. Times are ISO 8601 UTC text, money integer cents, JSON as text: the same
// representation on SQLite and PostgreSQL, so one query layer serves both.
export interface ItemsTable {
  /** The owner (migration 0019), set and filtered by the owner scope; queries never name it. */
  owner_id?: string;
  id: string;
  title: string;
  description: string;
  brand: string | null;
  category: string | null;
  size: string | null;
  condition: string | null;
  colors: string; // JSON string[]
  material: string | null;
  /** women | men | kids; null when unknown. */
  gender: string | null;
  keywords: string; // JSON string[]
  hashtags: string; // JSON string[]
  price_cents: number | null;
  suggestion_min_cents: number | null;
  suggestion_target_cents: number | null;
  suggestion_max_cents: number | null;
  suggestion_justification: string | null;
  status: string;
  listed_at: string | null;
  sold_at: string | null;
  sold_price_cents: number | null;
  archived_at: string | null;
  possible_duplicate: number;
  duplicate_of: string; // JSON [{item_id, reason, score}]
  estimated_sale_score: number | null;
  sale_score_breakdown: string | null; // JSON
  publish_ready: number;
  missing_fields: string; // JSON string[]
  vinted_listing_id: string | null;
  vinted_url: string | null;
  /** The price the Vinted listing shows, as the app last published or updated it (migration 0009); null when unknown. */
  vinted_price_cents?: number | null;
  auto_drop: number;
  /** 1 when the seller set auto_drop on this item; 0: it follows the pricing settings' drop_by_default. */
  auto_drop_chosen?: number;
  drop_rate: number | null;
  floor_cents: number | null;
  publish_opt_in: number;
  demo: number;
  /** What the seller paid for the item, and when and where they got it (migration 0010). */
  purchase_cost_cents?: number | null;
  acquired_at?: string | null;
  source?: string | null;
  /** The seller's reference, unique; generated on create (migration 0010). */
  sku?: string | null;
  /** Where the item waits on the shelf (box, shelf…), searched by `q` (migration 0010). */
  storage_location?: string | null;
  /** Written by triggers for analytics (migration 0010): days from listing to sale when sold, and the first price ever set. */
  sell_days?: number | null;
  first_price_cents?: number | null;
  search_text: string;
  extra: string; // JSON: analysis details and fields later issues add without a migration per field
  created_at: string;
  updated_at: string;
}

export interface PriceHistoryTable {
  /** The owner (migration 0019), set and filtered by the owner scope; queries never name it. */
  owner_id?: string;
  id: Generated<number>;
  item_id: string;
  at: string;
  old_price_cents: number | null;
  new_price_cents: number;
  reason: string;
  rule: string | null;
}

export interface PhotosTable {
  /** The owner (migration 0019), set and filtered by the owner scope; queries never name it. */
  owner_id?: string;
  id: string;
  sha256: string;
  mime: string;
  width: number;
  height: number;
  bytes: number;
  phash: string | null; // 16 hex chars
  colors: string | null; // JSON
  quality: string | null; // JSON
  taken_at: string | null;
  original_name: string | null;
  created_at: string;
}

export interface ItemPhotosTable {
  /** The owner (migration 0019), set and filtered by the owner scope; queries never name it. */
  owner_id?: string;
  item_id: string;
  photo_id: string;
  position: number;
}

export interface JobRunsTable {
  id: string;
  /** Whose work it is (migration 0019): written by the owner scope on insert; the job runs in that owner's scope. */
  owner_id?: string;
  kind: string;
  state: string;
  payload: string; // JSON
  progress: string; // JSON
  result: string | null; // JSON
  error: string | null;
  attempts: number;
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
  updated_at: string;
}

export interface SchedulerTicksTable {
  name: string;
  tick: string;
  claimed_at: string;
  owner: string;
}

export interface SettingsTable {
  /** The owner (migration 0019), set and filtered by the owner scope; queries never name it. */
  owner_id?: string;
  key: string;
  value: string; // JSON
  updated_at: string;
}

export interface Database {
  items: ItemsTable;
  price_history: PriceHistoryTable;
  photos: PhotosTable;
  item_photos: ItemPhotosTable;
  job_runs: JobRunsTable;
  scheduler_ticks: SchedulerTicksTable;
  settings: SettingsTable;
}

export type Json<T> = ColumnType<T, string, string>;
