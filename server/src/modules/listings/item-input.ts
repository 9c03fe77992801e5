import type { ItemsTable } from '../../platform/db/schema.ts';
import { eurosOrNull } from '../../platform/money.ts';
import type { HistoryEntry } from './listings.repository.ts';
import type { CreateItemInput, Item, PatchItemInput } from './listings.schemas.ts';
import type { StockSale } from './sale-ledger.ts';

// The shapes an item write goes through besides the seller's input: what other modules set on creation, the stored
// row laid under a partial edit, the fields an edit changed (for the history) and the sale the ledger records.
// Pure functions, split from item-writes.ts to keep each file about one thing.

/** Fields other modules set on creation besides the seller's own input (analysis results, duplicates, origin). */
export interface SystemFields {
  possible_duplicate?: boolean;
  duplicate_of?: { item_id: string; reason: 'image' | 'title'; score: number; check?: 'hash' | 'lookalike' }[];
  sale_score_breakdown?: unknown;
  demo?: boolean;
  extra?: Record<string, unknown>;
  created_at?: string;
  updated_at?: string;
  history?: HistoryEntry[];
  /** Who or what creates it, for the history (seller when absent): import, bulk, extension, ingest… */
  by?: string;
  /** Status stamps to keep instead of "now" (an import's source history); only those the status has are used. */
  stamps?: { listed_at?: string; sold_at?: string; archived_at?: string };
}

/** A stored sold row as the ledger records it. */
export const saleOf = (row: ItemsTable, source: StockSale['source']): StockSale => ({
  item_id: row.id, sold_price_cents: row.sold_price_cents, sold_at: row.sold_at ?? row.updated_at, purchase_cost_cents: row.purchase_cost_cents ?? null, source,
});

/** The fields among `keys` whose value differs between two versions of an item, in the API's shape (photos by id). */
export function fieldChanges(before: Item, after: Item, keys: string[]): Record<string, { from: unknown; to: unknown }> {
  const shown = (i: Item, k: string): unknown => (k === 'photos' ? i.photos.map((p) => p.id) : (i as unknown as Record<string, unknown>)[k]);
  const out: Record<string, { from: unknown; to: unknown }> = {};
  for (const k of new Set(keys)) {
    if (!(k in after)) continue;
    const [from, to] = [shown(before, k) ?? null, shown(after, k) ?? null];
    if (JSON.stringify(from) !== JSON.stringify(to)) out[k] = { from, to };
  }
  return out;
}

/** The stored item with a partial input laid over it, in the input's shape (euros, arrays). */
export function mergeInput(cur: ItemsTable, p: PatchItemInput): CreateItemInput {
  const pick = <K extends keyof PatchItemInput>(k: K, fallback: PatchItemInput[K]) => (p[k] !== undefined ? p[k] : fallback);
  const curSuggestion = cur.suggestion_target_cents === null ? null : {
    min: eurosOrNull(cur.suggestion_min_cents)!, target: eurosOrNull(cur.suggestion_target_cents)!, max: eurosOrNull(cur.suggestion_max_cents)!,
    justification: cur.suggestion_justification ?? '',
  };
  return {
    title: pick('title', cur.title)!,
    description: pick('description', cur.description),
    brand: pick('brand', cur.brand),
    category: pick('category', cur.category),
    size: pick('size', cur.size),
    condition: pick('condition', cur.condition as CreateItemInput['condition']),
    colors: pick('colors', JSON.parse(cur.colors)),
    material: pick('material', cur.material),
    gender: pick('gender', cur.gender as CreateItemInput['gender']),
    keywords: pick('keywords', JSON.parse(cur.keywords)),
    hashtags: pick('hashtags', JSON.parse(cur.hashtags)),
    price: pick('price', eurosOrNull(cur.price_cents)),
    price_suggestion: pick('price_suggestion', curSuggestion),
    estimated_sale_score: pick('estimated_sale_score', cur.estimated_sale_score),
    vinted: pick('vinted', cur.vinted_listing_id || cur.vinted_url ? { listing_id: cur.vinted_listing_id, url: cur.vinted_url } : null),
    auto_drop: pick('auto_drop', cur.auto_drop === 1),
    drop_rate: pick('drop_rate', cur.drop_rate),
    floor: pick('floor', eurosOrNull(cur.floor_cents)),
    publish_opt_in: pick('publish_opt_in', cur.publish_opt_in === 1),
    purchase_cost: pick('purchase_cost', eurosOrNull(cur.purchase_cost_cents)),
    acquired_at: pick('acquired_at', cur.acquired_at ?? null),
    source: pick('source', cur.source ?? null),
    storage_location: pick('storage_location', cur.storage_location ?? null),
    sku: pick('sku', cur.sku ?? null),
  };
}
