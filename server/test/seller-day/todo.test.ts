import { afterEach, describe, expect, it } from 'vitest';
import { createTestApp, json, type TestApp } from '../helpers/test-app.ts';

// Issue 16, point 15: the dashboard's to-do lists the real work (drafts with fields missing, items without price or
// floor, duplicates with their actions, stale listings, sales to ship), each line a code with parameters.

let t: TestApp | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

const DAY = 86_400_000;
const post = async (app: TestApp, url: string, body: unknown) => {
  const res = await app.app.inject({ method: 'POST', url, ...json(body) });
  expect(res.statusCode, res.body).toBeLessThan(300);
  return res.json();
};
const todo = async (app: TestApp) => {
  const res = await app.app.inject({ method: 'GET', url: '/todo' });
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
};

describe('the dashboard\'s to-do (issue 16 point 15)', () => {
  it('lists incomplete drafts, items without price or floor, duplicates, stale listings and sales to ship', async () => {
    t = await createTestApp({ PRICE_DROP_CRON: 'off' });
    for (let i = 0; i < 3; i++) await post(t, '/listings', { title: `Brouillon ${i}`, price: 10 });
    const noPrice = await post(t, '/listings', { title: 'Veste sans prix', status: 'listed' });
    const noFloor = await post(t, '/listings', { title: 'Pull sans plancher', status: 'listed', price: 30 });
    await post(t, '/listings', { title: 'Pull avec plancher', status: 'listed', price: 30, floor: 20 });
    const original = await post(t, '/listings', { title: 'Jupe plissée Zara S', price: 15, floor: 10, status: 'listed' });
    const dup = await t.ctx.listings.create({ title: 'Jupe plissée Zara S', price: 15 }, { possible_duplicate: true, duplicate_of: [{ item_id: original.id, reason: 'title', score: 1 }] });
    const stale = await t.ctx.listings.create({ title: 'Manteau ancien', price: 60, floor: 40, status: 'listed' }, { stamps: { listed_at: new Date(Date.now() - 45 * DAY).toISOString() } });
    const sold = await post(t, '/listings', { title: 'Robe vendue', price: 20, floor: 10, status: 'listed' });
    await post(t, `/listings/${sold.id}/sold`, { sold_price: 18 });

    const list = await todo(t);
    expect(list.incomplete_drafts.count).toBe(4); // three drafts and the duplicate draft (no photos, no brand…)
    expect(list.incomplete_drafts.lines[0]).toMatchObject({ code: 'draft_incomplete', actions: ['edit'] });
    expect(list.incomplete_drafts.lines[0].params.missing_fields).toEqual(expect.arrayContaining(['missing_brand', 'too_few_photos']));
    expect(list.missing_price_or_floor.lines.map((l: { item_id: string; code: string }) => [l.item_id, l.code]).sort()).toEqual([[noFloor.id, 'no_floor'], [noPrice.id, 'no_price']].sort());
    expect(list.duplicates.lines).toEqual([expect.objectContaining({
      item_id: dup.id, code: 'possible_duplicate', actions: ['not_a_duplicate', 'merge', 'archive'],
      params: { of: [{ item_id: original.id, title: 'Jupe plissée Zara S', reason: 'title', score: 1 }] },
    })]);
    expect(list.stale_listings.lines).toEqual([expect.objectContaining({ item_id: stale.id, code: 'listed_too_long', params: { days: 45, threshold: 30 } })]);
    expect(list.to_ship.lines).toEqual([expect.objectContaining({ item_id: sold.id, code: 'sold_recently', params: expect.objectContaining({ days_ago: 0, sold_price: 18 }) })]);
    // No English sentence anywhere in it: codes and parameters only.
    expect(JSON.stringify(list)).not.toMatch(/Possible duplicate of|republish it/);
  });

  it('settles a duplicate: not a duplicate, or merged into the item kept', async () => {
    t = await createTestApp({ PRICE_DROP_CRON: 'off' });
    const a = await post(t, '/listings', { title: 'Sac cuir', price: 40 });
    const b = await t.ctx.listings.create({ title: 'Sac cuir', price: 40 }, { possible_duplicate: true, duplicate_of: [{ item_id: a.id, reason: 'title', score: 1 }] });
    const c = await t.ctx.listings.create({ title: 'Sac cuir', price: 40 }, { possible_duplicate: true, duplicate_of: [{ item_id: a.id, reason: 'title', score: 1 }] });
    expect((await todo(t)).duplicates.count).toBe(2);

    const dismissed = await post(t, `/duplicates/${b.id}/dismiss`, {});
    expect(dismissed).toMatchObject({ id: b.id, possible_duplicate: false, duplicate_of: [] });
    const merged = await post(t, `/duplicates/${c.id}/merge`, { into: a.id });
    expect(merged).toMatchObject({ kept: { id: a.id, status: 'draft' }, archived: { id: c.id, status: 'archived', possible_duplicate: false }, photos_added: 0 });
    expect((await todo(t)).duplicates.count).toBe(0);
    const again = await t.app.inject({ method: 'POST', url: `/duplicates/${c.id}/merge`, ...json({ into: a.id }) });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('item_not_active');
  });
});
