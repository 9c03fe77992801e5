import { type Kysely, sql } from 'kysely';
import { dialectOf } from '../dialect.ts';

// Issue 23 (scale at a million items), the read side:
// - Each listing filter has an index in the default order (created_at, id), so a filtered page walks the index
//   in order and stops at its limit instead of reading every row of the stock. The filters compare lower(brand) and
//   lower(size), so the indexes hold those expressions. Brand with size, the web app's usual pair, has its own.
// - `q=` (a substring of search_text, already folded: lower-case, no accents) has a trigram index: an FTS5
//   external-content table on SQLite, kept by triggers (every write path, restores included, goes through items),
//   and pg_trgm's GIN index on PostgreSQL. A query that no item contains answers from the index, without a scan.
// - The title index (modules/duplicates) remembers the title it indexed, so a write that leaves the title alone (a
//   price drop) does not make the item look stale at the next start.
const FILTER_INDEXES: [name: string, columns: string][] = [
  ['items_brand_created_idx', 'lower(brand), created_at, id'],
  ['items_brand_size_created_idx', 'lower(brand), lower(size), created_at, id'],
  ['items_size_created_idx', 'lower(size), created_at, id'],
  ['items_category_created_idx', 'category, created_at, id'],
  ['items_gender_created_idx', 'gender, created_at, id'],
];

export async function up(db: Kysely<any>): Promise<void> {
  for (const [name, columns] of FILTER_INDEXES) await sql.raw(`create index ${name} on items (${columns})`).execute(db);
  if (dialectOf(db) === 'sqlite') {
    // rowid is the item row's own (items has a text primary key, so a rowid table): the FTS rows follow it.
    await sql`create virtual table items_search using fts5(search_text, content='items', content_rowid='rowid', tokenize='trigram')`.execute(db);
    await sql`create trigger items_search_ai after insert on items begin
      insert into items_search(rowid, search_text) values (new.rowid, new.search_text); end`.execute(db);
    await sql`create trigger items_search_ad after delete on items begin
      insert into items_search(items_search, rowid, search_text) values ('delete', old.rowid, old.search_text); end`.execute(db);
    await sql`create trigger items_search_au after update of search_text on items begin
      insert into items_search(items_search, rowid, search_text) values ('delete', old.rowid, old.search_text);
      insert into items_search(rowid, search_text) values (new.rowid, new.search_text); end`.execute(db);
    await sql`insert into items_search(items_search) values ('rebuild')`.execute(db);
  } else {
    // In public, named with its schema: each test schema's search_path holds only itself.
    await sql`create extension if not exists pg_trgm with schema public`.execute(db);
    await sql`create index items_search_trgm_idx on items using gin (search_text public.gin_trgm_ops)`.execute(db);
  }
  await db.schema.alterTable('title_index_state').addColumn('indexed_title', 'text').execute();
  await sql`update title_index_state set indexed_title = (select title from items where items.id = title_index_state.item_id)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('title_index_state').dropColumn('indexed_title').execute();
  if (dialectOf(db) === 'sqlite') {
    for (const t of ['items_search_ai', 'items_search_ad', 'items_search_au']) await sql.raw(`drop trigger if exists ${t}`).execute(db);
    await sql`drop table if exists items_search`.execute(db);
  } else {
    await db.schema.dropIndex('items_search_trgm_idx').ifExists().execute();
  }
  for (const [name] of FILTER_INDEXES) await db.schema.dropIndex(name).ifExists().execute();
}
