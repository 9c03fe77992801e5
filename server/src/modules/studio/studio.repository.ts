import type { Kysely } from 'kysely';
import type { Database } from '../../platform/db/schema.ts';
import { type PhotoEditsTable, type StudioDb, studioDb } from './studio.tables.ts';

export class StudioRepository {
  private readonly db: StudioDb;

  constructor(db: Kysely<Database>) {
    this.db = studioDb(db);
  }

  async get(photoId: string): Promise<PhotoEditsTable | null> {
    return (await this.db.selectFrom('photo_edits').selectAll().where('photo_id', '=', photoId).executeTakeFirst()) ?? null;
  }

  async many(photoIds: string[]): Promise<Map<string, PhotoEditsTable>> {
    if (photoIds.length === 0) return new Map();
    const rows = await this.db.selectFrom('photo_edits').selectAll().where('photo_id', 'in', photoIds).execute();
    return new Map(rows.map((r) => [r.photo_id, r]));
  }

  /** Insert or replace one photo's edit (one statement: the row is either the old edit or the new one). */
  async put(row: PhotoEditsTable): Promise<void> {
    await this.db.insertInto('photo_edits').values(row)
      .onConflict((oc) => oc.column('photo_id').doUpdateSet({ item_id: row.item_id, params: row.params, params_key: row.params_key, updated_at: row.updated_at }))
      .execute();
  }

  async remove(photoId: string): Promise<boolean> {
    const r = await this.db.deleteFrom('photo_edits').where('photo_id', '=', photoId).executeTakeFirst();
    return Number(r.numDeletedRows) > 0;
  }

  /** Every edit, a batch at a time in photo id order (backups). */
  async *allRows(batch: number): AsyncGenerator<PhotoEditsTable[]> {
    let after = '';
    for (;;) {
      const rows = await this.db.selectFrom('photo_edits').selectAll().where('photo_id', '>', after).orderBy('photo_id').limit(batch).execute();
      if (rows.length) yield rows;
      if (rows.length < batch) return;
      after = rows[rows.length - 1].photo_id;
    }
  }

  async deleteAll(): Promise<void> {
    await this.db.deleteFrom('photo_edits').execute();
  }
}
