import { randomBytes } from 'node:crypto';
import SQLite from 'better-sqlite3';
import { Kysely, type Migration, Migrator, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { MIGRATIONS } from '../../src/platform/db/migrator.ts';

// Migration 0032 (orders.cost_known) on a stock migrated up to 0031, on SQLite and on PostgreSQL (DATABASE_URL): a
// stored cost of 0 is judged by the item as it is now. No purchase cost on the item, or the item gone: unknown. A
// purchase cost of 0 on the item: a known 0 (a gift). A cost above 0 entered on the item since the sale: the order
// takes it. Any other cost was copied when it sold and stays known.

async function migrate(db: Kysely<any>, names: string[], schema?: string) {
  const migrations = Object.fromEntries(names.map((n) => [n, MIGRATIONS[n]])) as Record<string, Migration>;
  const m = new Migrator({ db, provider: { getMigrations: async () => migrations }, allowUnorderedMigrations: true, ...(schema ? { migrationTableSchema: schema } : {}) });
  const { error } = await m.migrateToLatest();
  if (error) throw error;
}

async function judge(db: Kysely<any>, schema?: string) {
  const before = Object.keys(MIGRATIONS).filter((n) => n < '0032');
  await migrate(db, before, schema);
  const at = '2025-06-01T00:00:00.000Z';
  const items: [string, number | null][] = [['no-cost', null], ['gift', 0], ['cost-later', 1500], ['copied', 900]];
  await db.insertInto('items').values(items.map(([id, cost]) => ({ id, title: id, status: 'sold', created_at: at, updated_at: at, purchase_cost_cents: cost }))).execute();
  const order = (id: string, itemId: string, cost: number) => ({
    id, item_id: itemId, status: 'completed', sale_price_cents: 3000, cost_cents: cost, sold_at: at, created_at: at, updated_at: at,
  });
  await db.insertInto('orders').values([
    order('o-no-cost', 'no-cost', 0), order('o-gift', 'gift', 0), order('o-cost-later', 'cost-later', 0), order('o-copied', 'copied', 900),
    // The item deleted since: nothing tells a gift from a missing cost.
    order('o-gone', 'gone', 0), order('o-gone-paid', 'gone-too', 700),
  ]).execute();

  await migrate(db, [...before, '0032-order-cost-known'], schema);

  const rows = await db.selectFrom('orders').select(['id', 'cost_cents', 'cost_known']).orderBy('id').execute();
  expect(rows.map((r) => [r.id, Number(r.cost_cents), Number(r.cost_known)])).toEqual([
    ['o-copied', 900, 1], ['o-cost-later', 1500, 1], ['o-gift', 0, 1], ['o-gone', 0, 0], ['o-gone-paid', 700, 1], ['o-no-cost', 0, 0],
  ]);
  // A row written without the column (another writer, an old script) is known, as every order was before.
  await db.insertInto('orders').values({ ...order('o-new', 'copied', 900), status: 'cancelled' }).execute();
  expect(Number((await db.selectFrom('orders').select('cost_known').where('id', '=', 'o-new').executeTakeFirstOrThrow()).cost_known)).toBe(1);
}

describe('migration 0032 (an order\'s purchase cost may be unknown)', () => {
  it('on SQLite: a stored 0 becomes unknown only when the item has no purchase cost', async () => {
    const db = new Kysely<any>({ dialect: new SqliteDialect({ database: new SQLite(':memory:') }) });
    try {
      await judge(db);
    } finally {
      await db.destroy();
    }
  });

  it.skipIf(!process.env.DATABASE_URL)('on PostgreSQL: the same', async () => {
    const url = process.env.DATABASE_URL!;
    // A t_ schema: the run's global setup drops those (pg-global-setup.ts).
    const schema = `t_${randomBytes(6).toString('hex')}`;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`create schema ${schema}`);
    await admin.end();
    const db = new Kysely<any>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: url, max: 2, options: `-c search_path=${schema}` }) }) });
    try {
      await judge(db, schema);
    } finally {
      await db.destroy();
    }
  });
});
