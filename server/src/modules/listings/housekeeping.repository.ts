import type { Kysely } from 'kysely';
import type { Database } from '../../platform/db/schema.ts';

// Reads and small writes on items for the maintenance module (old drafts, the demo photoset), kept beside the
// table's other SQL.
export class HousekeepingRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /** Drafts untouched since before `cutoff`, oldest first. */
  async staleDraftIds(cutoff: string): Promise<string[]> {
    const rows = await this.db.selectFrom('items').select('id').where('status', '=', 'draft').where('updated_at', '<', cutoff).orderBy('updated_at').execute();
    return rows.map((r) => r.id);
  }

  /** Items of the demo photoset (all of them, or the first `limit`). */
  async demoItemIds(limit?: number): Promise<string[]> {
    let q = this.db.selectFrom('items').select('id').where('demo', '=', 1);
    if (limit !== undefined) q = q.limit(limit);
    return (await q.execute()).map((r) => r.id);
  }

  async markDemo(id: string): Promise<void> {
    await this.db.updateTable('items').set({ demo: 1 }).where('id', '=', id).execute();
  }

  /** The distinct photos the given items show, 500 items per query (an import's thousands of items in a few reads). */
  async photoIdsOf(itemIds: string[], db: Kysely<Database> = this.db): Promise<string[]> {
    const out = new Set<string>();
    for (let i = 0; i < itemIds.length; i += 500) {
      const rows = await db.selectFrom('item_photos').select('photo_id').where('item_id', 'in', itemIds.slice(i, i + 500)).execute();
      for (const r of rows) out.add(r.photo_id);
    }
    return [...out];
  }

  /** Of `photoIds`, those some item still shows. */
  async photosShown(photoIds: string[], db: Kysely<Database> = this.db): Promise<Set<string>> {
    if (photoIds.length === 0) return new Set();
    const rows = await db.selectFrom('item_photos').select('photo_id').where('photo_id', 'in', photoIds).execute();
    return new Set(rows.map((r) => r.photo_id));
  }
}
