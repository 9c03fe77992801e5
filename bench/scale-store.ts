// The seeded stores the scale benchmarks measure on (run alone it does nothing): bench/scale.ts (requests, imports)
// and bench/scale-jobs.ts (the drop run, start-up, streamed reads). 10 k and 1 M items seeded once with the shape of
// stats-seed's rows (4/9 listed, each with a suggestion minimum, so every listed item is due to drop; 2/9 drafts, 3/9
// sold) and their first price-history row, kept under BENCH_SCALE_DIR (default bench/out/scale/) and reused between
// runs; the title index is added to a store the first time a benchmark asks for it (what the start-up pass would
// write, far faster). The rows are generated inside SQLite (one INSERT … SELECT over a counter) with the items'
// indexes set aside and built again once (a million inserts into 30 B-trees took many minutes; a million rows through
// JavaScript took 40). Each measurement works on a copy (copyOf), so no run changes the cached store.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type Kysely, sql } from 'kysely';
import type { Database } from '../server/src/platform/db/schema.ts';
import { titleKeys } from '../server/src/modules/duplicates/title-similarity.ts';
import { openBenchApp } from './lib.ts';
import { LOCAL_OWNER_ID, ownerScope } from '../server/src/platform/security/owner-scope.ts';

const CACHE = process.env.BENCH_SCALE_DIR ?? path.join(import.meta.dirname, 'out', 'scale');
const ENV = { PRICE_DROP_CRON: 'off', PURGE_CRON: 'off', IMPORT_MAX_ROWS: '10000' };
type App = Awaited<ReturnType<typeof openBenchApp>>;

/** The app on an existing data folder, listening on a free port, with the scheduled jobs off. */
export function openApp(dataDir: string, env: Record<string, string> = {}): Promise<App> {
  return openBenchApp(dataDir, { ...ENV, ...env });
}

/**
 * The cached store of `size` items, seeded the first time (a few minutes per million on this machine); with
 * `titleIndex`, its title index is written too (once: a marker file says it is there).
 */
