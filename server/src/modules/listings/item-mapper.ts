import type { ItemsTable, PriceHistoryTable } from '../../platform/db/schema.ts';
import { eurosOrNull, toEuros } from '../../platform/money.ts';
import type { Item } from './listings.schemas.ts';
import { gateWarnings } from './quality-gates.ts';

export interface ItemPhotoRow { item_id: string; photo_id: string; position: number }

export const photoUrls = (id: string) => ({ id, url: `/photos/${id}`, thumb_url: `/photos/${id}/thumb` });

/** Turns a stored row (cents, JSON text, 0/1 flags) into the API's item (euros, arrays, booleans). */
export function toItem(row: ItemsTable, photos: ItemPhotoRow[], history: Pick<PriceHistoryTable, 'at' | 'old_price_cents' | 'new_price_cents' | 'reason' | 'rule'>[]): Item {
  const hasSuggestion = row.suggestion_target_cents !== null;
  return {
    id: row.id,
    title: row.title,
    description: row.description,
    brand: row.brand,
    category: row.category,
    size: row.size,
    condition: row.condition as Item['condition'],
    colors: JSON.parse(row.colors),
    material: row.material,
    gender: row.gender as Item['gender'],
    keywords: JSON.parse(row.keywords),
    hashtags: JSON.parse(row.hashtags),
    price: eurosOrNull(row.price_cents),
    price_suggestion: hasSuggestion
      ? {
          min: toEuros(row.suggestion_min_cents ?? row.suggestion_target_cents!),
          target: toEuros(row.suggestion_target_cents!),
          max: toEuros(row.suggestion_max_cents ?? row.suggestion_target_cents!),
          justification: row.suggestion_justification ?? '',
        }
      : null,
    price_target: eurosOrNull(row.suggestion_target_cents ?? row.price_cents),
    price_history: history.map((h) => ({
      at: h.at, old_price: eurosOrNull(h.old_price_cents), new_price: toEuros(h.new_price_cents), reason: h.reason, rule: h.rule,
    })),
    status: row.status as Item['status'],
    listed_at: row.listed_at,
    sold_at: row.sold_at,
    sold_price: eurosOrNull(row.sold_price_cents),
    archived_at: row.archived_at,
    possible_duplicate: row.possible_duplicate === 1,
    duplicate_of: JSON.parse(row.duplicate_of),
    estimated_sale_score: row.estimated_sale_score,
    flags: { publish_ready: row.publish_ready === 1, missing_fields: JSON.parse(row.missing_fields), warnings: gateWarnings(photos.length) },
    photos: [...photos].sort((a, b) => a.position - b.position).map((p) => photoUrls(p.photo_id)),
    vinted: {
      listing_id: row.vinted_listing_id, url: row.vinted_url, price: eurosOrNull(row.vinted_price_cents ?? null),
      price_pending: vintedPricePending(row),
    },
    auto_drop: row.auto_drop === 1,
    auto_drop_chosen: row.auto_drop_chosen === 1,
    drop_rate: row.drop_rate,
    floor: eurosOrNull(row.floor_cents),
    publish_opt_in: row.publish_opt_in === 1,
    purchase_cost: eurosOrNull(row.purchase_cost_cents ?? null),
    acquired_at: row.acquired_at ?? null,
    source: row.source ?? null,
    sku: row.sku ?? null,
    storage_location: row.storage_location ?? null,
    demo: row.demo === 1,
    created_at: row.created_at,
    updated_at: row.updated_at,
  };
}

const fold = (s: string) => s.toLowerCase().normalize('NFD').replace(/\p{M}/gu, '');
/**
 * What `q` searches: title, brand and description, then SKU and storage location when the item has them (an item
 * without keeps the text it had before they existed), lower-cased without accents.
 */
export const searchText = (r: { title: string; brand: string | null; description: string; sku?: string | null; storage_location?: string | null }) =>
  fold(`${r.title}\n${r.brand ?? ''}\n${r.description}${[r.sku, r.storage_location].some(Boolean) ? `\n${r.sku ?? ''}\n${r.storage_location ?? ''}` : ''}`);
export const foldQuery = fold;

/**
 * The item is on Vinted and its price changed here since the app last set it there (a price drop, an edit): Vinted
 * still shows the old price until the publish queue (or the seller) updates it. Unknown live price: not pending.
 */
export const vintedPricePending = (row: Pick<ItemsTable, 'vinted_listing_id' | 'vinted_price_cents' | 'price_cents'>) =>
  row.vinted_listing_id !== null && row.vinted_price_cents !== null && row.vinted_price_cents !== undefined && row.price_cents !== null
  && row.vinted_price_cents !== row.price_cents;
