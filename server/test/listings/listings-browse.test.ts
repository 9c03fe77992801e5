import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, json, type TestApp } from '../helpers/test-app.ts';

let t: TestApp;
const seeded: { id: string; title: string; price: number; brand: string; size: string; status: string }[] = [];

beforeAll(async () => {
  t = await createTestApp();
  const brands = ['Zara', 'Nike', 'Levi’s', 'Ralph Lauren'];
  const sizes = ['S', 'M', 'L'];
  for (let i = 0; i < 37; i++) {
    const body = {
      title: `Article ${String(i).padStart(2, '0')} ${brands[i % 4]}`,
      price: 5 + i,
      brand: brands[i % 4],
      size: sizes[i % 3],
      category: i % 2 ? 'jeans' : 't-shirt',
      gender: i % 3 === 0 ? 'men' : null,
      description: i === 7 ? 'Coton biologique, très doux' : 'Bon état général',
      status: i % 5 === 0 ? 'listed' : 'draft',
    };
    const res = await t.app.inject({ method: 'POST', url: '/listings', ...json(body) });
    seeded.push({ id: res.json().id, title: body.title, price: body.price, brand: body.brand, size: body.size, status: body.status });
  }
});
afterAll(async () => t.close());

async function allPages(query: string) {
  const ids: string[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const res: { statusCode: number; json(): any } = await t.app.inject({ method: 'GET', url: `/listings?${query}${cursor ? `&cursor=${cursor}` : ''}` });
    expect(res.statusCode).toBe(200);
    const body: { items: { id: string }[]; next_cursor: string | null } = res.json();
    ids.push(...body.items.map((i: { id: string }) => i.id));
    cursor = body.next_cursor;
    pages++;
  } while (cursor && pages < 50);
  return { ids, pages };
}

describe('browsing the stock', () => {
  it('pages through every item exactly once with a cursor, newest first by default', async () => {
    const { ids, pages } = await allPages('limit=10');
    expect(pages).toBe(4);
    expect(ids).toEqual([...seeded].reverse().map((s) => s.id));
  });

  it('sorts by price both ways, across pages', async () => {
    const asc = await allPages('limit=8&sort=price');
    expect(asc.ids).toEqual([...seeded].sort((a, b) => a.price - b.price).map((s) => s.id));
    const desc = await allPages('limit=8&sort=-price');
    expect(desc.ids).toEqual([...seeded].sort((a, b) => b.price - a.price).map((s) => s.id));
  });

  it('filters by status, brand, size, gender, price range and text, and counts on request', async () => {
    const res = (await t.app.inject({ method: 'GET', url: '/listings?brand=nike&size=m&min_price=10&max_price=40&include_total=true&limit=200' })).json();
    const expected = seeded.filter((s) => s.brand === 'Nike' && s.size === 'M' && s.price >= 10 && s.price <= 40);
    expect(res.items.map((i: { id: string }) => i.id).sort()).toEqual(expected.map((s) => s.id).sort());
    expect(res.total).toBe(expected.length);
    const q = (await t.app.inject({ method: 'GET', url: '/listings?q=BIOLOGIQUE' })).json();
    expect(q.items).toHaveLength(1);
    expect(q.items[0].title).toBe('Article 07 Ralph Lauren');
    const accent = (await t.app.inject({ method: 'GET', url: `/listings?q=${encodeURIComponent('tres doux')}` })).json();
    expect(accent.items).toHaveLength(1);
    const wildcard = (await t.app.inject({ method: 'GET', url: `/listings?q=${encodeURIComponent('%')}` })).json();
    expect(wildcard.items).toHaveLength(0);
    const men = (await t.app.inject({ method: 'GET', url: '/listings?gender=men&limit=200' })).json();
    expect(men.items.map((i: { id: string }) => i.id).sort()).toEqual(seeded.filter((_, i) => i % 3 === 0).map((s) => s.id).sort());
    expect((await t.app.inject({ method: 'GET', url: '/listings?gender=unisex' })).statusCode).toBe(400);
    const listed = (await t.app.inject({ method: 'GET', url: '/listings/status/listed?limit=200' })).json();
    expect(listed.items.map((i: { id: string }) => i.id).sort()).toEqual(seeded.filter((s) => s.status === 'listed').map((s) => s.id).sort());
  });

  it('streams the whole stock as one JSON array', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/listings/all' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('application/json');
    const all = res.json();
    expect(all).toHaveLength(seeded.length);
    expect(all.map((i: { id: string }) => i.id)).toEqual(seeded.map((s) => s.id));
    expect(all[0].price_history).toHaveLength(1);
    const listed = (await t.app.inject({ method: 'GET', url: '/listings/all?status=listed' })).json();
    expect(listed).toHaveLength(seeded.filter((s) => s.status === 'listed').length);
  });
});

describe('an empty stock', () => {
  it('streams an empty array', async () => {
    const empty = await createTestApp();
    try {
      const res = await empty.app.inject({ method: 'GET', url: '/listings/all' });
      expect(res.json()).toEqual([]);
      expect((await empty.app.inject({ method: 'GET', url: '/listings' })).json()).toEqual({ items: [], next_cursor: null });
    } finally {
      await empty.close();
    }
  });
});
