import type { VintedDb, VintedStagedPhotosTable } from './vinted.tables.ts';

// Rows of `vinted_staged_photos`: photos sent to POST /vinted/photos/upload for an ad-hoc prepare (PhotoFiles).

export class StagedPhotosRepository {
  constructor(private readonly db: VintedDb) {}

  async insert(row: VintedStagedPhotosTable): Promise<void> {
    await this.db.insertInto('vinted_staged_photos').values(row).execute();
  }

  async get(id: string): Promise<VintedStagedPhotosTable | null> {
    return (await this.db.selectFrom('vinted_staged_photos').selectAll().where('id', '=', id).executeTakeFirst()) ?? null;
  }

  async many(ids: string[]): Promise<VintedStagedPhotosTable[]> {
    return ids.length ? this.db.selectFrom('vinted_staged_photos').selectAll().where('id', 'in', ids).execute() : [];
  }

  /** Deletes the rows staged before `beforeIso`; answers them, and which of their files other rows still use. */
  async purgeBefore(beforeIso: string): Promise<{ removed: { id: string; file_name: string }[]; stillUsed: Set<string> }> {
    const old = await this.db.selectFrom('vinted_staged_photos').select(['id', 'file_name']).where('created_at', '<', beforeIso).execute();
    if (!old.length) return { removed: [], stillUsed: new Set() };
    await this.db.deleteFrom('vinted_staged_photos').where('id', 'in', old.map((o) => o.id)).execute();
    const still = await this.db.selectFrom('vinted_staged_photos').select('file_name').where('file_name', 'in', old.map((o) => o.file_name)).execute();
    return { removed: old, stillUsed: new Set(still.map((r) => r.file_name)) };
  }
}
