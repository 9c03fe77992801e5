import { afterEach, describe, expect, it } from 'vitest';
import { multipartFile } from '../files/multipart.ts';
import { createTestApp, json, type TestApp } from '../helpers/test-app.ts';

// Issue 18: one truth for the numbers. Whatever makes an item sold (its sold button, a PATCH or PUT of its status,
// a create or an import of a sold item) records an order in the same write, so every figure, which counts orders,
// sees the sale; putting the item back on sale cancels it.

let t: TestApp | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

const inject = (method: string, url: string, body?: unknown) => t!.app.inject({ method: method as 'GET', url, ...(body === undefined ? {} : json(body)) });
const ordersOf = async (itemId: string) =>
  ((await inject('GET', '/orders?limit=200')).json().orders as { item_id: string; status: string; sale_price: number; cost: number; source: string }[])
    .filter((o) => o.item_id === itemId);

describe('sales the stock makes are orders', () => {
  it('PATCH status sold records an order to ship; a new sale price follows; back on sale cancels it', async () => {
    t = await createTestApp({ PRICE_DROP_CRON: 'off', PURGE_CRON: 'off' });
    const item = (await inject('POST', '/listings', { title: 'Chemise Oxford', price: 30, purchase_cost: 7, status: 'listed', storage_location: 'B2' })).json();
    expect((await inject('PATCH', `/listings/${item.id}`, { status: 'sold', sold_price: 26 })).statusCode).toBe(200);
    expect(await ordersOf(item.id)).toMatchObject([{ status: 'sold', sale_price: 26, cost: 7, source: 'seller' }]);
    expect((await inject('GET', '/orders/to-ship')).json().orders.map((o: { item_id: string }) => o.item_id)).toEqual([item.id]);
    expect((await inject('GET', '/analytics/summary?period=day')).json().totals).toMatchObject({ sales: 1, revenue: 26, margin: 19 });

    await inject('PATCH', `/listings/${item.id}`, { sold_price: 24 });
    expect(await ordersOf(item.id)).toMatchObject([{ status: 'sold', sale_price: 24 }]);

    await inject('PATCH', `/listings/${item.id}`, { status: 'listed' });
    expect(await ordersOf(item.id)).toMatchObject([{ status: 'cancelled' }]);
    expect((await inject('GET', '/analytics/summary?period=day')).json().totals).toMatchObject({ sales: 0, revenue: 0 });
    // Sold again through its button: a second order, the cancelled one stays in the ledger.
    expect((await inject('POST', `/listings/${item.id}/sold`, { sold_price: 25 })).statusCode).toBe(200);
    expect((await ordersOf(item.id)).map((o) => o.status).sort()).toEqual(['cancelled', 'sold']);
  });

  it('an item created sold, or imported sold, has its order (an import’s is a past sale: completed)', async () => {
    t = await createTestApp({ PRICE_DROP_CRON: 'off', PURGE_CRON: 'off' });
    const created = (await inject('POST', '/listings', { title: 'Veste Lee', price: 35, status: 'sold' })).json();
    expect(await ordersOf(created.id)).toMatchObject([{ status: 'sold', sale_price: 35, source: 'seller' }]);
    const res = await t.app.inject({ method: 'POST', url: '/import/csv', ...multipartFile('titre;prix;statut\nPull marin;18;vendu\nJean 501;25;en vente\n') });
    expect(res.statusCode, res.body).toBe(200);
    const all = (await inject('GET', '/orders?limit=200')).json().orders as { item: { title: string }; status: string; source: string; sale_price: number }[];
    expect(all.filter((o) => o.item.title === 'Pull marin')).toMatchObject([{ status: 'completed', source: 'import', sale_price: 18 }]);
    expect(all.filter((o) => o.item.title === 'Jean 501')).toEqual([]);
    // Archiving a sold item puts it away: the sale stands.
    await inject('PATCH', `/listings/${created.id}`, { status: 'archived' });
    expect(await ordersOf(created.id)).toMatchObject([{ status: 'sold' }]);
  });
});
