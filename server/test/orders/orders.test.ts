import { afterEach, describe, expect, it } from 'vitest';
import { createTestApp, json, type TestApp } from '../helpers/test-app.ts';

// Issue 18, points 1 and 2: the reseller's item fields, and the sales ledger (a sale writes the order and marks the
// item sold together; the life cycle is checked; bad input is a 4xx with a stable code and writes nothing).

let t: TestApp | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

const inject = (method: string, url: string, body?: unknown) =>
  t!.app.inject({ method: method as 'GET', url, ...(body === undefined ? {} : json(body)) });
const listed = async (body: Record<string, unknown> = {}) => {
  const res = await inject('POST', '/listings', { title: 'Jupe plissée Zara', price: 25, status: 'listed', ...body });
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
};
const codes = (res: { json(): { error: { code: string; details?: { issues?: { path: string; code: string }[] } } } }) => {
  const e = res.json().error;
  return [e.code, ...(e.details?.issues ?? []).map((i) => `${i.path}:${i.code}`)];
};

describe('item fields a reseller tracks', () => {
  it('stores cost, acquisition, source, location and a generated SKU; q and location find the item', async () => {
    t = await createTestApp({ PRICE_DROP_CRON: 'off' });
    const a = await listed({ purchase_cost: 4.5, acquired_at: '2025-03-02', source: 'Vide-grenier Lyon', storage_location: 'Boîte B3' });
    expect(a).toMatchObject({ purchase_cost: 4.5, acquired_at: '2025-03-02', source: 'Vide-grenier Lyon', storage_location: 'Boîte B3' });
    expect(a.sku).toBe(`VB-${a.id.replace(/-/g, '').slice(-12).toUpperCase()}`);
    await listed({ title: 'Pull marin', storage_location: 'Étagère 1' });
    const byQ = (await inject('GET', '/listings?q=boite%20b3')).json();
    expect(byQ.items.map((i: { id: string }) => i.id)).toEqual([a.id]);
    const bySku = (await inject('GET', `/listings?q=${a.sku.toLowerCase()}`)).json();
    expect(bySku.items.map((i: { id: string }) => i.id)).toEqual([a.id]);
    const byLocation = (await inject('GET', `/listings?location=${encodeURIComponent('boîte b3')}`)).json();
    expect(byLocation.items.map((i: { id: string }) => i.id)).toEqual([a.id]);

    const patched = await inject('PATCH', `/listings/${a.id}`, { sku: 'JUPE-001', storage_location: 'Boîte C1' });
    expect(patched.json()).toMatchObject({ sku: 'JUPE-001', storage_location: 'Boîte C1' });
    const cleared = await inject('PATCH', `/listings/${a.id}`, { sku: null });
    expect(cleared.json().sku).toBe(a.sku);
  });

  it('refuses negative or absurd costs, future dates and a SKU already taken, writing nothing', async () => {
    t = await createTestApp({ PRICE_DROP_CRON: 'off' });
    const a = await listed({ sku: 'A-1' });
    const future = new Date(Date.now() + 3 * 86_400_000).toISOString().slice(0, 10);
    for (const [body, code] of [
      [{ purchase_cost: -1 }, 'purchase_cost:negative_amount'],
      [{ purchase_cost: 250000 }, 'purchase_cost:amount_too_large'],
      [{ acquired_at: future }, 'acquired_at:date_in_future'],
      [{ acquired_at: '2025-02-30' }, 'acquired_at:invalid_date'],
    ] as const) {
      const res = await inject('POST', '/listings', { title: 'Pull', ...body });
      expect(res.statusCode, res.body).toBe(400);
      expect(codes(res)).toContain(code);
    }
    const dup = await inject('POST', '/listings', { title: 'Autre', sku: 'A-1' });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().error).toMatchObject({ code: 'sku_taken', details: { params: { sku: 'A-1' } } });
    expect((await inject('GET', '/listings?include_total=true')).json().total).toBe(1);
    expect((await inject('PATCH', `/listings/${a.id}`, { purchase_cost: -3 })).statusCode).toBe(400);
    expect((await inject('GET', `/listings/${a.id}`)).json().purchase_cost).toBeNull();
  });
});

