import { afterEach, describe, expect, it } from 'vitest';
import { multipartFile } from '../files/multipart.ts';
import { createTestApp, json, type TestApp } from '../helpers/test-app.ts';

// Issue 18 point 5: every change to an item recorded with who or what made it and the values before and after,
// filtered by type and date, exported as CSV.

let t: TestApp | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

const history = async (query = '') => {
  const res = await t!.app.inject({ url: `/history${query}` });
  expect(res.statusCode, res.body).toBe(200);
  return res.json().entries as { type: string; actor: string; title: string; item_id: string; changes: Record<string, { from: unknown; to: unknown }>; at: string }[];
};

describe('history (issue 18 point 5)', () => {
  it('records who changed what on an item, before and after, newest first', async () => {
    t = await createTestApp({ PRICE_DROP_CRON: 'off', PURGE_CRON: 'off' });
    const item = (await t.app.inject({ method: 'POST', url: '/listings', ...json({ title: 'Veste Carhartt', price: 40 }) })).json();
    await t.app.inject({ method: 'PATCH', url: `/listings/${item.id}`, ...json({ price: 35, brand: 'Carhartt' }) });
    await t.app.inject({ method: 'PATCH', url: `/listings/${item.id}`, ...json({ price: 35 }) }); // changes nothing: no entry
    await t.app.inject({ method: 'PATCH', url: `/listings/${item.id}`, ...json({ status: 'listed' }) });
    await t.app.inject({ method: 'POST', url: `/listings/${item.id}/sold`, ...json({ sold_price: 33 }) });

    const entries = await history(`?item_id=${item.id}`);
    expect(entries.map((e) => [e.type, e.actor])).toEqual([['status_changed', 'seller'], ['status_changed', 'seller'], ['price_changed', 'seller'], ['created', 'seller']]);
    expect(entries[2].changes).toEqual({ price: { from: 40, to: 35 }, brand: { from: null, to: 'Carhartt' } });
    expect(entries[0].changes).toMatchObject({ status: { from: 'listed', to: 'sold' }, sold_price: { from: null, to: 33 } });
    expect(entries.every((e) => e.title === 'Veste Carhartt')).toBe(true);

    // A deleted item's history stays, under its last name.
    await t.app.inject({ method: 'DELETE', url: `/listings/${item.id}` });
    expect((await history(`?item_id=${item.id}&type=deleted`))[0]).toMatchObject({ type: 'deleted', title: 'Veste Carhartt' });
  });

  it('names the import as the author of what it creates', async () => {
    t = await createTestApp({ PRICE_DROP_CRON: 'off', PURGE_CRON: 'off' });
    const res = await t.app.inject({ method: 'POST', url: '/import/csv', ...multipartFile('titre;prix\nPull marin;18\nJean Levi’s 501;25\n') });
    expect(res.statusCode, res.body).toBe(200);
    const entries = await history('?actor=import');
    expect(entries.map((e) => [e.type, e.title]).sort()).toEqual([['created', 'Jean Levi’s 501'], ['created', 'Pull marin']]);
  });

  it('filters by type and date, pages, and exports CSV', async () => {
    t = await createTestApp({ PRICE_DROP_CRON: 'off', PURGE_CRON: 'off' });
    const ids: string[] = [];
    for (const title of ['=HYPERLINK("x")', 'Robe, fleurie', 'Short']) {
      const it = (await t.app.inject({ method: 'POST', url: '/listings', ...json({ title, price: 10 }) })).json();
      ids.push(it.id);
      await t.app.inject({ method: 'PATCH', url: `/listings/${it.id}`, ...json({ price: 8 }) });
    }
    expect((await history('?type=price_changed')).length).toBe(3);
    expect((await history('?type=created,price_changed')).length).toBe(6);
    const today = new Date().toISOString().slice(0, 10);
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
    const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
    expect((await history(`?from=${today}&to=${today}`)).length).toBe(6);
    expect(await history(`?from=${tomorrow}`)).toEqual([]);
    expect(await history(`?to=${yesterday}`)).toEqual([]);

    const first = (await t.app.inject({ url: '/history?limit=4' })).json();
    const second = (await t.app.inject({ url: `/history?limit=4&cursor=${first.next_cursor}` })).json();
    expect(first.entries.length + second.entries.length).toBe(6);
    expect(second.next_cursor).toBeNull();

    const csv = await t.app.inject({ url: '/history/export.csv?type=price_changed' });
    expect(csv.headers['content-type']).toContain('text/csv');
    const lines = csv.body.replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(lines[0]).toBe('at,type,actor,entity,entity_id,item_id,title,changes');
    expect(lines.length).toBe(4);
    expect(csv.body).toContain(`"'=HYPERLINK(""x"")"`); // formula made inert
    expect(csv.body).toContain('"Robe, fleurie"');
    expect(csv.body).toContain('price: 10 → 8');

    // Bad filters: a clear 400 with a stable code.
    const range = await t.app.inject({ url: `/history?from=${tomorrow}&to=${yesterday}` });
    expect([range.statusCode, range.json().error.code]).toEqual([400, 'invalid_date_range']);
    const type = await t.app.inject({ url: '/history?type=teleported' });
    expect([type.statusCode, type.json().error.code]).toEqual([400, 'validation_failed']);
    const date = await t.app.inject({ url: '/history?from=2026-13-45' });
    expect(date.statusCode).toBe(400);
  });
});
