import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, json, type TestApp } from '../helpers/test-app.ts';
import { devPhotos, postPhotos } from '../ingest/ingest-helpers.ts';

// Issue 16, point 3: the preview re-composes as the seller edits (POST /ingest/compose, nothing saved), and saving
// stores exactly what the seller sees: no silent rewrite of title, description or price.

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ PRICE_DROP_CRON: 'off' }, { runJobs: false });
});
afterAll(async () => t?.close());

const post = (url: string, body: unknown) => t.app.inject({ method: 'POST', url, ...json(body) });

describe('what you see is what is saved (issue 16 point 3)', () => {
  it('re-composes title, description, price, score and checklist from edited facts, saving nothing', async () => {
    const preview = (await postPhotos(t, devPhotos('skirt', 3).map((file) => ({ file })), { save: 'false' })).json();
    expect(preview.flags.missing_fields).toEqual(expect.arrayContaining(['missing_brand', 'missing_size', 'missing_condition']));
    const items = (await t.app.inject({ method: 'GET', url: '/listings?include_total=true' })).json().total;

    const res = await post('/ingest/compose', { preview_token: preview.preview_token, edits: { brand: 'Maje', size: 'S', condition: 'very_good' } });
    expect(res.statusCode, res.body).toBe(200);
    const c = res.json();
    expect(c.title).toContain('Maje');
    expect(c.title).not.toBe(preview.title);
    expect(c.description).toContain('Taille S.');
    expect(c.flags.missing_fields).not.toContain('missing_brand');
    expect(c.flags.missing_fields).not.toContain('missing_condition');
    expect(c.price_suggestion.target).toBeGreaterThan(preview.price_suggestion.target); // a premium brand
    expect(c.price).toBe(c.price_suggestion.target);
    expect(c.estimated_sale_score).not.toBe(preview.estimated_sale_score);
    expect((await t.app.inject({ method: 'GET', url: '/listings?include_total=true' })).json().total).toBe(items);

    // Without a preview, from the facts alone (an item being written by hand).
    const bare = (await post('/ingest/compose', { edits: { category: 'jupe', brand: 'Zara', size: 'M', condition: 'good', price: 12 }, photo_count: 3 })).json();
    expect(bare).toMatchObject({ price: 12, brand: 'Zara', size_guess: 'M', category_guess: 'skirt' });
    expect(bare.title).toMatch(/^Jupe .*Zara M/);
  }, 60_000);

  it('saves exactly the title, description and price sent, and never rewrites them from changed facts', async () => {
    const preview = (await postPhotos(t, devPhotos('skirt', 3, 3).map((file) => ({ file })), { category: 'jupe', save: 'false' })).json();
    const edits = { brand: 'Sézane', size: 'M', condition: 'good', title: 'Jupe midi Sézane M – tissu fluide', description: 'Ma description à moi.\nPortée deux fois.', price: 13.9 };
    const saved = await post('/ingest/save-draft', { preview_token: preview.preview_token, edits });
    expect(saved.statusCode, saved.body).toBe(201);
    const item = (await t.app.inject({ method: 'GET', url: `/listings/${saved.json().item_id}` })).json();
    expect(item).toMatchObject({ title: edits.title, description: edits.description, price: 13.9, brand: 'Sézane', size: 'M', condition: 'good' });

    // Facts changed without new text: the text and the price the preview showed are kept as they were.
    const other = (await postPhotos(t, devPhotos('dress', 3).map((file) => ({ file })), { category: 'robe', save: 'false' })).json();
    const kept = (await post('/ingest/save-draft', { preview_token: other.preview_token, edits: { brand: 'Zara', size: 'S' } })).json();
    const stored = (await t.app.inject({ method: 'GET', url: `/listings/${kept.item_id}` })).json();
    expect(stored).toMatchObject({ title: other.title, description: other.description, price: other.price, keywords: other.keywords, hashtags: other.hashtags, brand: 'Zara', size: 'S' });
  }, 60_000);

  it('POST /listings stores exactly what was sent', async () => {
    const body = { title: 'Veste en jean Levi\'s M', description: 'Veste brute.\nTaille M.', price: 24.9, brand: "Levi's", size: 'M', hashtags: ['levis', 'veste', 'jean'] };
    const res = await post('/listings', body);
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject(body);
  });
});
