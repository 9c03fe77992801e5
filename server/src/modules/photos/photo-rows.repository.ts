import { yieldToEventLoop } from '../../platform/concurrency.ts';
import type { Kysely, Transaction } from 'kysely';
import type { Database, PhotosTable } from '../../platform/db/schema.ts';

// What the exports and backups (modules/files) read and write of the photo rows, kept beside the table's other SQL.
export class PhotoRowsRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /** Every photo row in id order, `batch` at a time (a backup holds one batch in memory, whatever the stock). */
  async *all(batch = 1000): AsyncGenerator<PhotosTable[]> {
    let after: string | null = null;
    for (;;) {
      let q = this.db.selectFrom('photos').selectAll();
      if (after !== null) q = q.where('id', '>', after);
      const rows = await q.orderBy('id').limit(batch).execute();
      if (rows.length === 0) return;
      yield rows;
      await yieldToEventLoop(); // between batches: the server answers other requests (issue 23)
      after = rows[rows.length - 1].id;
    }
  }

  /** The SHA-256 of each of these photos that exists. */
  async sha256s(ids: string[]): Promise<Map<string, string>> {
    if (ids.length === 0) return new Map();
    const rows = await this.db.selectFrom('photos').select(['id', 'sha256']).where('id', 'in', ids).execute();
    return new Map(rows.map((p) => [p.id, p.sha256]));
  }

  /**
   * Photo rows of a restore, inside `t`: a row whose id, or whose bytes (SHA-256), are already here is not written;
   * answers the rows written and, for the same bytes under another id, which id to use instead.
   */
  async adopt(rows: PhotosTable[], t: Transaction<Database>): Promise<{ inserted: number; sameBytes: Map<string, string> }> {
    const sameBytes = new Map<string, string>();
    if (rows.length === 0) return { inserted: 0, sameBytes };
    const byId = new Set((await t.selectFrom('photos').select('id').where('id', 'in', rows.map((r) => r.id)).execute()).map((r) => r.id));
    const bySha = new Map((await t.selectFrom('photos').select(['id', 'sha256']).where('sha256', 'in', rows.map((r) => r.sha256)).execute()).map((r) => [r.sha256, r.id]));
    const fresh: PhotosTable[] = [];
    for (const r of rows) {
      if (byId.has(r.id)) continue;
      const same = bySha.get(r.sha256);
      if (same) sameBytes.set(r.id, same);
      else {
        fresh.push(r);
        bySha.set(r.sha256, r.id);
      }
    }
    if (fresh.length) await t.insertInto('photos').values(fresh).execute();
    return { inserted: fresh.length, sameBytes };
  }
}
