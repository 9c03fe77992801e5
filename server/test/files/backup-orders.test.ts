import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestApp, json, type TestApp } from '../helpers/test-app.ts';
import { craftZip } from '../helpers/zip-craft.ts';
import { readZip } from '../helpers/zip-read.ts';
import { multipartFile } from './multipart.ts';

// Backups carry the sales ledger (issue 18): orders go out with the stock and come back with it, on SQLite and on
// PostgreSQL (DATABASE_URL); a backup made before the ledger still restores, its sold items getting past orders.

const apps: TestApp[] = [];
afterEach(async () => {
  for (const a of apps.splice(0)) await a.close();
});
const fresh = async () => {
  const a = await createTestApp();
  apps.push(a);
  return a;
};

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
/** The archive again, these entries changed (undefined removes one), with the manifest made to match (a "valid" backup). */
function rebuild(entries: Map<string, Buffer>, change: Record<string, Buffer | undefined>): Buffer {
  const all = new Map(entries);
  const manifest = JSON.parse(all.get('manifest.json')!.toString());
  for (const [name, data] of Object.entries(change)) {
    if (data === undefined) {
      all.delete(name);
      delete manifest.files[name];
      delete manifest.counts[name.replace(/^stock\/|\.jsonl$/g, '')];
    } else all.set(name, data);
  }
  for (const [n, b] of all) if (n !== 'manifest.json') manifest.files[n] = { sha256: sha(b), bytes: b.length };
  all.set('manifest.json', Buffer.from(JSON.stringify(manifest)));
  return craftZip([...all].map(([name, data]) => ({ name, data })));
}

const call = async (app: TestApp, method: 'GET' | 'POST' | 'PATCH', url: string, body?: unknown) => {
  const r = await app.app.inject({ method, url, ...(body === undefined ? {} : json(body)) });
  return { status: r.statusCode, body: r.json() as any };
};
const backup = async (app: TestApp) => (await app.app.inject({ method: 'GET', url: '/export/backup' })).rawPayload;
const restore = (app: TestApp, zip: Buffer, query = '') =>
  app.app.inject({ method: 'POST', url: `/import/backup${query}`, ...multipartFile(zip, 'backup.zip', 'application/zip') });
const ledger = async (app: TestApp) => ((await call(app, 'GET', '/orders?limit=100')).body.orders as Record<string, any>[])
  .map(({ item: _item, ...o }) => o).sort((a, b) => a.id.localeCompare(b.id));

/** Three sales: one shipped (fees, buyer, tracking), one just sold, one cancelled (its item back on sale). */
async function seedSales(app: TestApp) {
  const mk = async (title: string, extra: object) => (await call(app, 'POST', '/listings', { title, price: 30, status: 'listed', ...extra })).body.id as string;
  const shipped = await mk('Pull Ralph Lauren M', { purchase_cost: 6.5, sku: 'PULL-1', storage_location: 'Boîte 2' });
  const sold = await mk('Robe Zara S', { purchase_cost: 2 });
  const cancelled = await mk('Jean Levi’s W32', {});
  const a = await call(app, 'POST', '/orders', { item_id: shipped, sale_price: 28, buyer_name: 'marie_l', fees: 1.2, packaging_cost: 0.5 });
  expect(a.status).toBe(201);
  const s = await call(app, 'PATCH', `/orders/${a.body.order.id}`, { status: 'shipped', carrier: 'Mondial Relay', tracking_number: 'MR123' });
  expect(s.status, JSON.stringify(s.body)).toBe(200);
  expect((await call(app, 'POST', '/orders', { item_id: sold, sale_price: 15 })).status).toBe(201);
  const c = await call(app, 'POST', '/orders', { item_id: cancelled, sale_price: 20 });
  expect((await call(app, 'PATCH', `/orders/${c.body.order.id}`, { status: 'cancelled' })).status).toBe(200);
  return { shipped, sold, cancelled };
}

