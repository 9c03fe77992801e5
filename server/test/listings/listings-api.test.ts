import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, json, type TestApp } from '../helpers/test-app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t.close());

const create = async (body: Record<string, unknown>) => t.app.inject({ method: 'POST', url: '/listings', ...json(body) });

describe('stock API', () => {
  it('creates an item, stores money in cents, and reads it back in euros', async () => {
    const res = await create({
      title: 'Pull col rond Ralph Lauren M', price: 45.5, brand: 'Ralph Lauren', condition: 'very_good', colors: ['Marine', 'white'],
      price_suggestion: { min: 35, target: 45, max: 55, justification: 'premium brand' },
    });
    expect(res.statusCode).toBe(201);
    const item = res.json();
    expect(item).toMatchObject({
      title: 'Pull col rond Ralph Lauren M', price: 45.5, status: 'draft', colors: ['navy', 'white'], condition: 'very_good',
      price_suggestion: { min: 35, target: 45, max: 55 }, possible_duplicate: false, vinted: { listing_id: null, url: null },
    });
    expect(item.price_history).toEqual([expect.objectContaining({ old_price: null, new_price: 45.5, reason: 'initial' })]);
    expect(item.created_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    const row = await t.ctx.db.selectFrom('items').select(['price_cents', 'suggestion_target_cents']).where('id', '=', item.id).executeTakeFirstOrThrow();
    expect(row).toEqual({ price_cents: 4550, suggestion_target_cents: 4500 });
    const got = await t.app.inject({ method: 'GET', url: `/listings/${item.id}` });
    expect(got.json()).toEqual(item);
  });

  it('reports what keeps an item from being publish-ready, and re-evaluates on edit', async () => {
    const item = (await create({ title: 'Jupe Zara', price: 12 })).json();
    expect(item.flags.publish_ready).toBe(false);
    expect(item.flags.missing_fields).toEqual(expect.arrayContaining(['missing_size', 'missing_brand', 'missing_condition', 'too_few_photos', 'hashtags_count']));
    const patched = (await t.app.inject({ method: 'PATCH', url: `/listings/${item.id}`, ...json({ size: 'S', brand: 'Zara' }) })).json();
    expect(patched.flags.missing_fields).not.toContain('missing_size');
    expect(patched.flags.missing_fields).not.toContain('missing_brand');
    const emoji = (await t.app.inject({ method: 'PATCH', url: `/listings/${item.id}`, ...json({ title: 'Jupe Zara 🔥 magnifique' }) })).json();
    expect(emoji.flags.missing_fields).toEqual(expect.arrayContaining(['emoji_found', 'marketing_phrase']));
  });

  it('walks the status life cycle, stamping each step and refusing impossible transitions', async () => {
    const item = (await create({ title: 'Jean Levis W32', price: 30 })).json();
    const listed = (await t.app.inject({ method: 'PATCH', url: `/listings/${item.id}`, ...json({ status: 'listed' }) })).json();
    expect(listed.status).toBe('listed');
    expect(listed.listed_at).not.toBeNull();
    expect(listed.updated_at >= item.updated_at).toBe(true);
    const sold = (await t.app.inject({ method: 'PATCH', url: `/listings/${item.id}`, ...json({ status: 'sold', sold_price: 28 }) })).json();
    expect(sold).toMatchObject({ status: 'sold', sold_price: 28 });
    expect(sold.sold_at).not.toBeNull();
    const bad = await t.app.inject({ method: 'PATCH', url: `/listings/${item.id}`, ...json({ status: 'draft' }) });
    expect(bad.statusCode).toBe(409);
    expect(bad.json().error).toMatchObject({ code: 'invalid_status_transition', details: { from: 'sold', to: 'draft' } });
    const after = (await t.app.inject({ method: 'GET', url: `/listings/${item.id}` })).json();
    expect(after.status).toBe('sold');
    const archived = (await t.app.inject({ method: 'PATCH', url: `/listings/${item.id}`, ...json({ status: 'archived' }) })).json();
    expect(archived.archived_at).not.toBeNull();
    const draftToSold = (await create({ title: 'Robe Mango', price: 15 })).json();
    const r = await t.app.inject({ method: 'PATCH', url: `/listings/${draftToSold.id}`, ...json({ status: 'sold' }) });
    expect(r.statusCode).toBe(409);
  });

  it('applies content changes made together with a status change', async () => {
    const item = (await create({ title: 'Veste Levis bleue', price: 30 })).json();
    const res = (await t.app.inject({ method: 'PATCH', url: `/listings/${item.id}`, ...json({ status: 'listed', price: 99, size: 'L' }) })).json();
    expect(res).toMatchObject({ status: 'listed', price: 99, size: 'L' });
    expect(res.price_history.at(-1)).toMatchObject({ old_price: 30, new_price: 99 });
  });

  it('keeps a price history of manual changes', async () => {
    const item = (await create({ title: 'Veste Levis', price: 50 })).json();
    await t.app.inject({ method: 'PATCH', url: `/listings/${item.id}`, ...json({ price: 47.5 }) });
    const after = (await t.app.inject({ method: 'PATCH', url: `/listings/${item.id}`, ...json({ price: 45 }) })).json();
    expect(after.price_history.map((h: { old_price: number | null; new_price: number }) => [h.old_price, h.new_price])).toEqual([[null, 50], [50, 47.5], [47.5, 45]]);
  });

  it('replaces an item with PUT but never changes its id', async () => {
    const item = (await create({ title: 'Short Nike', price: 10, brand: 'Nike', size: 'M' })).json();
    const put = (await t.app.inject({ method: 'PUT', url: `/listings/${item.id}`, ...json({ title: 'Short Nike noir', price: 12 }) })).json();
    expect(put).toMatchObject({ id: item.id, title: 'Short Nike noir', price: 12, brand: null, size: null, created_at: item.created_at });
    const other = await t.app.inject({ method: 'PUT', url: `/listings/${item.id}`, ...json({ id: '0190a0a0-0000-7000-8000-000000000000', title: 'x y z w', price: 3 }) });
    expect(other.statusCode).toBe(400);
    expect(other.json().error.code).toBe('id_mismatch');
  });

  it('keeps who an item is for, from create through patch, and clears it with null', async () => {
    const item = (await create({ title: 'Sweat à capuche Nike L', category: 'hoodie', gender: 'men' })).json();
    expect(item.gender).toBe('men');
    const row = await t.ctx.db.selectFrom('items').select('gender').where('id', '=', item.id).executeTakeFirstOrThrow();
    expect(row.gender).toBe('men');
    const women = (await t.app.inject({ method: 'PATCH', url: `/listings/${item.id}`, ...json({ gender: 'women' }) })).json();
    expect(women.gender).toBe('women');
    // A patch that does not name it leaves it alone; null clears it.
    expect((await t.app.inject({ method: 'PATCH', url: `/listings/${item.id}`, ...json({ price: 20 }) })).json().gender).toBe('women');
    expect((await t.app.inject({ method: 'PATCH', url: `/listings/${item.id}`, ...json({ gender: null }) })).json().gender).toBeNull();
    expect((await create({ title: 'Jean Levi\'s W32' })).json().gender).toBeNull();
  });

  it('deletes an item', async () => {
    const item = (await create({ title: 'Casquette NY', price: 8 })).json();
    expect((await t.app.inject({ method: 'DELETE', url: `/listings/${item.id}` })).statusCode).toBe(204);
    const gone = await t.app.inject({ method: 'GET', url: `/listings/${item.id}` });
    expect(gone.statusCode).toBe(404);
    expect(gone.json().error.code).toBe('item_not_found');
    expect((await t.app.inject({ method: 'DELETE', url: `/listings/${item.id}` })).statusCode).toBe(404);
  });
});
