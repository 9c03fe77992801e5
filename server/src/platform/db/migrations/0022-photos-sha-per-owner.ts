import { type Kysely, sql } from 'kysely';
import { dialectOf } from '../dialect.ts';

// A photo's bytes are unique per owner, not per install (issue 20): when owner B uploads the exact file owner A
// already has, B gets a row of their own (the files on disk stay shared by content; a file is only ever served
// through a row of its owner's). 0001 declared `sha256 ... unique` on the column: PostgreSQL's constraint
// (photos_sha256_key) is dropped; SQLite made it an automatic index that cannot be dropped, so the table is rebuilt
// without it (SQLite's documented 12 steps: foreign keys off, copy, drop, rename, indexes back, check, keys on). The
// owner leads the new unique index, so the intake's scoped "already have these bytes" lookup still reads it.
export async function up(db: Kysely<any>): Promise<void> {
  if (dialectOf(db) === 'postgres') {
    // By what it is rather than by its usual name: every unique constraint of photos on sha256 alone.
    const named = await sql<{ conname: string }>`
      select c.conname from pg_constraint c join pg_class t on t.oid = c.conrelid join pg_namespace n on n.oid = t.relnamespace
      join pg_attribute a on a.attrelid = t.oid and a.attnum = c.conkey[1]
      where t.relname = 'photos' and n.nspname = current_schema() and c.contype = 'u' and array_length(c.conkey, 1) = 1 and a.attname = 'sha256'`.execute(db);
    for (const c of named.rows) await sql`alter table photos drop constraint ${sql.id(c.conname)}`.execute(db);
  } else {
    await rebuildSqlitePhotos(db, (create) => {
      const without = create.replace(/("sha256"\s+text\s+not null)\s+unique/i, '$1');
      if (without === create) throw new Error(`0022: no unique sha256 column in ${create}`);
      return without;
    });
  }
  await sql`create unique index photos_owner_sha256_idx on photos (owner_id, sha256)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index if exists photos_owner_sha256_idx`.execute(db);
  // Fails when two owners hold the same bytes: the rows of one must go first.
  if (dialectOf(db) === 'postgres') await sql`alter table photos add constraint photos_sha256_key unique (sha256)`.execute(db);
  else await sql`create unique index photos_sha256_idx on photos (sha256)`.execute(db);
}

/** Rebuilds SQLite's photos table from its own definition, changed by `edit`, keeping its rows, indexes and the keys to it. */
async function rebuildSqlitePhotos(db: Kysely<any>, edit: (createSql: string) => string): Promise<void> {
  const table = await sql<{ sql: string }>`select sql from sqlite_master where type = 'table' and name = 'photos'`.execute(db);
  const create = table.rows[0]?.sql;
  if (!create) throw new Error('0022: no photos table');
  const extras = await sql<{ sql: string }>`select sql from sqlite_master where tbl_name = 'photos' and type in ('index', 'trigger') and sql is not null`.execute(db);
  const rebuilt = edit(create).replace(/^create table\s+("?)photos\1/i, 'create table "photos_0022"');
  // PRAGMA foreign_keys is a no-op inside a transaction: it is switched around it (the migrator runs SQLite's
  // migrations outside one, SQLite having no transactional DDL in Kysely's eyes).
  await sql`pragma foreign_keys = off`.execute(db);
  try {
    await sql`begin`.execute(db);
    try {
      await sql.raw(rebuilt).execute(db);
      await sql`insert into photos_0022 select * from photos`.execute(db);
      await sql`drop table photos`.execute(db);
      await sql`alter table photos_0022 rename to photos`.execute(db);
      for (const x of extras.rows) await sql.raw(x.sql).execute(db);
      const broken = await sql`pragma foreign_key_check`.execute(db);
      if (broken.rows.length) throw new Error(`0022: foreign keys broken by the rebuild: ${JSON.stringify(broken.rows.slice(0, 5))}`);
      await sql`commit`.execute(db);
    } catch (err) {
      await sql`rollback`.execute(db);
      throw err;
    }
  } finally {
    await sql`pragma foreign_keys = on`.execute(db);
  }
}