describe('backups and the sales ledger', () => {
  it('writes the orders into the backup and restores them exactly, once, into an empty instance and over itself', async () => {
    const src = await fresh();
    const ids = await seedSales(src);
    const before = await ledger(src);
    expect(before.map((o) => o.status).sort()).toEqual(['cancelled', 'shipped', 'sold']);
    const zip = await backup(src);
    const entries = await readZip(zip);
    const lines = entries.get('stock/orders.jsonl')!.toString().trim().split('\n').map((l) => JSON.parse(l));
    expect(lines).toHaveLength(3);
    // Rows as stored: cents, not euros.
    expect(lines.find((o) => o.item_id === ids.shipped)).toMatchObject({ sale_price_cents: 2800, fees_cents: 120, packaging_cents: 50, cost_cents: 650, carrier: 'Mondial Relay' });
    expect(JSON.parse(entries.get('manifest.json')!.toString()).counts.orders).toBe(3);

    const dst = await fresh();
    const dry = await restore(dst, zip, '?dry_run=true');
    expect(dry.json()).toMatchObject({ dry_run: true, orders: 3 });
    expect(await ledger(dst)).toEqual([]);
    const r = await restore(dst, zip);
    expect(r.statusCode).toBe(200);
    expect(r.json()).toMatchObject({ orders: 3, items: { restored: 3 } });
    expect(await ledger(dst)).toEqual(before);
    // The restored item keeps what the reseller tracks, and the to-ship list shows it where it waits.
    expect((await call(dst, 'GET', `/listings/${ids.shipped}`)).body).toMatchObject({ purchase_cost: 6.5, sku: 'PULL-1', storage_location: 'Boîte 2', status: 'sold' });
    expect((await call(dst, 'GET', '/orders/to-ship')).body.orders.map((o: any) => o.item_id)).toEqual([ids.sold]);

    // Merged again: every item is already here, so are its orders. Replaced: the same ledger, not twice.
    expect((await restore(dst, zip)).json()).toMatchObject({ orders: 0, items: { restored: 0, skipped_existing: 3 } });
    expect((await restore(dst, zip, '?mode=replace')).json()).toMatchObject({ orders: 3, items: { restored: 3, removed: 3 } });
    expect(await ledger(dst)).toEqual(before);

    // Merged into a stock where another item already has its SKU: the restored item takes its generated one.
    const other = await fresh();
    const taken = (await call(other, 'POST', '/listings', { title: 'Autre pull', price: 10, sku: 'PULL-1' })).body.id;
    expect((await restore(other, zip)).json()).toMatchObject({ orders: 3, items: { restored: 3 } });
    expect((await call(other, 'GET', `/listings/${taken}`)).body.sku).toBe('PULL-1');
    expect((await call(other, 'GET', `/listings/${ids.shipped}`)).body.sku).toMatch(/^VB-[0-9A-F]{12}$/);
  });

  it('restores a backup made before the ledger: its sold items get a past, completed order each', async () => {
    const src = await fresh();
    const ids = await seedSales(src);
    const entries = await readZip(await backup(src));
    const old = rebuild(entries, { 'stock/orders.jsonl': undefined });
    const dst = await fresh();
    const r = await restore(dst, old);
    expect(r.statusCode).toBe(200);
    expect(r.json()).toMatchObject({ orders: 0, items: { restored: 3 } });
    const orders = await ledger(dst);
    // The two sold items (the cancelled sale's item is back on sale): completed, at their sale price and cost.
    expect(orders.map((o) => [o.item_id, o.status, o.source, o.sale_price, o.cost]).sort()).toEqual([
      [ids.shipped, 'completed', 'import', 28, 6.5],
      [ids.sold, 'completed', 'import', 15, 2],
    ].sort());
    expect((await call(dst, 'GET', '/orders/to-ship')).body.count).toBe(0);
  });

  it('restores a backup made before costs could be unknown: a stored 0 is judged by its item, as migration 0032 did', async () => {
    const src = await fresh();
    const ids = await seedSales(src);
    const entries = await readZip(await backup(src));
    const rows = entries.get('stock/orders.jsonl')!.toString().trim().split('\n').map((l) => JSON.parse(l));
    expect(rows.find((o) => o.item_id === ids.cancelled)).toMatchObject({ cost_cents: 0, cost_known: 0 });
    // As an older version wrote them: no flag, 0 for a missing cost; and the Zara dress's cost entered on the item
    // only after its sale (its order held 0).
    const old = rows.map(({ cost_known: _k, ...o }) => (o.item_id === ids.sold ? { ...o, cost_cents: 0 } : o));
    const dst = await fresh();
    const r = await restore(dst, rebuild(entries, { 'stock/orders.jsonl': Buffer.from(old.map((o) => JSON.stringify(o)).join('\n')) }));
    expect(r.statusCode, r.body).toBe(200);
    const costs = (await ledger(dst)).map((o) => [o.item_id, o.cost, o.margin === null]).sort();
    expect(costs).toEqual([[ids.shipped, 6.5, false], [ids.sold, 2, false], [ids.cancelled, null, true]].sort());
  });

  it('refuses an order of an item the backup does not hold, or a second standing sale of one item, and writes nothing', async () => {
    const src = await fresh();
    const ids = await seedSales(src);
    const entries = await readZip(await backup(src));
    const rows = entries.get('stock/orders.jsonl')!.toString().trim().split('\n').map((l) => JSON.parse(l));
    const orphan = { ...rows[0], id: '01900000-0000-7000-8000-0000000000aa', item_id: '01900000-0000-7000-8000-0000000000bb' };
    const twice = { ...rows.find((o) => o.item_id === ids.sold), id: '01900000-0000-7000-8000-0000000000cc' };
    const negative = { ...rows[0], id: '01900000-0000-7000-8000-0000000000dd', status: 'cancelled', sale_price_cents: -5 };
    const bad = rebuild(entries, { 'stock/orders.jsonl': Buffer.from([...rows, orphan, twice, negative].map((o) => JSON.stringify(o)).join('\n')) });
    const dst = await fresh();
    const r = await restore(dst, bad);
    expect(r.statusCode).toBe(422);
    const err = r.json().error;
    expect(err.code).toBe('backup_invalid_row');
    expect(err.details.invalid_rows).toBe(3);
    expect(err.details.rows.map((p: any) => [p.entry, p.line]).sort((x: any, y: any) => x[1] - y[1])).toEqual([['stock/orders.jsonl', 4], ['stock/orders.jsonl', 5], ['stock/orders.jsonl', 6]]);
    expect(await ledger(dst)).toEqual([]);
    expect((await call(dst, 'GET', '/listings?include_total=true')).body.total).toBe(0);
  });
});
