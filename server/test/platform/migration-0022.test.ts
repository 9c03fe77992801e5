import SQLite from 'better-sqlite3';
import { Kysely, type Migration, Migrator, SqliteDialect, sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { MIGRATIONS } from '../../src/platform/db/migrator.ts';

// Migration 0022 on SQLite rebuilds the photos table (an inline UNIQUE cannot be dropped there): a stock migrated up
// to 0021 keeps every photo row, the rows that point at them, its indexes and its foreign keys, and the same bytes
// may then be stored once per owner.

async function migrate(db: Kysely<any>, names: string[]) {
  const migrations = Object.fromEntries(names.map((n) => [n, MIGRATIONS[n]])) as Record<string, Migration>;
  const m = new Migrator({ db, provider: { getMigrations: async () => migrations }, allowUnorderedMigrations: true });
  const { error } = await m.migrateToLatest();
  if (error) throw error;
}

describe('migration 0022 (photos unique per owner and content) on SQLite', () => {
  it('keeps the rows, their references, indexes and foreign keys', async () => {
    const raw = new SQLite(':memory:');
    raw.pragma('foreign_keys = ON');
    const db = new Kysely<any>({ dialect: new SqliteDialect({ database: raw }) });
    const before = Object.keys(MIGRATIONS).filter((n) => n < '0022');
    await migrate(db, before);

    const at = '2026-01-01T00:00:00Z';
    const photo = (id: string, sha: string, owner: string) => ({ id, sha256: sha, mime: 'image/jpeg', width: 1, height: 1, bytes: 1, created_at: at, owner_id: owner });
    await db.insertInto('photos').values([photo('p1', 'aa', 'seller'), photo('p2', 'bb', 'seller')]).execute();
    // The install-wide unique refused the same bytes for another owner.
    await expect(db.insertInto('photos').values(photo('p3', 'aa', 'bea')).execute()).rejects.toThrow(/UNIQUE/);
    const item = { id: 'i1', title: 'Pull', status: 'draft', created_at: at, updated_at: at };
    await db.insertInto('items').values(item).execute();
    await db.insertInto('item_photos').values({ item_id: 'i1', photo_id: 'p1', position: 0 }).execute();
    await db.insertInto('photo_hash_bands').values({ band: 0, value: 1, photo_id: 'p2', phash: '0', colour_sig: 'x' }).execute();
    const indexesBefore = (await sql<{ name: string }>`select name from sqlite_master where type = 'index' and tbl_name = 'photos' and sql is not null order by name`.execute(db)).rows.map((r) => r.name);

    await migrate(db, [...before, '0022-photos-sha-per-owner']);

    expect((await db.selectFrom('photos').select(['id', 'sha256', 'owner_id']).orderBy('id').execute())).toEqual([
      { id: 'p1', sha256: 'aa', owner_id: 'seller' }, { id: 'p2', sha256: 'bb', owner_id: 'seller' },
    ]);
    expect(await db.selectFrom('item_photos').select(['item_id', 'photo_id']).execute()).toEqual([{ item_id: 'i1', photo_id: 'p1' }]);
    const indexesAfter = (await sql<{ name: string }>`select name from sqlite_master where type = 'index' and tbl_name = 'photos' and sql is not null order by name`.execute(db)).rows.map((r) => r.name);
    expect(indexesAfter).toEqual([...indexesBefore, 'photos_owner_sha256_idx'].sort());
    expect(raw.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(raw.pragma('foreign_key_check')).toEqual([]);

    // Same bytes, another owner: stored. Same bytes, same owner: refused.
    await db.insertInto('photos').values(photo('p3', 'aa', 'bea')).execute();
    await expect(db.insertInto('photos').values(photo('p4', 'aa', 'bea')).execute()).rejects.toThrow(/UNIQUE/);
    // The keys to photos still hold: a photo an item shows cannot go; one deleted takes its hash rows with it.
    await expect(db.deleteFrom('photos').where('id', '=', 'p1').execute()).rejects.toThrow(/FOREIGN KEY/);
    await db.deleteFrom('photos').where('id', '=', 'p2').execute();
    expect(await db.selectFrom('photo_hash_bands').selectAll().execute()).toEqual([]);
    await expect(db.insertInto('item_photos').values({ item_id: 'i1', photo_id: 'nope', position: 1 }).execute()).rejects.toThrow(/FOREIGN KEY/);
    await db.destroy();
  });
});
