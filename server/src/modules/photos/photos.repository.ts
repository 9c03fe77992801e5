import type { Kysely } from 'kysely';
import type { Database, PhotosTable } from '../../platform/db/schema.ts';
import { ownerScope } from '../../platform/security/owner-scope.ts';
import { newId } from '../../platform/time.ts';
import { phashBands } from './phash.ts';
import { type PhotoHashBandsTable, type PhotosDatabase, type PhotosDb, photosDb } from './photos.tables.ts';

export interface NewPhoto { row: PhotosTable; colourSignature: string }

export class PhotosRepository {
  readonly db: Kysely<PhotosDatabase>;

  constructor(db: Kysely<Database>) {
    this.db = photosDb(db);
  }

  async get(id: string): Promise<PhotosTable | null> {
    return (await this.db.selectFrom('photos').selectAll().where('id', '=', id).executeTakeFirst()) ?? null;
  }

  /** The bytes of the current owner's stored photos (the upload sizes): what the storage quota measures. */
  async bytesUsed(): Promise<number> {
    const row = await this.db.selectFrom('photos').select((eb) => eb.fn.coalesce(eb.fn.sum<number | string>('bytes'), eb.lit(0)).as('total')).executeTakeFirst();
    return Number(row?.total ?? 0);
  }

  async bySha(shas: string[], db: PhotosDb = this.db): Promise<Map<string, PhotosTable>> {
    if (shas.length === 0) return new Map();
    const rows = await db.selectFrom('photos').selectAll().where('sha256', 'in', shas).execute();
    return new Map(rows.map((r) => [r.sha256, r]));
  }

  /**
   * Inserts the photos not stored yet (by SHA-256) with their hash bands, in one transaction, and answers the row of
   * every photo: the same bytes sent twice, or by two requests at once, end up as one row.
   */
  async insertMissing(photos: NewPhoto[]): Promise<{ rows: Map<string, PhotosTable>; inserted: Set<string> }> {
    return this.db.transaction().execute(async (t) => {
      const shas = photos.map((p) => p.row.sha256);
      const existing = await this.bySha(shas, t);
      const inserted = new Set<string>();
      for (const p of photos.filter((x) => !existing.has(x.row.sha256))) {
        // The id (time-ordered) is taken now, at commit time, not when the analysis began: readers that follow new
        // photos by id (the duplicate index) then only need a short margin for late commits.
        const row = { ...p.row, id: newId() };
        const colourSignature = p.colourSignature;
        // A concurrent request may have inserted the same photo since the read above: the unique (owner, sha256)
        // decides (0022; the owner scope adds owner_id to the target). Another owner's row of the same bytes is not one.
        const res = await t.insertInto('photos').values(row).onConflict((oc) => oc.column('sha256').doNothing()).executeTakeFirst();
        if (Number(res.numInsertedOrUpdatedRows ?? 0) === 1) {
          inserted.add(row.sha256);
          if (row.phash) await t.insertInto('photo_hash_bands').values(bandRows(row.id, row.phash, colourSignature)).execute();
        }
      }
      return { rows: await this.bySha(shas, t), inserted };
    });
  }

  /** Photos stored without hash bands (rows an import wrote directly, or an older version): the backfill's work list. */
  async withoutBands(afterId: string, limit: number): Promise<Pick<PhotosTable, 'id' | 'sha256' | 'phash'>[]> {
    return this.db.selectFrom('photos').select(['id', 'sha256', 'phash'])
      .where('id', '>', afterId)
      .where(({ not, exists, selectFrom }) => not(exists(selectFrom('photo_hash_bands').select('photo_id').where('band', '=', 0).whereRef('photo_hash_bands.photo_id', '=', 'photos.id'))))
      .orderBy('id').limit(limit).execute();
  }

  /** Ids of the current owner's photos with these SHA-256s (one row per content and owner; the scope adds the owner). */
  async idsBySha(shas: string[]): Promise<{ id: string; sha256: string }[]> {
    if (shas.length === 0) return [];
    return this.db.selectFrom('photos').select(['id', 'sha256']).where('sha256', 'in', shas).execute();
  }

  /** One hash row per photo (its band-0 row) after `afterId` in id order: what the duplicate index is built from. */
  async hashRowsAfter(afterId: string, limit: number): Promise<{ photo_id: string; phash: string; colour_sig: string }[]> {
    return this.db.selectFrom('photo_hash_bands').select(['photo_id', 'phash', 'colour_sig'])
      .where('band', '=', 0).where('photo_id', '>', afterId).orderBy('photo_id').limit(limit).execute();
  }

  /**
   * Of these SHA-256s, those still held by a photo row of any owner: a file on disk is shared by everyone who sent
   * the same bytes (0022), so it goes only with its last row. System scope: it must see every owner's rows.
   */
  async shasInUse(shas: string[]): Promise<Set<string>> {
    if (shas.length === 0) return new Set();
    const rows = await ownerScope.system(() => this.db.selectFrom('photos').select('sha256').distinct().where('sha256', 'in', shas).execute());
    return new Set(rows.map((r) => r.sha256));
  }

  /** Deletes these photo rows (their hash rows go with them, by cascade) and answers which were there. */
  async deleteMany(ids: string[]): Promise<{ id: string; sha256: string }[]> {
    if (ids.length === 0) return [];
    return this.db.transaction().execute(async (t) => {
      const gone = await t.selectFrom('photos').select(['id', 'sha256']).where('id', 'in', ids).execute();
      if (gone.length) await t.deleteFrom('photos').where('id', 'in', gone.map((g) => g.id)).execute();
      return gone;
    });
  }

  async addBands(photoId: string, phash: string, colourSignature: string, setPhash: boolean): Promise<void> {
    await this.db.transaction().execute(async (t) => {
      if (setPhash) await t.updateTable('photos').set({ phash }).where('id', '=', photoId).execute();
      await t.insertInto('photo_hash_bands').values(bandRows(photoId, phash, colourSignature)).execute();
    });
  }
}

export const bandRows = (photoId: string, phash: string, colourSig: string): PhotoHashBandsTable[] =>
  phashBands(phash).map((value, band) => ({ band, value, photo_id: photoId, phash, colour_sig: colourSig }));
