import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, json, type TestApp } from '../helpers/test-app.ts';
import { EXT_ORIGIN, pairExtension } from './paired-extension.ts';
import { makeItem } from '../vinted/vinted-fixtures.ts';

// Sales the extension reads on the seller's "sold" orders page, through the real routes: each becomes an order on
// the stock item linked to its Vinted listing, the item becomes sold, the shipping step moves the order forward,
// and a second report of the same page changes nothing.

describe('sales brought back by the extension', () => {
  let t: TestApp;
  let token: string;
  const post = (url: string, payload: unknown, bearer = token) => t.app.inject({ method: 'POST', url, payload: payload as object, headers: { origin: EXT_ORIGIN, authorization: `Bearer ${bearer}` } });

  beforeAll(async () => {
    t = await createTestApp({}, { runJobs: false });
    token = await pairExtension(t);
  });
  afterAll(() => t.close());

  async function listedItem(listingId: string, price: number) {
    const item = await makeItem(t, { title: `Pull laine ${listingId}`, price, status: 'listed', vinted: { listing_id: listingId, url: `https://www.vinted.fr/items/${listingId}` } });
    return item.id;
  }

  it('records each sale as an order, marks the item sold, follows the shipping step, and is idempotent', async () => {
    const a = await listedItem('5100000001', 30);
    const b = await listedItem('5100000002', 18);
    const sales = [
      { listing_id: '5100000001', sale_id: '990001', price: 27.5, sold_at: '2026-11-30T09:12:00Z', buyer: 'lea_b', shipping: 'shipped' },
      { listing_id: '5100000002', sale_id: '990002', price: 18, sold_at: '2026-12-01T18:00:00Z', buyer: 'tom.v', shipping: 'to_ship' },
      { listing_id: '5199999999', sale_id: '990003', price: 5, sold_at: '2026-12-01T18:00:00Z', buyer: 'x', shipping: null },
    ];
    const first = await post('/extension/sales', { sales });
    expect(first.statusCode, first.body).toBe(200);
    const r = first.json().results;
    expect(r.map((x: { ok: boolean; created?: boolean; error?: string }) => [x.ok, x.created ?? null, x.error ?? null])).toEqual([[true, true, null], [true, true, null], [false, null, 'listing_not_in_stock']]);

    const item = (await t.app.inject({ method: 'GET', url: `/listings/${a}` })).json();
    expect(item).toMatchObject({ status: 'sold', sold_price: 27.5 });
    expect(item.sold_at).toBe('2026-11-30T09:12:00.000Z');
    const order = (await t.app.inject({ method: 'GET', url: `/orders/${r[0].order_id}` })).json();
    expect(order).toMatchObject({ item_id: a, status: 'shipped', sale_price: 27.5, buyer_name: 'lea_b', source: 'extension', platform: 'vinted', external_id: '990001' });
    expect((await t.app.inject({ method: 'GET', url: `/orders/${r[1].order_id}` })).json()).toMatchObject({ item_id: b, status: 'sold' });

    // The same page read again, the second sale now shipped: no new order, the step follows.
    const again = await post('/extension/sales', { sales: [{ ...sales[0] }, { ...sales[1], shipping: 'delivered' }] });
    expect(again.json().results.map((x: { created: boolean; order_id: string }) => [x.created, x.order_id])).toEqual([[false, r[0].order_id], [false, r[1].order_id]]);
    expect((await t.app.inject({ method: 'GET', url: `/orders/${r[1].order_id}` })).json().status).toBe('delivered');
    const all = (await t.app.inject({ method: 'GET', url: '/orders?limit=50' })).json();
    expect(all.orders ?? all.items).toHaveLength(2);
  });

  it('needs the extension token and refuses a malformed sale', async () => {
    const no = await t.app.inject({ method: 'POST', url: '/extension/sales', payload: { sales: [] }, headers: { origin: EXT_ORIGIN } });
    expect([401, 403]).toContain(no.statusCode);
    const bad = await post('/extension/sales', { sales: [{ listing_id: 'abc', price: -1, sold_at: 'yesterday' }] });
    expect(bad.statusCode).toBe(400);
  });
});
