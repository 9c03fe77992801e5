import type { SellerMemoryDb, SellerMemoryTable } from './seller-memory.tables.ts';

// SQL of the seller's memory (table seller_memory, migration 0013).
export class SellerMemoryRepository {
  constructor(private readonly db: SellerMemoryDb) {}

  /** Replaces an item's remembered photos with these rows (a re-confirmation brings the labels up to date). */
  async replaceItem(owner: string, itemId: string, rows: SellerMemoryTable[]): Promise<void> {
    await this.db.transaction().execute(async (t) => {
      await t.deleteFrom('seller_memory').where('owner', '=', owner).where('item_id', '=', itemId).execute();
      if (rows.length) await t.insertInto('seller_memory').values(rows).execute();
    });
  }

  /** One owner's newest rows in this vector space, newest first, at most `limit`. */
  newest(owner: string, space: string, limit: number): Promise<SellerMemoryTable[]> {
    return this.db.selectFrom('seller_memory').selectAll().where('owner', '=', owner).where('space', '=', space)
      .orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit).execute();
  }

  /** How many items have remembered photos. */
  async countItems(owner: string): Promise<number> {
    const r = await this.db.selectFrom('seller_memory').select((eb) => eb.fn.count<number>('item_id').distinct().as('n')).where('owner', '=', owner).executeTakeFirst();
    return Number(r?.n ?? 0);
  }

  /** Remembered photos per confirmed category, for the settings card. */
  async countsByCategory(owner: string): Promise<{ category: string | null; n: number }[]> {
    const rows = await this.db.selectFrom('seller_memory').select(['category', (eb) => eb.fn.countAll<number>().as('n')])
      .where('owner', '=', owner).groupBy('category').execute();
    return rows.map((r) => ({ category: r.category, n: Number(r.n) }));
  }

  async forgetAll(owner: string): Promise<number> {
    const r = await this.db.deleteFrom('seller_memory').where('owner', '=', owner).executeTakeFirst();
    return Number(r.numDeletedRows);
  }
}
