import { afterEach, describe, expect, it } from 'vitest';
import { createTestApp, json, type TestApp } from '../helpers/test-app.ts';

// Issue 16, point 4: marking an item sold takes the sale price (the listing price only when none is given, and the
// answer says so), stops drops and publication, and a sold item has nothing "to fix before publishing".

let t: TestApp | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

const listed = async (app: TestApp, body: Record<string, unknown> = {}) => {
  const res = await app.app.inject({ method: 'POST', url: '/listings', ...json({ title: 'Jupe plissée Zara', price: 25, floor: 15, status: 'listed', publish_opt_in: true, ...body }) });
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
};
const sold = (app: TestApp, id: string, body?: unknown) =>
  app.app.inject({ method: 'POST', url: `/listings/${id}/sold`, ...(body === undefined ? {} : json(body)) });

describe('marking an item sold (issue 16 point 4)', () => {
  it('records the price the seller got, and says when it took the listing price instead', async () => {
    t = await createTestApp({ PRICE_DROP_CRON: 'off' });
    const a = await listed(t);
    expect(a.flags.missing_fields.length).toBeGreaterThan(0); // no photos, no brand…: a listed item has its checklist
    const res = await sold(t, a.id, { sold_price: 22 });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({
      sold_price_from: 'given',
      item: {
        status: 'sold', sold_price: 22, price: 25, auto_drop: false, publish_opt_in: false,
        flags: { publish_ready: false, missing_fields: [] }, auto_drop_plan: { will_drop: false, reason: 'not_listed' },
      },
    });
    expect(res.json().item.sold_at).toEqual(expect.any(String));

    const b = await listed(t, { title: 'Pull marin' });
    const byDefault = (await sold(t, b.id, {})).json();
    expect(byDefault).toMatchObject({ sold_price_from: 'listing_price', item: { sold_price: 25 } });
    expect((await sold(t, b.id, { sold_price: 20 })).json().error.code).toBe('item_already_sold');

    // The nightly drop leaves them alone.
    const run = (await t.app.inject({ method: 'POST', url: '/pricing/run', ...json({ dry_run: false }) })).json();
    expect(run.changes.map((c: { item_id: string }) => c.item_id)).not.toContain(a.id);
  });

  it('stops drops and publication whatever path marks it sold, and the checklist comes back if the sale is cancelled', async () => {
    t = await createTestApp({ PRICE_DROP_CRON: 'off' });
    const a = await listed(t);
    const patched = (await t.app.inject({ method: 'PATCH', url: `/listings/${a.id}`, ...json({ status: 'sold', sold_price: 19 }) })).json();
    expect(patched).toMatchObject({ status: 'sold', sold_price: 19, auto_drop: false, publish_opt_in: false, flags: { missing_fields: [] } });
    // A sold item is not prepared on Vinted.
    const prepare = await t.app.inject({ method: 'POST', url: '/vinted/listings/prepare', ...json({ draft_id: a.id }) });
    expect(prepare.statusCode).toBeGreaterThanOrEqual(400);
    const back = (await t.app.inject({ method: 'PATCH', url: `/listings/${a.id}`, ...json({ status: 'listed' }) })).json();
    expect(back.flags.missing_fields.length).toBeGreaterThan(0);
    expect(back).toMatchObject({ auto_drop: false, auto_drop_plan: { reason: 'switched_off' } });
  });
});
