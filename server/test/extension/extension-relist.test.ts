import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, json, type TestApp } from '../helpers/test-app.ts';
import { extensionCall, pairExtension } from './paired-extension.ts';
import { makeItem } from '../vinted/vinted-fixtures.ts';

// The safe relist's server side, through the real routes: the panel reads the stock item behind a live listing; a
// stop changes nothing; the relist done points the item at the new listing and the history says so; reports for
// another listing, the same listing or an address that is not the new listing's are refused with stable codes.

describe('relist reports from the extension', () => {
  let t: TestApp;
  let token: string;
  const call = (method: 'GET' | 'POST', url: string, payload?: unknown) => extensionCall(t, () => token)(method, url, payload);

  beforeAll(async () => {
    t = await createTestApp({}, { runJobs: false });
    token = await pairExtension(t);
  });
  afterAll(() => t.close());

  it('gives the listing\'s stock item to copy, records a stop as nothing, and the relist once done', async () => {
    const item = await makeItem(t, { title: 'Veste en jean Levi\'s M', price: 35, status: 'listed', vinted: { listing_id: '7400000001', url: 'https://www.vinted.fr/items/7400000001' } });
    const source = await call('GET', '/extension/relists/source?listing_id=7400000001');
    expect(source.statusCode, source.body).toBe(200);
    expect(source.json()).toMatchObject({ id: item.id, listing_id: '7400000001', title: 'Veste en jean Levi\'s M', price: 35 });
    for (const p of source.json().photos as { url: string }[]) expect((await call('GET', p.url)).statusCode).toBe(200);
    const none = await call('GET', '/extension/relists/source?listing_id=7400000099');
    expect([none.statusCode, none.json().error.code]).toEqual([404, 'listing_not_in_stock']);

    const stop = await call('POST', '/extension/relists', { outcome: 'stopped', item_id: item.id, old_listing_id: '7400000001', step: 'publish' });
    expect(stop.statusCode, stop.body).toBe(200);
    const unchanged = (await t.app.inject({ method: 'GET', url: `/listings/${item.id}` })).json();
    expect(unchanged.vinted.listing_id).toBe('7400000001');
    expect(unchanged.price_history.some((e: { reason: string }) => e.reason === 'relisted_on_vinted')).toBe(false);

    const done = { outcome: 'relisted', item_id: item.id, old_listing_id: '7400000001', listing_id: '7400000002', url: 'https://www.vinted.fr/items/7400000002' };
    const refused = [
      [{ ...done, old_listing_id: '7400000005' }, 409, 'extension_listing_mismatch'],
      [{ ...done, listing_id: '7400000001', url: 'https://www.vinted.fr/items/7400000001' }, 409, 'extension_relist_same_listing'],
      [{ ...done, url: 'https://www.vinted.fr/items/7400000003' }, 409, 'extension_listing_url_mismatch'],
      [{ ...done, url: 'https://evil.example/items/7400000002' }, 400, 'validation_failed'],
      [{ ...done, item_id: 'not-a-uuid' }, 400, 'validation_failed'],
      [{ ...done, listing_id: '74x' }, 400, 'validation_failed'],
      [{ outcome: 'stopped', item_id: item.id, old_listing_id: '7400000005', step: 'delete' }, 409, 'extension_listing_mismatch'],
      [{ outcome: 'stopped', item_id: item.id, old_listing_id: '7400000001', step: 'somewhere' }, 400, 'validation_failed'],
    ] as const;
    for (const [body, status, code] of refused) {
      const r = await call('POST', '/extension/relists', body);
      expect([r.statusCode, r.json().error.code], JSON.stringify(body)).toEqual([status, code]);
    }
    const missing = await call('POST', '/extension/relists', { ...done, item_id: '0190a000-0000-7000-8000-000000000000' });
    expect(missing.statusCode).toBe(404);

    const ok = await call('POST', '/extension/relists', done);
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toEqual({ ok: true, item_id: item.id, listing_id: '7400000002' });
    const after = (await t.app.inject({ method: 'GET', url: `/listings/${item.id}` })).json();
    expect(after).toMatchObject({ status: 'listed', vinted: { listing_id: '7400000002', url: 'https://www.vinted.fr/items/7400000002', price: 35, price_pending: false } });
    expect(after.price_history.filter((e: { reason: string }) => e.reason === 'relisted_on_vinted')).toMatchObject([{ new_price: 35 }]);
    const history = (await t.app.inject({ method: 'GET', url: `/history?item_id=${item.id}` })).json().entries as { actor: string; changes: Record<string, { from: unknown; to: unknown }> }[];
    expect(history.find((e) => e.changes.vinted)).toMatchObject({ actor: 'extension', changes: { vinted: { from: { listing_id: '7400000001' }, to: { listing_id: '7400000002' } } } });
    // The old listing is no longer the item's: a second report for it is refused.
    const again = await call('POST', '/extension/relists', done);
    expect([again.statusCode, again.json().error.code]).toEqual([409, 'extension_listing_mismatch']);
  });
});
