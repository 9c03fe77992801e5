import { type Kysely, sql } from 'kysely';
import type { Database } from '../../platform/db/schema.ts';
import { ownedBy } from '../../platform/security/owner-scope-plugin.ts';

// The seller's past sales with what was known of each item, for the price model learned from them (issue 18 point 6):
// one query over the stock (items, item_photos, price_history: listings'), newest sales last. Writes nothing.

export interface SoldItemFacts {
  item_id: string;
  category: string | null;
  brand: string | null;
  condition: string | null;
  size: string | null;
  gender: string | null;
  /** JSON string[] as stored. */
  colors: string;
  photos: number;
  listed_at: string | null;
  created_at: string;
  sold_at: string;
  sale_price_cents: number;
  /** Price drops the item had before it sold. */
  drops: number;
}

const n = (v: unknown) => Number(v ?? 0);

export class SalesHistoryRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /** The `limit` most recent sales (demo items left out), oldest first: the order the time-ordered split needs. */
  async soldItems(limit: number): Promise<SoldItemFacts[]> {
    const rows = await sql<Record<string, unknown>>`
      select * from (
        select i.id, i.category, i.brand, i.condition, i.size, i.gender, i.colors, i.listed_at, i.created_at, i.sold_at, i.sold_price_cents,
          (select count(*) from item_photos p where p.item_id = i.id and ${ownedBy('p')}) as photos,
          (select count(*) from price_history ph where ph.item_id = i.id and ${ownedBy('ph')} and ph.old_price_cents is not null
             and ph.new_price_cents < ph.old_price_cents and ph.at <= i.sold_at) as drops
        from items i
        where ${ownedBy('i')} and i.status = 'sold' and i.sold_price_cents is not null and i.sold_at is not null and i.demo = 0
        order by i.sold_at desc limit ${limit}
      ) recent order by sold_at asc`.execute(this.db);
    return rows.rows.map((r) => ({
      item_id: String(r.id), category: (r.category as string | null) ?? null, brand: (r.brand as string | null) ?? null,
      condition: (r.condition as string | null) ?? null, size: (r.size as string | null) ?? null, gender: (r.gender as string | null) ?? null,
      colors: String(r.colors ?? '[]'), photos: n(r.photos), listed_at: (r.listed_at as string | null) ?? null, created_at: String(r.created_at),
      sold_at: String(r.sold_at), sale_price_cents: n(r.sold_price_cents), drops: n(r.drops),
    }));
  }

  /** How many sales the model could learn from. */
  async soldCount(): Promise<number> {
    const r = await sql<{ n: unknown }>`select count(*) as n from items where ${ownedBy('items')} and status = 'sold' and sold_price_cents is not null and sold_at is not null and demo = 0`.execute(this.db);
    return n(r.rows[0]?.n);
  }
}
