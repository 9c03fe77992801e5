import type { Kysely } from 'kysely';
import type { Database } from '../../platform/db/schema.ts';

// What the storage lifecycle (modules/storage) asks of the stock: which photos only resting items show (sold or
// archived before a date), and which photos an item shows. Read-only; beside the items' other SQL.
export class PhotoUsageRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /**
   * Photos shown by at least one item, where every item showing them was sold or archived before `cutoff`: a photo
   * an active item still shows (the same bytes used twice) never goes cold. By SHA-256 after `afterSha`, `limit` at a time.
   */
  async restingPhotos(cutoff: string, afterSha: string, limit: number): Promise<{ sha256: string }[]> {
    return this.db
      .selectFrom('photos as p')
      .select('p.sha256')
      .where('p.sha256', '>', afterSha)
      .where((eb) => eb.exists(eb.selectFrom('item_photos as ip').select('ip.photo_id').whereRef('ip.photo_id', '=', 'p.id')))
      .where((eb) => eb.not(eb.exists(
        eb.selectFrom('item_photos as ip')
          .innerJoin('items as i', 'i.id', 'ip.item_id')
          .select('ip.photo_id')
          .whereRef('ip.photo_id', '=', 'p.id')
          .where((w) => w.not(w.or([
            w.and([w('i.status', '=', 'sold'), w('i.sold_at', 'is not', null), w('i.sold_at', '<', cutoff)]),
            w.and([w('i.status', '=', 'archived'), w('i.archived_at', 'is not', null), w('i.archived_at', '<', cutoff)]),
          ]))),
      )))
      .orderBy('p.sha256')
      .limit(limit)
      .execute();
  }

  /** The SHA-256s of the photos an item shows. */
  async photoShasOfItem(itemId: string): Promise<string[]> {
    const rows = await this.db
      .selectFrom('item_photos as ip')
      .innerJoin('photos as p', 'p.id', 'ip.photo_id')
      .select('p.sha256')
      .where('ip.item_id', '=', itemId)
      .orderBy('ip.position')
      .execute();
    return rows.map((r) => r.sha256);
  }
}
