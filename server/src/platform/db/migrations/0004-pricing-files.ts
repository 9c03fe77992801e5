import { type Kysely, sql } from 'kysely';
import { dialectOf } from '../dialect.ts';

// Price drops, files and stats (issue 5). Row types live beside their modules (pricing/drops/drops.tables.ts,
// insights/stats.tables.ts).
//
// The stats counters are kept by triggers in the same transaction as every write to `items` and `price_history`,
// so `GET /stats` reads a handful of rows whatever the stock size and is never stale: there is no cache to expire,
// the aggregate is part of the data. Days are stored as "days since 2020-01-01" (small numbers keep the
// double-precision sums exact to well under a second).
const EPOCH_JULIAN = 2458849.5; // julianday('2020-01-01')

// PostgreSQL's cast raises on a malformed time where SQLite's julianday() answers NULL; a time that does not even
// look like ISO 8601 counts as NULL too, so no write to items can fail because of the counters.
const pgDays = (col: string) =>
  `(case when ${col} ~ '^\\d{4}-\\d{2}-\\d{2}([T ]\\d{2}:\\d{2}(:\\d{2}(\\.\\d+)?)?)?(Z|[+-]\\d{2}(:?\\d{2})?)?$' then extract(epoch from ${col}::timestamptz) / 86400.0 + 2440587.5 - ${EPOCH_JULIAN} end)`;