export async function cachedStore(size: number, opts: { titleIndex?: boolean } = {}): Promise<string> {
  const dir = path.join(CACHE, String(size));
  if (!fs.existsSync(path.join(dir, 'seeded'))) {
    fs.rmSync(dir, { recursive: true, force: true });
    fs.mkdirSync(dir, { recursive: true });
    const a = await openApp(dir);
    try {
      const t0 = performance.now();
      await withoutItemIndexes(a, async () => {
        const step = 100_000;
        for (let from = 0; from < size; from += step) {
          await a.ctx.db.transaction().execute((t) => seedRange(t, from, Math.min(size, from + step)));
          process.stdout.write(`  seeded ${Math.min(size, from + step).toLocaleString('en')}…\r`);
        }
      });
      await sql`analyze`.execute(a.ctx.db);
      console.log(`  seeded ${size.toLocaleString('en')} items in ${((performance.now() - t0) / 1000).toFixed(1)} s (cached in ${dir})`);
    } finally {
      await a.close();
    }
    fs.writeFileSync(path.join(dir, 'seeded'), new Date().toISOString());
  }
  if (opts.titleIndex && !fs.existsSync(path.join(dir, 'title-index'))) {
    const a = await openApp(dir);
    try {
      const t0 = performance.now();
      // Direct queries on items: the single seller's, in that owner's scope (the app refuses unscoped ones).
      await ownerScope.run(LOCAL_OWNER_ID, () => seedTitleIndex(a));
      console.log(`  title index of ${size.toLocaleString('en')} items written in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    } finally {
      await a.close();
    }
    fs.writeFileSync(path.join(dir, 'title-index'), new Date().toISOString());
  }
  return dir;
}

/** A throw-away copy of the cached store (the database file only: the stores hold no photo files). */
export function copyOf(dir: string): { dataDir: string; remove: () => void } {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vintedbot-scale-'));
  for (const f of fs.readdirSync(dir)) {
    if (f.startsWith('vintedbot.db')) fs.copyFileSync(path.join(dir, f), path.join(dataDir, f));
  }
  return { dataDir, remove: () => fs.rmSync(dataDir, { recursive: true, force: true }) };
}

/**
 * Runs a bulk load with the items' indexes and search trigger set aside, then builds them again: one sorted build per
 * index is many times faster than a million inserts into 30 B-trees. The other triggers (the stats' counters) stay,
 * so those tables are right.
 */
async function withoutItemIndexes<T>(a: App, load: () => Promise<T>): Promise<T> {
  const db = a.ctx.db;
  const indexes = (await sql<{ name: string; sql: string }>`select name, sql from sqlite_master where type = 'index' and tbl_name = 'items' and sql is not null`.execute(db)).rows;
  const trigger = (await sql<{ sql: string }>`select sql from sqlite_master where type = 'trigger' and name = 'items_search_ai'`.execute(db)).rows[0];
  for (const i of indexes) await sql.raw(`drop index ${i.name}`).execute(db);
  await sql`drop trigger items_search_ai`.execute(db);
  const out = await load();
  for (const i of indexes) await sql.raw(i.sql).execute(db);
  await sql.raw(trigger.sql).execute(db);
  await sql`insert into items_search(items_search) values ('rebuild')`.execute(db);
  return out;
}

/** The title index rows of the active items, written directly (what the start-up pass would write, far faster). */
async function seedTitleIndex(a: App) {
  const db = a.ctx.db as any;
  // The app's own start-up pass stops at its next page; what it wrote is replaced.
  a.ctx.duplicates.stop();
  await a.ctx.duplicates.idle();
  await db.deleteFrom('title_tokens').execute();
  await db.deleteFrom('title_index_state').execute();
  let after = '';
  for (;;) {
    const rows: { id: string; title: string; updated_at: string }[] = await db.selectFrom('items').select(['id', 'title', 'updated_at'])
      .where('status', 'in', ['draft', 'listed']).where('id', '>', after).orderBy('id').limit(5000).execute();
    if (rows.length === 0) return;
    await db.transaction().execute(async (t: any) => {
      const tokens = rows.flatMap((r) => titleKeys(r.title).map((token) => ({ token, item_id: r.id })));
      for (let k = 0; k < tokens.length; k += 1000) await t.insertInto('title_tokens').values(tokens.slice(k, k + 1000)).execute();
      for (let k = 0; k < rows.length; k += 500) {
        await t.insertInto('title_index_state').values(rows.slice(k, k + 500).map((r) => ({ item_id: r.id, item_updated_at: r.updated_at, token_count: titleKeys(r.title).length, indexed_title: r.title }))).execute();
      }
    });
    after = rows[rows.length - 1].id;
  }
}

const BRANDS = ['Zara', 'Nike', 'Levi’s', 'H&M', 'Ralph Lauren', 'Adidas', 'Mango', 'Kiabi', 'Uniqlo', 'Lacoste', 'Sézane', 'Petit Bateau'];
const CATS = ['t-shirt', 'jeans', 'hoodie', 'dress', 'jacket', 'trainers', 'skirt', 'shorts', 'jumper', 'coat'];
const pick = (list: string[], i: string) => sql.raw(`case ${i} % ${list.length} ${list.map((v, k) => `when ${k} then '${v.replace(/'/g, "''")}'`).join(' ')} end`);

/** Items [from, to) and their first price-history row, generated by SQLite (SQLite only: the bench's store). */
async function seedRange(db: Kysely<Database>, from: number, to: number) {
  const now = Date.now() / 86_400_000 + 2440587.5; // julian day
  await sql`
    with recursive n(i) as (select ${from} union all select i + 1 from n where i + 1 < ${to}),
    r as (
      select i, ${pick(BRANDS, 'i')} as brand, ${pick(CATS, 'i')} as cat, ${pick(['S', 'M', 'L', 'XL', '38', '40'], 'i')} as size,
        case when i < 1000 then 'archived' when i % 9 < 4 then 'listed' when i % 9 < 6 then 'draft' else 'sold' end as status,
        500 + ((i * 7919) % 9500) as price,
        ${now} - (400 - (i % 400)) - (i % 86400) / 86400.0 as created
      from n
    )
    insert into items (id, title, description, brand, category, size, condition, colors, material, gender, keywords, hashtags, price_cents,
      suggestion_min_cents, suggestion_target_cents, suggestion_max_cents, suggestion_justification, status, listed_at, sold_at, sold_price_cents,
      archived_at, possible_duplicate, duplicate_of, estimated_sale_score, sale_score_breakdown, publish_ready, missing_fields, vinted_listing_id,
      vinted_url, auto_drop, drop_rate, floor_cents, publish_opt_in, demo, search_text, extra, created_at, updated_at, sku)
    select printf('%08x-0000-7000-8000-%012x', i, i), cat || ' ' || brand || ' taille ' || size || ' n°' || i,
      'Article ' || i || ', ' || cat || ' ' || brand || ', bon état, envoi rapide.', brand, cat, size,
      ${pick(['new_with_tags', 'very_good', 'good', 'satisfactory'], 'i')}, '["black"]', 'coton', null, '["coton"]', '["vinted","mode","occasion"]', price,
      cast(round(price * 0.6) as integer), price, cast(round(price * 1.3) as integer), 'bench', status,
      case when status = 'draft' then null else strftime('%Y-%m-%dT%H:%M:%fZ', created + 1) end,
      case when status = 'sold' then strftime('%Y-%m-%dT%H:%M:%fZ', created + 3 + (i % 40)) end,
      case when status = 'sold' then price - 100 end,
      case when status = 'archived' then strftime('%Y-%m-%dT%H:%M:%fZ', ${now} - 1) end,
      case when i % 97 = 0 then 1 else 0 end, '[]', (i * 37) % 100, null, 0, '["too_few_photos"]', null, null, 1, null, null, 0, 0,
      lower(cat || ' ' || brand || ' taille ' || size || ' n°' || i), '{}',
      strftime('%Y-%m-%dT%H:%M:%fZ', created), strftime('%Y-%m-%dT%H:%M:%fZ', created), printf('B%07d', i)
    from r`.execute(db);
  await sql`insert into price_history (item_id, at, old_price_cents, new_price_cents, reason, rule)
    select id, created_at, null, price_cents, 'initial', null from items where id >= ${idOf(from)} and id < ${idOf(to)}`.execute(db);
}

const idOf = (i: number) => `${i.toString(16).padStart(8, '0')}-0000-7000-8000-${i.toString(16).padStart(12, '0')}`;
