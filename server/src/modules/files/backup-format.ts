import { z } from 'zod';
import { GENDERS } from '@vintedbot/catalog';
import { ORDER_STATUSES } from '../orders/index.ts';
import { cleanLine } from '../../platform/text.ts';

// The backup archive's layout, shared by the writer and the restore. Every entry is listed in the manifest with its
// SHA-256 and size; the restore accepts nothing else.
//   manifest.json                      format, version, counts, files {name: {sha256, bytes}}
//   stock/items.jsonl                  one items row per line (all columns, money in cents)
//   stock/price_history.jsonl          one price_history row per line (without its serial id)
//   stock/photos.jsonl                 one photos row per line
//   stock/item_photos.jsonl            one item_photos row per line
//   stock/settings.jsonl               seller settings (nothing secret is stored there)
//   stock/orders.jsonl                 one orders row per line (the sales ledger); absent from backups made before it
//   stock/photo_edits.jsonl            one photo studio edit per line (parameters); absent from backups made before it
//   photos/<aa>/<sha256>.<variant>     the photo files, content-addressed as in DATA_DIR/photos, with the studio's
//                                      full-resolution master (<sha256>.original.jpg) where the intake kept one
export const BACKUP_FORMAT = 'vintedbot-backup';
export const BACKUP_VERSION = 1;
// Items first: the tables after them are checked against the items the backup holds.
export const STOCK_FILES = ['items', 'price_history', 'photos', 'item_photos', 'settings', 'orders', 'photo_edits'] as const;
export type StockFile = (typeof STOCK_FILES)[number];
/** Tables a backup may lack: added after the format's first backups, which still restore (without them). */
export const OPTIONAL_STOCK_FILES: readonly StockFile[] = ['orders', 'photo_edits'];
export const stockEntry = (f: StockFile) => `stock/${f}.jsonl`;
export const PHOTO_ENTRY = /^photos\/([0-9a-f]{2})\/([0-9a-f]{64})\.(preview\.jpg|thumb\.webp|original\.jpg)$/;

/** The cap of one entry: a photo file is one the photo intake took (PHOTO_MAX_BYTES); the others only have the total cap. */
export const backupEntryCap = (photoMaxBytes: number) => (name: string) => (PHOTO_ENTRY.test(name) ? photoMaxBytes : Number.MAX_SAFE_INTEGER);

const sha = z.string().regex(/^[0-9a-f]{64}$/);
export const ManifestSchema = z.object({
  format: z.literal(BACKUP_FORMAT),
  version: z.number().int(),
  app_version: z.string(),
  created_at: z.string(),
  counts: z.record(z.string(), z.number().int().min(0)),
  files: z.record(z.string(), z.object({ sha256: sha, bytes: z.number().int().min(0) })),
});
export type Manifest = z.infer<typeof ManifestSchema>;

const text = z.string();
const ntext = z.string().nullable();
// One-line fields as the API takes them (platform/text.ts): a restored title has no newline an edit would refuse.
const line = z.string().overwrite(cleanLine);
const nline = line.nullable();
const int = z.number().int();
const nint = z.number().int().nullable();
const flag = z.union([z.literal(0), z.literal(1)]);

// Row shapes as stored. Unknown columns (a newer version's) are dropped; a missing optional column gets its default.
export const ItemRowSchema = z.object({
  id: z.string().regex(/^[0-9a-f-]{36}$/i), title: line, description: text, brand: nline, category: nline, size: nline, condition: ntext,
  colors: text, material: nline, gender: z.enum(GENDERS).nullable().default(null), keywords: text, hashtags: text, price_cents: nint, suggestion_min_cents: nint, suggestion_target_cents: nint,
  suggestion_max_cents: nint, suggestion_justification: ntext, status: z.enum(['draft', 'listed', 'sold', 'archived']), listed_at: ntext,
  sold_at: ntext, sold_price_cents: nint, archived_at: ntext, possible_duplicate: flag, duplicate_of: text, estimated_sale_score: nint,
  sale_score_breakdown: ntext, publish_ready: flag, missing_fields: text, vinted_listing_id: ntext, vinted_url: ntext, vinted_price_cents: nint.default(null), auto_drop: flag,
  drop_rate: z.number().nullable(), floor_cents: nint, publish_opt_in: flag, demo: flag, search_text: text, extra: text,
  created_at: text, updated_at: text, last_auto_drop_on: ntext.default(null), auto_drop_chosen: flag.default(0),
  // Issue 18 (migration 0010): what a reseller tracks; absent from older backups.
  purchase_cost_cents: nint.default(null), acquired_at: ntext.default(null), source: ntext.default(null), sku: ntext.default(null),
  storage_location: ntext.default(null),
});
const cents = int.min(1, 'must be at least 0.01 €');
const isoDate = text.regex(/^\d{4}-\d{2}-\d{2}T/, 'must be an ISO 8601 date').refine((s) => !Number.isNaN(Date.parse(s)), 'must be an ISO 8601 date');
export const HistoryRowSchema = z.object({
  item_id: text, at: isoDate, old_price_cents: cents.nullable(), new_price_cents: cents, reason: text.max(40), rule: ntext.refine((s) => s === null || s.length <= 500, 'at most 500 characters'),
});
export const PhotoRowSchema = z.object({
  id: text, sha256: sha, mime: text, width: int.min(1), height: int.min(1), bytes: int.min(1), phash: ntext, colors: ntext, quality: ntext, taken_at: ntext,
  original_name: ntext, created_at: text,
});
export const ItemPhotoRowSchema = z.object({ item_id: text, photo_id: text, position: int.min(0) });
export const SettingRowSchema = z.object({ key: text, value: text, updated_at: text });
const centsOrZero = int.min(0).max(10_000_000);
const nIsoDate = isoDate.nullable();
export const OrderRowSchema = z.object({
  id: z.string().regex(/^[0-9a-f-]{36}$/i), item_id: text, status: z.enum(ORDER_STATUSES), platform: line.pipe(z.string().min(1).max(40)),
  source: z.enum(['seller', 'extension', 'import']), external_id: nline.refine((s) => s === null || s.length <= 100, 'at most 100 characters'),
  sale_price_cents: centsOrZero, fees_cents: centsOrZero, shipping_cents: centsOrZero, packaging_cents: centsOrZero, cost_cents: centsOrZero,
  // Absent from backups made before migration 0032: the ledger settles those as the migration did (order-backups.ts).
  cost_known: flag.optional(),
  buyer_name: nline.refine((s) => s === null || s.length <= 100, 'at most 100 characters'), carrier: nline.refine((s) => s === null || s.length <= 60, 'at most 60 characters'),
  tracking_number: nline.refine((s) => s === null || s.length <= 100, 'at most 100 characters'),
  sold_at: isoDate, shipped_at: nIsoDate, delivered_at: nIsoDate, completed_at: nIsoDate, closed_at: nIsoDate, created_at: isoDate, updated_at: isoDate,
});

// The edit's parameters are checked against their photo by the studio's own rules (files/backup-restore.ts).
export const PhotoEditRowSchema = z.object({ photo_id: text, item_id: text, params: text.max(4000), updated_at: isoDate });

export const ROW_SCHEMAS = {
  items: ItemRowSchema, price_history: HistoryRowSchema, photos: PhotoRowSchema, item_photos: ItemPhotoRowSchema, settings: SettingRowSchema,
  orders: OrderRowSchema, photo_edits: PhotoEditRowSchema,
} as const;

/** Settings that could hold something secret never leave the machine in a backup. */
export const SECRET_SETTING = /secret|token|cookie|session|password|credential|api[_-]?key/i;