describe('orders', () => {
  it('records a sale with the item sold in the same write, idempotent on the external id, one standing order per item', async () => {
    t = await createTestApp({ PRICE_DROP_CRON: 'off' });
    const a = await listed({ purchase_cost: 5, storage_location: 'B3' });
    const sale = { item_id: a.id, sale_price: 22, sold_at: '2025-06-01T10:00:00Z', buyer_name: 'marie_l', platform: 'vinted', source: 'extension', external_id: 'tx-1' };
    const first = await inject('POST', '/orders', sale);
    expect(first.statusCode, first.body).toBe(201);
    const order = first.json().order;
    expect(order).toMatchObject({
      status: 'sold', sale_price: 22, cost: 5, fees: 0, shipping_cost: 0, packaging_cost: 0, margin: 17, buyer_name: 'marie_l',
      source: 'extension', item: { storage_location: 'B3', sku: a.sku, status: 'sold' }, sold_at: '2025-06-01T10:00:00.000Z',
    });
    const item = (await inject('GET', `/listings/${a.id}`)).json();
    expect(item).toMatchObject({ status: 'sold', sold_price: 22, sold_at: '2025-06-01T10:00:00.000Z' });

    const again = await inject('POST', '/orders', sale);
    expect(again.statusCode).toBe(200);
    expect(again.json()).toMatchObject({ created: false, order: { id: order.id } });
    const second = await inject('POST', '/orders', { item_id: a.id, sale_price: 30 });
    expect(second.statusCode).toBe(409);
    expect(second.json().error.code).toBe('order_exists');
    expect((await inject('GET', '/orders')).json().orders).toHaveLength(1);
  });

  it('refuses bad sales (negative, future, draft item, unknown item) without writing the order or touching the item', async () => {
    t = await createTestApp({ PRICE_DROP_CRON: 'off' });
    const a = await listed();
    const draft = (await inject('POST', '/listings', { title: 'Brouillon' })).json();
    const future = new Date(Date.now() + 86_400_000).toISOString();
    const cases: [Record<string, unknown>, number, string][] = [
      [{ item_id: a.id, sale_price: -2 }, 400, 'sale_price:negative_amount'],
      [{ item_id: a.id, sale_price: 20, fees: 150000 }, 400, 'fees:amount_too_large'],
      [{ item_id: a.id, sale_price: 20, sold_at: future }, 400, 'sold_at:date_in_future'],
      [{ item_id: draft.id, sale_price: 20 }, 409, 'invalid_status_transition'],
      [{ item_id: '0190f7b4-6a2e-7c1d-9f00-2b6d3c4e5f60', sale_price: 20 }, 404, 'item_not_found'],
    ];
    for (const [body, status, code] of cases) {
      const res = await inject('POST', '/orders', body);
      expect(res.statusCode, res.body).toBe(status);
      expect(codes(res)).toContain(code);
    }
    expect((await inject('GET', '/orders')).json().orders).toEqual([]);
    expect((await inject('GET', `/listings/${a.id}`)).json()).toMatchObject({ status: 'listed', sold_at: null });
    expect((await inject('GET', `/listings/${draft.id}`)).json().status).toBe('draft');
  });

  it('follows sold → shipped → delivered → completed, refuses a jump, and a return puts the item back on sale', async () => {
    t = await createTestApp({ PRICE_DROP_CRON: 'off' });
    const a = await listed({ storage_location: 'Boîte 2' });
    const b = await listed({ title: 'Pull marin', storage_location: 'Boîte 1' });
    const oa = (await inject('POST', '/orders', { item_id: a.id, sale_price: 20, sold_at: '2025-05-02T09:00:00Z' })).json().order;
    const ob = (await inject('POST', '/orders', { item_id: b.id, sale_price: 30, sold_at: '2025-05-01T09:00:00Z' })).json().order;
    const toShip = (await inject('GET', '/orders/to-ship')).json();
    expect(toShip.count).toBe(2);
    expect(toShip.orders.map((o: { id: string; item: { storage_location: string } }) => [o.id, o.item.storage_location])).toEqual([[ob.id, 'Boîte 1'], [oa.id, 'Boîte 2']]);

    const jump = await inject('PATCH', `/orders/${oa.id}`, { status: 'delivered' });
    expect(jump.statusCode).toBe(409);
    expect(jump.json().error).toMatchObject({ code: 'order_status_jump', details: { params: { from: 'sold', to: 'delivered', missing: ['shipped'] } } });
    const shipped = (await inject('PATCH', `/orders/${oa.id}`, { status: 'shipped', carrier: 'Mondial Relay', tracking_number: 'MR1' })).json();
    expect(shipped).toMatchObject({ status: 'shipped', carrier: 'Mondial Relay', tracking_number: 'MR1', shipped_at: expect.any(String) });
    expect((await inject('GET', '/orders/to-ship')).json().orders.map((o: { id: string }) => o.id)).toEqual([ob.id]);
    expect((await inject('PATCH', `/orders/${oa.id}`, { status: 'sold' })).json().error.code).toBe('invalid_order_transition');
    expect((await inject('PATCH', `/orders/${oa.id}`, { status: 'delivered' })).json().status).toBe('delivered');
    expect((await inject('PATCH', `/orders/${oa.id}`, { status: 'completed' })).json().status).toBe('completed');

    const returned = (await inject('PATCH', `/orders/${ob.id}`, { status: 'cancelled' })).json();
    expect(returned).toMatchObject({ status: 'cancelled', closed_at: expect.any(String) });
    expect((await inject('GET', `/listings/${b.id}`)).json()).toMatchObject({ status: 'listed', sold_at: null, sold_price: null });
    // Back on sale: it can sell again.
    expect((await inject('POST', '/orders', { item_id: b.id, sale_price: 28 })).statusCode).toBe(201);
  });

  it('the stock\'s sold button records an order; filters, cursor paging and the CSV export', async () => {
    t = await createTestApp({ PRICE_DROP_CRON: 'off' });
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push((await listed({ title: `Article ${i}`, price: 10 + i })).id);
    const sold = await inject('POST', `/listings/${ids[0]}/sold`, { sold_price: 9 });
    expect(sold.statusCode, sold.body).toBe(200);
    expect(sold.json()).toMatchObject({ sold_price_from: 'given', item: { status: 'sold', sold_price: 9 }, order: { sale_price: 9, source: 'seller' } });
    for (let i = 1; i < 5; i++) {
      await inject('POST', '/orders', { item_id: ids[i], sale_price: 10 + i, sold_at: `2025-04-0${i}T12:00:00Z`, platform: i % 2 ? 'Leboncoin' : 'vinted' });
    }
    const page1 = (await inject('GET', '/orders?limit=2&from=2025-04-01&to=2025-04-04')).json();
    expect(page1.orders.map((o: { sold_at: string }) => o.sold_at.slice(0, 10))).toEqual(['2025-04-04', '2025-04-03']);
    const page2 = (await inject('GET', `/orders?limit=2&from=2025-04-01&to=2025-04-04&cursor=${page1.next_cursor}`)).json();
    expect(page2.orders.map((o: { sold_at: string }) => o.sold_at.slice(0, 10))).toEqual(['2025-04-02', '2025-04-01']);
    expect(page2.next_cursor).toBeNull();
    expect((await inject('GET', '/orders?platform=leboncoin')).json().orders).toHaveLength(2);
    expect((await inject('GET', '/orders?from=2025-05-01&to=2025-04-01')).json().error.details.issues[0].code).toBe('from_after_to');
    const csv = await inject('GET', '/orders/export.csv?platform=vinted');
    expect(csv.headers['content-type']).toContain('text/csv');
    const lines = csv.body.trim().split('\n');
    expect(lines[0].split(',').slice(0, 9)).toEqual(['order_id', 'item_id', 'sku', 'title', 'status', 'platform', 'sold_at', 'buyer_name', 'sale_price']);
    expect(lines.slice(1).map((l) => l.split(',')[8])).toEqual(['12.00', '14.00', '9.00']);
  });
});
