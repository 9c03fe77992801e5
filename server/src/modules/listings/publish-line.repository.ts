import { type Kysely, sql } from 'kysely';
import type { Database, ItemsTable } from '../../platform/db/schema.ts';

// What the Vinted publish queue (modules/vinted) reads of the stock: the drafts the seller opted in for publication,
// kept beside the table's other SQL. The queue's own state lives in its table and is joined by the connector.

export type PublishLineItem = Pick<ItemsTable, 'id' | 'title' | 'status' | 'publish_ready' | 'created_at' | 'updated_at'>;

const COLUMNS = ['id', 'title', 'status', 'publish_ready', 'created_at', 'updated_at'] as const;

/** An item with its Vinted listing (GET /vinted/listings). */
export type OnVintedItem = Pick<ItemsTable, 'id' | 'title' | 'status' | 'price_cents' | 'vinted_listing_id' | 'vinted_url' | 'listed_at' | 'updated_at'> & { vinted_price_cents: number | null };

/** A listed item whose Vinted listing still shows an older price than ours. */
export interface VintedPriceChange { id: string; title: string; vinted_listing_id: string; vinted_url: string | null; price_cents: number; vinted_price_cents: number; updated_at: string }
// Ids per `in (…)` list: well under the bound-parameter caps of SQLite and PostgreSQL.
const SLICE = 500;

export class PublishLineRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /** Drafts opted in for publication (`publish_opt_in`), oldest first. */
  async optedInDrafts(): Promise<PublishLineItem[]> {
    return this.db.selectFrom('items').select(COLUMNS).where('publish_opt_in', '=', 1).where('status', '=', 'draft')
      .orderBy('created_at').orderBy('id').execute();
  }

  /** The same columns for these items (those that exist, whatever their status). */
  async byIds(ids: string[]): Promise<PublishLineItem[]> {
    const out: PublishLineItem[] = [];
    for (let i = 0; i < ids.length; i += SLICE) out.push(...(await this.db.selectFrom('items').select(COLUMNS).where('id', 'in', ids.slice(i, i + SLICE)).execute()));
    return out;
  }

  /** Listed items on Vinted whose price changed here since the app last set it there, oldest change first. */
  async pendingVintedPrices(limit: number): Promise<VintedPriceChange[]> {
    const rows = await this.db.selectFrom('items')
      .select(['id', 'title', 'vinted_listing_id', 'vinted_url', 'price_cents', 'vinted_price_cents', 'updated_at'])
      .where('status', '=', 'listed').where('vinted_listing_id', 'is not', null).where('price_cents', 'is not', null)
      .where('vinted_price_cents', 'is not', null).where(sql<boolean>`vinted_price_cents <> price_cents`)
      .orderBy('updated_at').orderBy('id').limit(limit).execute();
    return rows as VintedPriceChange[];
  }

  /** Items that have a Vinted listing (any status), most recently listed first; `status` narrows them. */
  async onVinted(limit: number, status?: string): Promise<OnVintedItem[]> {
    let q = this.db.selectFrom('items')
      .select(['id', 'title', 'status', 'price_cents', 'vinted_listing_id', 'vinted_url', 'vinted_price_cents', 'listed_at', 'updated_at'])
      .where('vinted_listing_id', 'is not', null);
    if (status) q = q.where('status', '=', status);
    return (await q.orderBy('listed_at', 'desc').orderBy('id', 'desc').limit(limit).execute()) as OnVintedItem[];
  }
}
