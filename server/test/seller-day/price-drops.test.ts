import { afterEach, describe, expect, it } from 'vitest';
import { createTestApp, json, type TestApp } from '../helpers/test-app.ts';
import { multipartFile } from '../files/multipart.ts';

// Issue 16, points 1 and 2: an item drops automatically only down to a floor of its own, the seller sees per item
// whether it will drop and to what floor, and a ",90" rounding never drops more than the configured rate.

let t: TestApp | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

const DAY = 24 * 3600_000;
const get = async (app: TestApp, id: string) => (await app.app.inject({ method: 'GET', url: `/listings/${id}` })).json();
async function create(app: TestApp, body: Record<string, unknown>) {
  const res = await app.app.inject({ method: 'POST', url: '/listings', ...json({ status: 'listed', ...body }) });
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}
const patch = async (app: TestApp, id: string, body: Record<string, unknown>) => {
  const res = await app.app.inject({ method: 'PATCH', url: `/listings/${id}`, ...json(body) });
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
};
const settings = (app: TestApp, body: Record<string, unknown>) => app.app.inject({ method: 'PATCH', url: '/settings/pricing', ...json(body) });

describe('automatic drops only down to a floor of its own (issue 16 point 1)', () => {
  it('leaves CSV and bulk-like items without a floor alone, and says so on each item', async () => {
    t = await createTestApp({ PRICE_DROP_CRON: 'off' });
    const csv = 'titre;prix;statut\nVeste en jean;45;en vente\nPull marin;30;en vente\n';
    const imported = await t.app.inject({ method: 'POST', url: '/import/csv', ...multipartFile(csv) });
    expect(imported.statusCode, imported.body).toBe(200);
    const withSuggestion = await create(t, { title: 'Pull Ralph Lauren M', price: 50, price_suggestion: { min: 30, target: 50, max: 60 } });
    const typedFloor = await create(t, { title: 'Manteau laine', price: 80, floor: 60 });

    const preview = (await t.app.inject({ method: 'GET', url: '/pricing/preview' })).json();
    expect(preview).toMatchObject({ considered: 4, dropped: 2, skipped_without_floor: 2 });
    expect(preview.changes.map((c: { title: string }) => c.title).sort()).toEqual(['Manteau laine', 'Pull Ralph Lauren M']);

    const page = (await t.app.inject({ method: 'GET', url: '/listings?status=listed' })).json();
    const jacket = page.items.find((i: { title: string }) => i.title === 'Veste en jean');
    expect(jacket.auto_drop_plan).toEqual({ will_drop: false, reason: 'no_floor', floor: null, rate: 0.05, next_price: null });
    expect((await get(t, withSuggestion.id)).auto_drop_plan).toEqual({ will_drop: true, reason: 'drops', floor: 30, rate: 0.05, next_price: 47.5 });
    expect(typedFloor.auto_drop_plan).toMatchObject({ will_drop: true, floor: 60 });

    const run = (await t.app.inject({ method: 'POST', url: '/pricing/run', ...json({ dry_run: false }) })).json();
    expect(run).toMatchObject({ dropped: 2, skipped_without_floor: 2 });
    expect((await get(t, jacket.id)).price).toBe(45);

    // Once the seller types a floor, it drops, never under it.
    const floored = await patch(t, jacket.id, { floor: 40 });
    expect(floored.auto_drop_plan).toMatchObject({ will_drop: true, reason: 'drops', floor: 40, next_price: 42.75 });
    // Sold, it does not drop any more.
    expect((await patch(t, typedFloor.id, { status: 'sold' })).auto_drop_plan).toMatchObject({ will_drop: false, reason: 'not_listed' });
  });

  it('keeps the default on for listed items with a floor, lets the seller turn it off, and keeps per-item choices', async () => {
    t = await createTestApp({ PRICE_DROP_CRON: 'off' });
    const follows = await create(t, { title: 'Jupe plissée', price: 20, floor: 10 });
    const optedOut = await create(t, { title: 'Robe longue', price: 20, floor: 10, auto_drop: false });
    expect(follows).toMatchObject({ auto_drop: true, auto_drop_chosen: false });
    expect(optedOut.auto_drop_plan).toMatchObject({ will_drop: false, reason: 'switched_off' });

    const off = await settings(t, { drop_by_default: false });
    expect(off.json()).toMatchObject({ drop_by_default: false });
    expect((await get(t, follows.id)).auto_drop_plan).toMatchObject({ will_drop: false, reason: 'not_switched_on', floor: 10 });
    const chosen = await create(t, { title: 'Chemise lin', price: 20, floor: 10, auto_drop: true });
    expect(chosen).toMatchObject({ auto_drop_chosen: true, auto_drop_plan: { will_drop: true } });
    const r = (await t.app.inject({ method: 'POST', url: '/pricing/run', ...json({ dry_run: false }) })).json();
    expect(r).toMatchObject({ dropped: 1, skipped_not_switched_on: 1 });
    expect((await get(t, chosen.id)).price).toBe(19);
    expect((await get(t, follows.id)).price).toBe(20);

    // null hands the item back to the default.
    expect(await patch(t, chosen.id, { auto_drop: null })).toMatchObject({ auto_drop_chosen: false, auto_drop_plan: { reason: 'not_switched_on' } });
    // Paused scheduled drops show on the item too.
    await settings(t, { drop_by_default: true, auto_drop_enabled: false });
    expect((await get(t, follows.id)).auto_drop_plan).toMatchObject({ will_drop: false, reason: 'paused' });
  });
});

describe('",90" rounding never drops more than the rate (issue 16 point 2)', () => {
  it('rounds up to the ending at or above the exact drop, and the simulation shows the hold', async () => {
    t = await createTestApp({ PRICE_DROP_CRON: 'off' });
    const sim = await t.app.inject({ method: 'POST', url: '/pricing/simulate', ...json({ initial_price: 15, min_price: 5, rate: 0.02, days: 2, rounding: 'ends_90' }) });
    expect(sim.statusCode, sim.body).toBe(200);
    const points = sim.json();
    // 15 € − 2 % is 14.70 €: the ",90" at or above it is 14.90 €, a 0.67 % drop (rounding down gave 13.90 €, −7.3 %).
    expect(points.map((p: { price: number }) => p.price)).toEqual([15, 14.9, 14.9]);
    expect(points.every((p: { drop_percentage: number }) => p.drop_percentage <= 2)).toBe(true);
    expect(points[2]).toMatchObject({ held_by_rounding: true, at_floor: false });

    await settings(t, { rounding: 'ends_90', drop_rate: 0.02 });
    const a = await create(t, { title: 'Top rayé', price: 6.9, floor: 2 });
    const b = await create(t, { title: 'Pantalon', price: 50, floor: 20 });
    const r = (await t.app.inject({ method: 'POST', url: '/pricing/run', ...json({ dry_run: false }) })).json();
    expect(r).toMatchObject({ dropped: 1, held_by_rounding: 1 });
    expect((await get(t, a.id)).price).toBe(6.9); // 6.76 € rounds up to 6.90 €: held, never 4.90 € in two days
    expect((await get(t, b.id)).price).toBe(49.9);
    expect((await get(t, a.id)).auto_drop_plan).toMatchObject({ will_drop: false, reason: 'held_by_rounding' });
    const next = await t.ctx.priceDrops.run({ trigger: 'manual', now: new Date(Date.now() + DAY) });
    expect(next.changes[0]).toMatchObject({ old_price: 49.9, new_price: 48.9 });
  });
});
