import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, json, type TestApp } from '../helpers/test-app.ts';
import { extensionCall, pairExtension } from './paired-extension.ts';
import { makeItem } from '../vinted/vinted-fixtures.ts';

// Prices to apply on Vinted, through the real routes: a price dropped here shows in the extension's list; the
// seller's report that Vinted now shows it clears the difference and the price history says "applied on Vinted";
// a report for another listing or an old price is refused.

describe('prices applied on Vinted through the extension', () => {
  let t: TestApp;
  let token: string;
  const call = (method: 'GET' | 'POST', url: string, payload?: unknown) => extensionCall(t, () => token)(method, url, payload);

  beforeAll(async () => {
    t = await createTestApp({}, { runJobs: false });
    token = await pairExtension(t);
  });
  afterAll(() => t.close());

  it('lists the dropped price, records it once applied, and refuses a wrong listing or a stale price', async () => {
    const item = await makeItem(t, { title: 'Manteau laine camel', price: 45, status: 'listed', vinted: { listing_id: '7300000001', url: 'https://www.vinted.fr/items/7300000001' } });
    expect((await call('GET', '/extension/prices')).json().prices).toEqual([]);
    await t.app.inject({ method: 'PATCH', url: `/listings/${item.id}`, ...json({ price: 42.9 }) });

    const list = (await call('GET', '/extension/prices?listing_id=7300000001')).json().prices;
    expect(list).toMatchObject([{ item_id: item.id, listing_id: '7300000001', price: 42.9, vinted_price: 45 }]);
    expect((await call('GET', '/extension/prices?listing_id=7300000002')).json().prices).toEqual([]);

    const wrong = await call('POST', '/extension/outcomes', { outcome: 'price_applied', item_id: item.id, listing_id: '7300000002', price: 42.9 });
    expect([wrong.statusCode, wrong.json().error.code]).toEqual([409, 'extension_listing_mismatch']);
    const stale = await call('POST', '/extension/outcomes', { outcome: 'price_applied', item_id: item.id, listing_id: '7300000001', price: 45 });
    expect([stale.statusCode, stale.json().error.code]).toEqual([409, 'extension_price_stale']);

    const ok = await call('POST', '/extension/outcomes', { outcome: 'price_applied', item_id: item.id, listing_id: '7300000001', price: 42.9 });
    expect(ok.statusCode, ok.body).toBe(200);
    const after = (await t.app.inject({ method: 'GET', url: `/listings/${item.id}` })).json();
    expect(after.vinted).toMatchObject({ price: 42.9, price_pending: false });
    expect(after.price_history.filter((e: { reason: string }) => e.reason === 'applied_on_vinted')).toMatchObject([{ old_price: 45, new_price: 42.9 }]);
    expect((await call('GET', '/extension/prices')).json().prices).toEqual([]);
  });
});
