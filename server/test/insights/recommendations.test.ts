import { afterEach, describe, expect, it } from 'vitest';
import { createTestApp, json, type TestApp } from '../helpers/test-app.ts';

let t: TestApp | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

const DAY = 86_400_000;
const ago = (days: number) => new Date(Date.now() - days * DAY).toISOString();

describe('GET /recommendations', () => {
  it('lists items to act on with their reasons, best first, and follows the thresholds', async () => {
    t = await createTestApp({ PRICE_DROP_CRON: 'off' });
    const L = t.ctx.listings;
    const stale = await L.create({ title: 'Jean Levi’s 501', price: 25, status: 'listed', estimated_sale_score: 30 }, { created_at: ago(40) });
    const floored = await L.create({ title: 'Manteau laine', price: 30, floor: 30, status: 'listed', estimated_sale_score: 70 }, { created_at: ago(10) });
    const weak = await L.create({ title: 'Top basique', price: 8, status: 'draft', estimated_sale_score: 15 });
    const dup = await L.create({ title: 'Pull Nike', price: 20, status: 'listed' }, { possible_duplicate: true, duplicate_of: [{ item_id: stale.id, reason: 'title', score: 92 }] });
    await L.create({ title: 'Robe récente', price: 30, status: 'listed', estimated_sale_score: 80 });
    await L.create({ title: 'Veste vendue', price: 50, status: 'sold', estimated_sale_score: 10 }, { created_at: ago(90) });
    const recentFloor = await L.create({ title: 'Sac à floor récent', price: 15, floor: 15, status: 'listed' }, { created_at: ago(2) });

    const res = await t.app.inject({ method: 'GET', url: '/recommendations' });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.thresholds).toEqual({ listed_days: 30, floor_days: 7, low_score: 40 });
    expect(body.items.map((i: { item_id: string }) => i.item_id)).toEqual([stale.id, dup.id, floored.id, weak.id]);
    expect(body.items.map((i: { item_id: string }) => i.item_id)).not.toContain(recentFloor.id);
    const [first, second, third, fourth] = body.items;
    expect(first).toMatchObject({ action: 'republish', priority: 60, price: 25, status: 'listed' });
    expect(first.reasons.map((r: { code: string }) => r.code)).toEqual(['listed_too_long', 'low_sale_score']);
    expect(first.reasons[0].message).toContain('Listed for 40 days');
    expect(second).toMatchObject({ action: 'resolve_duplicate', priority: 50 });
    expect(third).toMatchObject({ action: 'reprice', reasons: [{ code: 'at_floor' }] });
    expect(fourth).toMatchObject({ action: 'reprice', reasons: [{ code: 'low_sale_score' }], status: 'draft' });

    const limited = (await t.app.inject({ method: 'GET', url: '/recommendations?limit=2' })).json();
    expect(limited.items).toHaveLength(2);

    const patched = await t.app.inject({ method: 'PATCH', url: '/settings/recommendations', ...json({ listed_days: 60, low_score: 10 }) });
    expect(patched.json()).toEqual({ listed_days: 60, floor_days: 7, low_score: 10 });
    const after = (await t.app.inject({ method: 'GET', url: '/recommendations' })).json();
    expect(after.items.map((i: { item_id: string }) => i.item_id)).toEqual([dup.id, floored.id]);

    const bad = await t.app.inject({ method: 'PATCH', url: '/settings/recommendations', ...json({ floor_days: 0 }) });
    expect(bad.statusCode).toBe(400);
    expect((await t.app.inject({ method: 'GET', url: '/recommendations?limit=0' })).statusCode).toBe(400);
  });

  it('reads a bounded number of items per reason and still puts the weightiest first', async () => {
    t = await createTestApp({ PRICE_DROP_CRON: 'off' });
    const L = t.ctx.listings;
    const old = [];
    for (let i = 0; i < 8; i++) old.push(await L.create({ title: `Jean ancien ${i}`, price: 25, status: 'listed', estimated_sale_score: 90 }, { created_at: ago(60 - i) }));
    for (let i = 0; i < 8; i++) await L.create({ title: `Top faible ${i}`, price: 8, status: 'draft', estimated_sale_score: 10 + i });
    // The most recent of the stale items, and the only duplicate: last in the stale list, first overall (40 + 50 + 20).
    const best = await L.create({ title: 'Pull doublon', price: 20, status: 'listed', estimated_sale_score: 5 }, { created_at: ago(31), possible_duplicate: true, duplicate_of: [{ item_id: old[0].id, reason: 'title', score: 95 }] });
    const top = (await t.app.inject({ method: 'GET', url: '/recommendations?limit=3' })).json().items;
    expect(top.map((i: { item_id: string }) => i.item_id)).toEqual([best.id, old[0].id, old[1].id]);
    expect(top.map((i: { priority: number }) => i.priority)).toEqual([110, 40, 40]);
    // With room for every candidate, the whole ranking: 1 + 8 stale + 8 weak.
    const all = (await t.app.inject({ method: 'GET', url: '/recommendations?limit=200' })).json().items;
    expect(all).toHaveLength(17);
    expect(all.slice(9).map((i: { reasons: { code: string }[] }) => i.reasons.map((r) => r.code))).toEqual(Array(8).fill(['low_sale_score']));
  });
});

