import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { pollUntil } from '../helpers/poll.ts';
import { createTestApp, json, type TestApp } from '../helpers/test-app.ts';
import { blockNeeds } from '../helpers/tiers.ts';
import { multipartFile } from './multipart.ts';

// A SKU another writer takes while a CSV import runs: the import's check saw it free, its write is refused by the
// unique index. That row's error, never a 500 and never half a file. The other writer is a real PostgreSQL
// transaction holding the SKU uncommitted, so the import's INSERT waits on it (seen in pg_stat_activity: an event, not
// a sleep) and meets the refusal once it commits. SQLite has one writer at a time, so there the import's check and
// write cannot be split by another writer and this case does not arise.

let t: TestApp | undefined;
let other: pg.Client | undefined;
afterEach(async () => {
  await other?.end().catch(() => {});
  other = undefined;
  await t?.close();
  t = undefined;
});

const CSV = 'titre;prix;référence\nPull marin L;15;PM-01\nGilet gris M;12;GG-07\n';
const titles = async (app: TestApp) => ((await app.app.inject({ url: '/listings/all' })).json() as { title: string }[]).map((i) => i.title).sort();

/** Another writer gives GG-07 to an existing item, uncommitted; answers a function that commits it. */
async function takeSkuUncommitted(app: TestApp) {
  const held = (await app.app.inject({ method: 'POST', url: '/listings', ...json({ title: 'Veste en jean M', price: 30, sku: 'OLD-1' }) })).json() as { id: string };
  other = new pg.Client({ connectionString: process.env.DATABASE_URL, options: `-c search_path=${app.pgSchema}` });
  await other.connect();
  await other.query('begin');
  await other.query(`update items set sku = 'GG-07' where id = $1`, [held.id]);
  return async () => {
    // The import's INSERT is waiting on this transaction's lock: only now does committing split its check from its write.
    // Inside a transaction PostgreSQL keeps its first view of pg_stat_activity: cleared before each look.
    await pollUntil('the import waiting on the other writer', async () => {
      await other!.query('select pg_stat_clear_snapshot()');
      const r = await other!.query(`select count(*)::int as n from pg_stat_activity where wait_event_type = 'Lock' and pid <> pg_backend_pid() and query ilike '%into "items"%'`);
      return r.rows[0].n as number;
    }, (n) => n > 0);
    await other!.query('commit');
  };
}

describe.skipIf(blockNeeds('postgres'))('CSV import: a SKU taken by another writer during the import', () => {
  it('all-or-nothing: rejected with that row (422), nothing written', async () => {
    t = await createTestApp({ PRICE_DROP_CRON: 'off' });
    const commit = await takeSkuUncommitted(t);
    // inject() starts the request only once something waits on it: .then() sends it now.
    const answer = t.app.inject({ method: 'POST', url: '/import/csv', ...multipartFile(CSV) }).then((r) => r);
    await commit();
    const res = await answer;
    expect(res.statusCode, res.body).toBe(422);
    expect(res.json().error.details.errors).toMatchObject([{ line: 3, field: 'sku', code: 'sku_taken', params: { sku: 'GG-07' } }]);
    expect(await titles(t)).toEqual(['Veste en jean M']);
  });

  it('partial: the other rows are written, that row reported', async () => {
    t = await createTestApp({ PRICE_DROP_CRON: 'off' });
    const commit = await takeSkuUncommitted(t);
    const answer = t.app.inject({ method: 'POST', url: '/import/csv?mode=partial', ...multipartFile(CSV) }).then((r) => r);
    await commit();
    const res = await answer;
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ imported: 1, skipped: 1 });
    expect(res.json().errors).toMatchObject([{ line: 3, field: 'sku', code: 'sku_taken', params: { sku: 'GG-07' } }]);
    expect(await titles(t)).toEqual(['Pull marin L', 'Veste en jean M']);
  });
});
