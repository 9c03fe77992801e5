import type { SellerMemoryDb, SellerMemoryTable } from './seller-memory.tables.ts';

// SQL of the seller's memory (tables seller_memory and seller_memory_versions, migrations 0013 and 0026). The
// memory keys its rows by its own `owner` column (like price_models): the service passes the owner of the work.
export class SellerMemoryRepository {
  constructor(private readonly db: SellerMemoryDb) {}

  /**
   * Replaces an item's remembered photos with these rows (a re-confirmation brings the labels up to date) and raises
   * the owner's version in the same transaction; returns the new version.
   */
  replaceItem(owner: string, itemId: string, rows: SellerMemoryTable[]): Promise<number> {
    return this.db.transaction().execute(async (t) => {
      await t.deleteFrom('seller_memory').where('owner', '=', owner).where('item_id', '=', itemId).execute();
      if (rows.length) await t.insertInto('seller_memory').values(rows).execute();
      return bump(t, owner);
    });
  }

  /** One owner's newest rows in this vector space, newest first, at most `limit`. */
  newest(owner: string, space: string, limit: number): Promise<SellerMemoryTable[]> {
    return this.db.selectFrom('seller_memory').selectAll().where('owner', '=', owner).where('space', '=', space)
      .orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit).execute();
  }

  /** The owner's memory version (0 before any write): one primary-key read, cheap enough to ask each second. */
  async version(owner: string): Promise<number> {
    const r = await this.db.selectFrom('seller_memory_versions').select('version').where('owner', '=', owner).executeTakeFirst();
    return Number(r?.version ?? 0);
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

  /** Forgets the owner's memory; returns how many photos were removed and the new version. */
  forgetAll(owner: string): Promise<{ forgotten: number; version: number }> {
    return this.db.transaction().execute(async (t) => {
      const r = await t.deleteFrom('seller_memory').where('owner', '=', owner).executeTakeFirst();
      return { forgotten: Number(r.numDeletedRows), version: await bump(t, owner) };
    });
  }
}

async function bump(t: SellerMemoryDb, owner: string): Promise<number> {
  const r = await t.insertInto('seller_memory_versions').values({ owner, version: 1 })
    .onConflict((oc) => oc.column('owner').doUpdateSet((eb) => ({ version: eb('seller_memory_versions.version', '+', 1) })))
    .returning('version').executeTakeFirstOrThrow();
  return Number(r.version);
}