export async function up(db: Kysely<any>): Promise<void> {
  const pg = dialectOf(db) === 'postgres';

  // The calendar day (seller's time zone) of an item's last automatic drop: the per-item guard that makes a
  // second run on the same day, in this process or another, change nothing.
  await db.schema.alterTable('items').addColumn('last_auto_drop_on', 'text').execute();
  await db.schema.createIndex('items_status_listed_idx').on('items').columns(['status', 'listed_at']).execute();
  await db.schema.createIndex('items_demo_idx').on('items').column('demo').where(sql.ref('demo'), '=', 1).execute();

  await db.schema
    .createTable('price_drop_runs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('day', 'text', (c) => c.notNull())
    .addColumn('trigger', 'text', (c) => c.notNull())
    .addColumn('settings', 'text', (c) => c.notNull())
    .addColumn('considered', 'integer', (c) => c.notNull())
    .addColumn('dropped', 'integer', (c) => c.notNull())
    .addColumn('reached_floor', 'integer', (c) => c.notNull())
    .addColumn('started_at', 'text', (c) => c.notNull())
    .addColumn('finished_at', 'text', (c) => c.notNull())
    .addColumn('owner', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('price_drop_runs_day_idx').on('price_drop_runs').columns(['day', 'started_at']).execute();

  await db.schema
    .createTable('stock_counters')
    .addColumn('status', 'text', (c) => c.primaryKey())
    .addColumn('n', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('priced_n', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('price_sum', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('dup_n', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('created_days_sum', 'double precision', (c) => c.notNull().defaultTo(0))
    .addColumn('sold_price_n', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('sold_price_sum', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('sell_days_n', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('sell_days_sum', 'double precision', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema
    .createTable('brand_counts')
    .addColumn('brand_key', 'text', (c) => c.primaryKey())
    .addColumn('label', 'text', (c) => c.notNull())
    .addColumn('n', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('brand_counts_n_idx').on('brand_counts').columns(['n']).execute();
  await db.schema
    .createTable('price_drop_days')
    .addColumn('day', 'text', (c) => c.primaryKey())
    .addColumn('n', 'bigint', (c) => c.notNull())
    .execute();

  if (pg) await createPgTriggers(db);
  else await createSqliteTriggers(db);

  // Existing stock (an upgrade, not a fresh install) is counted once here; the triggers keep it from then on.
  const days = (col: string) => (pg ? pgDays(col) : `(julianday(${col}) - ${EPOCH_JULIAN})`);
  await sql.raw(`insert into stock_counters (status, n, priced_n, price_sum, dup_n, created_days_sum, sold_price_n, sold_price_sum, sell_days_n, sell_days_sum)
    select status, count(*), count(price_cents), coalesce(sum(price_cents), 0), sum(possible_duplicate), coalesce(sum(${days('created_at')}), 0),
      count(sold_price_cents), coalesce(sum(sold_price_cents), 0),
      sum(case when sold_at is not null and listed_at is not null then 1 else 0 end),
      coalesce(sum(case when sold_at is not null and listed_at is not null then ${days('sold_at')} - ${days('listed_at')} else 0 end), 0)
    from items group by status`).execute(db);
  await sql.raw(`insert into brand_counts (brand_key, label, n)
    select lower(brand), min(brand), count(*) from items where brand is not null and brand <> '' group by lower(brand)`).execute(db);
  await sql.raw(`insert into price_drop_days (day, n)
    select substr(at, 1, 10), count(*) from price_history where reason = 'automatic_drop' group by substr(at, 1, 10)`).execute(db);
}

/** One item's contribution to its status row, with `s` = +1 (NEW) or -1 (OLD). */
function sqliteContribution(r: 'NEW' | 'OLD', s: 1 | -1) {
  const d = (col: string) => `(julianday(${r}.${col}) - ${EPOCH_JULIAN})`;
  const sold = `(${r}.sold_at is not null and ${r}.listed_at is not null)`;
  return [
    `${s}`,
    `${s} * (${r}.price_cents is not null)`,
    `${s} * coalesce(${r}.price_cents, 0)`,
    `${s} * ${r}.possible_duplicate`,
    `${s} * coalesce(${d('created_at')}, 0)`,
    `${s} * (${r}.sold_price_cents is not null)`,
    `${s} * coalesce(${r}.sold_price_cents, 0)`,
    `${s} * ${sold}`,
    `${s} * (case when ${sold} then coalesce(${d('sold_at')} - ${d('listed_at')}, 0) else 0 end)`,
  ];
}

const COUNTER_COLS = ['n', 'priced_n', 'price_sum', 'dup_n', 'created_days_sum', 'sold_price_n', 'sold_price_sum', 'sell_days_n', 'sell_days_sum'];
const upsertSet = COUNTER_COLS.map((c) => `${c} = ${c} + excluded.${c}`).join(', ');
const TRACKED = 'status, price_cents, possible_duplicate, created_at, sold_price_cents, sold_at, listed_at, brand';

async function createSqliteTriggers(db: Kysely<any>) {
  const bump = (status: string, exprs: string[], where = '') =>
    `insert into stock_counters (status, ${COUNTER_COLS.join(', ')}) select ${status}, ${exprs.join(', ')} ${where || 'where 1'} on conflict(status) do update set ${upsertSet};`;
  const add = (r: 'NEW' | 'OLD', s: 1 | -1, where = '') => bump(`${r}.status`, sqliteContribution(r, s), where);
  const sameStatusDelta = sqliteContribution('NEW', 1).map((e, i) => `${e} + ${sqliteContribution('OLD', -1)[i]}`);
  const brandAdd = `insert into brand_counts (brand_key, label, n) select lower(NEW.brand), NEW.brand, 1 where NEW.brand is not null and NEW.brand <> ''
    on conflict(brand_key) do update set n = n + 1;`;
  const brandSub = `update brand_counts set n = n - 1 where brand_key = lower(OLD.brand) and OLD.brand is not null and OLD.brand <> '';`;
  const stmts = [
    `create trigger items_stats_ins after insert on items begin ${add('NEW', 1)} ${brandAdd} end`,
    `create trigger items_stats_del after delete on items begin ${add('OLD', -1)} ${brandSub} end`,
    `create trigger items_stats_upd after update of ${TRACKED} on items begin
      ${bump('NEW.status', sameStatusDelta, 'where OLD.status = NEW.status')}
      ${add('OLD', -1, 'where OLD.status <> NEW.status')}
      ${add('NEW', 1, 'where OLD.status <> NEW.status')}
      ${brandSub.replace(/;$/, ` and lower(coalesce(OLD.brand, '')) <> lower(coalesce(NEW.brand, ''));`)}
      ${brandAdd.replace("NEW.brand <> ''", "NEW.brand <> '' and lower(coalesce(OLD.brand, '')) <> lower(NEW.brand)")}
    end`,
    `create trigger price_history_drops_ins after insert on price_history when NEW.reason = 'automatic_drop' begin
      insert into price_drop_days (day, n) values (substr(NEW.at, 1, 10), 1) on conflict(day) do update set n = n + 1; end`,
    `create trigger price_history_drops_del after delete on price_history when OLD.reason = 'automatic_drop' begin
      update price_drop_days set n = n - 1 where day = substr(OLD.at, 1, 10); end`,
  ];
  for (const s of stmts) await sql.raw(s).execute(db);
}

async function createPgTriggers(db: Kysely<any>) {
  const d = (r: string, col: string) => pgDays(`${r}.${col}`);
  const contribution = (r: 'NEW' | 'OLD') => {
    const sold = `(${r}.sold_at is not null and ${r}.listed_at is not null)`;
    return [
      '1', `(${r}.price_cents is not null)::int`, `coalesce(${r}.price_cents, 0)`, `${r}.possible_duplicate`, `coalesce(${d(r, 'created_at')}, 0)`,
      `(${r}.sold_price_cents is not null)::int`, `coalesce(${r}.sold_price_cents, 0)`, `(${sold})::int`,
      `case when ${sold} then coalesce(${d(r, 'sold_at')} - ${d(r, 'listed_at')}, 0) else 0 end`,
    ];
  };
  const values = (status: string, exprs: string[]) => `(${status}, ${exprs.join(', ')})`;
  const scaled = (exprs: string[], s: string) => exprs.map((e) => `${s} * (${e})`);
  const insert = (rows: string) =>
    `insert into stock_counters (status, ${COUNTER_COLS.join(', ')}) values ${rows} on conflict (status) do update set ${COUNTER_COLS.map((c) => `${c} = stock_counters.${c} + excluded.${c}`).join(', ')};`;
  const same = contribution('NEW').map((e, i) => `(${e}) - (${contribution('OLD')[i]})`);
  // Two status rows are always touched in the same (alphabetical) order, so two concurrent transactions moving
  // items in opposite directions cannot deadlock on them.
  await sql.raw(`create or replace function vb_items_stats() returns trigger language plpgsql as $$
    begin
      if tg_op = 'INSERT' then
        ${insert(values('NEW.status', contribution('NEW')))}
      elsif tg_op = 'DELETE' then
        ${insert(values('OLD.status', scaled(contribution('OLD'), '-1')))}
      elsif OLD.status = NEW.status then
        ${insert(values('NEW.status', same))}
      elsif OLD.status < NEW.status then
        ${insert(`${values('OLD.status', scaled(contribution('OLD'), '-1'))}, ${values('NEW.status', contribution('NEW'))}`)}
      else
        ${insert(`${values('NEW.status', contribution('NEW'))}, ${values('OLD.status', scaled(contribution('OLD'), '-1'))}`)}
      end if;
      -- NEW is only read on INSERT and UPDATE, OLD only on UPDATE and DELETE (the other is unassigned).
      if tg_op = 'DELETE' then
        if coalesce(OLD.brand, '') <> '' then
          update brand_counts set n = n - 1 where brand_key = lower(OLD.brand);
        end if;
      elsif tg_op = 'INSERT' then
        if coalesce(NEW.brand, '') <> '' then
          insert into brand_counts (brand_key, label, n) values (lower(NEW.brand), NEW.brand, 1)
            on conflict (brand_key) do update set n = brand_counts.n + 1;
        end if;
      elsif lower(coalesce(OLD.brand, '')) <> lower(coalesce(NEW.brand, '')) then
        if coalesce(OLD.brand, '') <> '' then
          update brand_counts set n = n - 1 where brand_key = lower(OLD.brand);
        end if;
        if coalesce(NEW.brand, '') <> '' then
          insert into brand_counts (brand_key, label, n) values (lower(NEW.brand), NEW.brand, 1)
            on conflict (brand_key) do update set n = brand_counts.n + 1;
        end if;
      end if;
      return null;
    end $$`).execute(db);
  await sql.raw(`create trigger items_stats_ins after insert or delete on items for each row execute function vb_items_stats()`).execute(db);
  await sql.raw(`create trigger items_stats_upd after update of ${TRACKED} on items for each row execute function vb_items_stats()`).execute(db);
  await sql.raw(`create or replace function vb_price_drop_days() returns trigger language plpgsql as $$
    begin
      if tg_op = 'INSERT' then
        insert into price_drop_days (day, n) values (substr(NEW.at, 1, 10), 1) on conflict (day) do update set n = price_drop_days.n + 1;
      else
        update price_drop_days set n = n - 1 where day = substr(OLD.at, 1, 10);
      end if;
      return null;
    end $$`).execute(db);
  await sql.raw(`create trigger price_history_drops_ins after insert on price_history for each row
    when (NEW.reason = 'automatic_drop') execute function vb_price_drop_days()`).execute(db);
  await sql.raw(`create trigger price_history_drops_del after delete on price_history for each row
    when (OLD.reason = 'automatic_drop') execute function vb_price_drop_days()`).execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  const pg = dialectOf(db) === 'postgres';
  if (pg) {
    for (const s of ['drop trigger if exists items_stats_ins on items', 'drop trigger if exists items_stats_upd on items',
      'drop trigger if exists price_history_drops_ins on price_history', 'drop trigger if exists price_history_drops_del on price_history',
      'drop function if exists vb_items_stats()', 'drop function if exists vb_price_drop_days()']) await sql.raw(s).execute(db);
  } else {
    for (const t of ['items_stats_ins', 'items_stats_del', 'items_stats_upd', 'price_history_drops_ins', 'price_history_drops_del']) {
      await sql.raw(`drop trigger if exists ${t}`).execute(db);
    }
  }
  for (const t of ['price_drop_days', 'brand_counts', 'stock_counters', 'price_drop_runs']) await db.schema.dropTable(t).ifExists().execute();
  await db.schema.dropIndex('items_demo_idx').ifExists().execute();
  await db.schema.dropIndex('items_status_listed_idx').ifExists().execute();
  await db.schema.alterTable('items').dropColumn('last_auto_drop_on').execute();
}
