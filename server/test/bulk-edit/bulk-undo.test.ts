import { afterEach, describe, expect, it } from 'vitest';
import { createTestApp, json, type TestApp } from '../helpers/test-app.ts';

// A bulk edit can be undone from its own answer: each field goes back only while it still holds what the edit set,
// so a price the seller changed since is kept (changed_since), and nothing else moves.

let t: TestApp | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

const create = async (body: Record<string, unknown>) => {
  const res = await t!.app.inject({ method: 'POST', url: '/listings', ...json(body) });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string; price: number };
};
const post = (url: string, body: unknown) => t!.app.inject({ method: 'POST', url, ...json(body) });
const item = async (id: string) => (await t!.app.inject({ url: `/listings/${id}` })).json();

describe('undoing a bulk edit', () => {
  it('puts prices back, keeps a price changed since, and records each undo in the history', async () => {
    t = await createTestApp({ PRICE_DROP_CRON: 'off', PURGE_CRON: 'off' });
    const [a, b, c] = [await create({ title: 'Veste Zara', price: 20, status: 'listed' }), await create({ title: 'Jean Levi’s', price: 35, status: 'listed' }), await create({ title: 'Pull', price: 12.5, status: 'listed' })];
    const edit = (await post('/listings/bulk-edit', { ids: [a.id, b.id, c.id], action: { type: 'price', mode: 'percent', value: -10 } })).json();
    expect(edit).toMatchObject({ changed: 3, failed: 0 });
    // The seller changes one of them by hand afterwards.
    expect((await t.app.inject({ method: 'PATCH', url: `/listings/${b.id}`, ...json({ price: 30 }) })).statusCode).toBe(200);

    const undo = await post('/listings/bulk-edit/undo', { items: edit.results.map((r: { id: string; changes: unknown }) => ({ id: r.id, changes: r.changes })) });
    expect(undo.statusCode, undo.body).toBe(200);
    expect(undo.json()).toMatchObject({ dry_run: false, count: 3, changed: 2, failed: 1 });
    const byId = new Map(undo.json().results.map((r: { id: string }) => [r.id, r]));
    expect(byId.get(a.id)).toMatchObject({ ok: true, changes: { price: { from: 18, to: 20 } } });
    expect(byId.get(b.id)).toMatchObject({ ok: false, error: { code: 'changed_since', details: { params: { field: 'price' } } } });
    expect([(await item(a.id)).price, (await item(b.id)).price, (await item(c.id)).price]).toEqual([20, 30, 12.5]);
    // Undoing twice changes nothing more.
    const again = (await post('/listings/bulk-edit/undo', { items: [{ id: a.id, changes: { price: { from: 20, to: 18 } } }] })).json();
    expect(again).toMatchObject({ changed: 0, failed: 0 });
    const history = (await t.app.inject({ url: `/history?item_id=${a.id}&type=price_changed` })).json().entries;
    expect(history.map((e: { changes: { price: { from: number; to: number } } }) => [e.changes.price.from, e.changes.price.to])).toEqual([[18, 20], [20, 18]]);
  });

  it('puts a status and a location back, and refuses a restored value the stock would refuse', async () => {
    t = await createTestApp({ PRICE_DROP_CRON: 'off', PURGE_CRON: 'off' });
    const a = await create({ title: 'Robe', price: 15, status: 'listed', storage_location: 'B2' });
    const archived = (await post('/listings/bulk-edit', { ids: [a.id], action: { type: 'status', status: 'archived' } })).json();
    const moved = (await post('/listings/bulk-edit', { ids: [a.id], action: { type: 'location', location: 'C1' } })).json();
    const undone = (await post('/listings/bulk-edit/undo', { items: [{ id: a.id, changes: { ...archived.results[0].changes, ...moved.results[0].changes } }] })).json();
    expect(undone).toMatchObject({ changed: 1, failed: 0 });
    expect(await item(a.id)).toMatchObject({ status: 'listed', storage_location: 'B2' });
    // A forged "from" goes through the same rules as an edit: a price of 0.5 € is refused, nothing written.
    const forged = (await post('/listings/bulk-edit/undo', { items: [{ id: a.id, changes: { price: { from: 0.5, to: 15 } } }] })).json();
    expect(forged).toMatchObject({ changed: 0, failed: 1 });
    expect(forged.results[0].error.code).toBe('validation_failed');
    expect((await item(a.id)).price).toBe(15);
    // A field a bulk edit never changes is not accepted.
    const title = await post('/listings/bulk-edit/undo', { items: [{ id: a.id, changes: { title: { from: 'x', to: 'Robe' } } }] });
    expect([title.statusCode, title.json().error.code]).toEqual([400, 'validation_failed']);
  });
});
