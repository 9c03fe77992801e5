import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, json, type TestApp } from '../helpers/test-app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ BODY_LIMIT_BYTES: '4096' });
});
afterAll(async () => t.close());

const countItems = async () => Number((await t.ctx.db.selectFrom('items').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);

describe('bad input is refused with a stable code and changes nothing', () => {
  const cases: [string, unknown, string][] = [
    ['zero price', { title: 'Pull Zara M', price: 0 }, 'validation_failed'],
    ['negative price', { title: 'Pull Zara M', price: -5 }, 'validation_failed'],
    ['more than two decimals', { title: 'Pull Zara M', price: 1.234 }, 'validation_failed'],
    ['suggestion min above max', { title: 'Pull Zara M', price: 10, price_suggestion: { min: 20, target: 15, max: 10, justification: '' } }, 'validation_failed'],
    ['unknown status', { title: 'Pull Zara M', status: 'reserved' }, 'validation_failed'],
    ['unknown condition', { title: 'Pull Zara M', condition: 'mint' }, 'validation_failed'],
    ['unknown gender', { title: 'Pull Zara M', gender: 'unisex' }, 'validation_failed'],
    ['title over 100 characters', { title: 'x'.repeat(101) }, 'validation_failed'],
    ['three colours', { title: 'Pull Zara M', colors: ['black', 'white', 'red'] }, 'validation_failed'],
    ['unknown colour', { title: 'Pull Zara M', colors: ['octarine'] }, 'validation_failed'],
    ['unknown field', { title: 'Pull Zara M', prize: 3 }, 'validation_failed'],
    ['unknown photo', { title: 'Pull Zara M', photos: ['0190a0a0-0000-7000-8000-000000000001'] }, 'unknown_photo'],
  ];
  for (const [name, body, code] of cases) {
    it(name, async () => {
      const before = await countItems();
      const res = await t.app.inject({ method: 'POST', url: '/listings', ...json(body) });
      expect(res.statusCode).toBe(400);
      expect(res.json().error.code).toBe(code);
      expect(res.json().error.request_id).toBe(res.headers['x-request-id']);
      expect(await countItems()).toBe(before);
    });
  }

  it('malformed JSON', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/listings', payload: '{"title": "Pull', headers: { 'content-type': 'application/json' } });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('invalid_json');
  });

  it('a body over the limit', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/listings', ...json({ title: 'Pull Zara', description: 'x'.repeat(5000) }) });
    expect(res.statusCode).toBe(413);
    expect(res.json().error.code).toBe('payload_too_large');
  });

  it('an unknown id, and an id that is not a uuid', async () => {
    const unknown = await t.app.inject({ method: 'GET', url: '/listings/0190a0a0-0000-7000-8000-000000000002' });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().error.code).toBe('item_not_found');
    const notUuid = await t.app.inject({ method: 'PATCH', url: '/listings/abc', ...json({ price: 3 }) });
    expect(notUuid.statusCode).toBe(400);
    expect(notUuid.json().error.code).toBe('validation_failed');
  });

  it('a duplicate create with the same client-supplied id', async () => {
    const id = '0190a0a0-0000-7000-8000-0000000000aa';
    expect((await t.app.inject({ method: 'POST', url: '/listings', ...json({ id, title: 'Pull Zara M', price: 10 }) })).statusCode).toBe(201);
    const again = await t.app.inject({ method: 'POST', url: '/listings', ...json({ id, title: 'Autre titre', price: 99 }) });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('item_already_exists');
    const kept = (await t.app.inject({ method: 'GET', url: `/listings/${id}` })).json();
    expect(kept).toMatchObject({ title: 'Pull Zara M', price: 10 });
  });

  it('an empty patch, an invalid filter, a bad cursor, an inverted price range', async () => {
    const item = (await t.app.inject({ method: 'POST', url: '/listings', ...json({ title: 'Robe H&M', price: 9 }) })).json();
    expect((await t.app.inject({ method: 'PATCH', url: `/listings/${item.id}`, ...json({}) })).json().error.code).toBe('validation_failed');
    expect((await t.app.inject({ method: 'GET', url: '/listings?status=lost' })).statusCode).toBe(400);
    expect((await t.app.inject({ method: 'GET', url: '/listings?sort=color' })).statusCode).toBe(400);
    expect((await t.app.inject({ method: 'GET', url: '/listings?min_price=abc' })).statusCode).toBe(400);
    expect((await t.app.inject({ method: 'GET', url: '/listings?min_price=50&max_price=10' })).statusCode).toBe(400);
    const cursor = await t.app.inject({ method: 'GET', url: '/listings?cursor=bm9wZQ' });
    expect(cursor.statusCode).toBe(400);
    expect(cursor.json().error.code).toBe('invalid_cursor');
  });

  it('unknown routes answer JSON 404', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/nope' });
    expect(res.statusCode).toBe(404);
    expect(res.json().error.code).toBe('route_not_found');
    expect(res.headers['x-request-id']).toBeTruthy();
  });
});
