import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, json, type TestApp } from '../helpers/test-app.ts';
import { devPhotos, postPhotos } from '../ingest/ingest-helpers.ts';

// A seller's sweep found a Levi's jacket whose suggested price still said "Catégorie inconnue … marque inconnue"
// after the seller had named both: the suggestion, its explanation and the sale score were frozen at the analysis.
// An edit to what they were computed from now re-appraises the item the intake's way (rules, learned model, the
// defects the analysis kept), in the same write and the same history entry; the price itself stays the seller's.

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ PRICE_DROP_CRON: 'off', PURGE_CRON: 'off' }, { runJobs: false });
});
afterAll(async () => t?.close());

const post = (url: string, body: unknown) => t.app.inject({ method: 'POST', url, ...json(body) });
const patch = (id: string, body: unknown) => t.app.inject({ method: 'PATCH', url: `/listings/${id}`, ...json(body) });
const get = async (id: string) => (await t.app.inject({ url: `/listings/${id}` })).json();

async function draftWithStain() {
  const preview = (await postPhotos(t, devPhotos('skirt', 3).map((file) => ({ file })), { category: 'jupe', save: 'false' })).json();
  const stain = { type: 'stain', severity: 'minor', photo: 2, location: 'la ceinture' };
  const saved = await post('/ingest/save-draft', { preview_token: preview.preview_token, edits: { defects: [stain], price: 9.5 } });
  expect(saved.statusCode, saved.body).toBe(201);
  return get(saved.json().item_id);
}

describe('the suggested price follows the facts the seller corrects', () => {
  it('re-prices and re-scores on a brand and condition edit, keeps the defects and the seller’s price, and logs it in the same entry', async () => {
    const item = await draftWithStain();
    expect(item.price).toBe(9.5);
    expect(item.price_suggestion.justification).toContain('marque inconnue');
    expect(item.price_suggestion.justification).toContain('1 défaut ×');

    const res = await patch(item.id, { brand: 'Sézane', condition: 'very_good' });
    expect(res.statusCode, res.body).toBe(200);
    const after = await get(item.id);
    expect(after.price).toBe(9.5);
    expect(after.price_suggestion.justification).toContain('Sézane');
    expect(after.price_suggestion.justification).toContain('Très bon état');
    expect(after.price_suggestion.justification).toContain('1 défaut ×');
    expect(after.price_suggestion.justification).not.toContain('marque inconnue');
    expect(after.price_suggestion.target).toBeGreaterThan(item.price_suggestion.target);
    expect(after.price_suggestion.min).toBeLessThanOrEqual(after.price_suggestion.target);
    expect(after.price_suggestion.max).toBeGreaterThanOrEqual(after.price_suggestion.target);
    // A premium brand and a better condition: more likely to sell.
    expect(after.estimated_sale_score).toBeGreaterThan(item.estimated_sale_score);

    // The same suggestion for an item without the stain: the defect still lowers the re-priced one.
    const plain = (await post('/ingest/compose', { edits: { category: 'jupe', brand: 'Sézane', condition: 'very_good' }, photo_count: 3 })).json();
    expect(after.price_suggestion.target).toBeLessThan(plain.price_suggestion.target);

    const entries = (await t.app.inject({ url: `/history?item_id=${item.id}` })).json().entries;
    expect(entries[0].changes).toMatchObject({
      brand: { from: null, to: 'Sézane' },
      price_suggestion: { from: { target: item.price_suggestion.target }, to: { target: after.price_suggestion.target } },
    });
    expect(entries[0].changes.estimated_sale_score).toEqual({ from: item.estimated_sale_score, to: after.estimated_sale_score });
    expect(entries[0].changes.price).toBeUndefined();
  }, 60_000);

  it('leaves the suggestion alone when nothing it was priced on changes or the edit sets one; the score follows the price', async () => {
    const item = await draftWithStain();
    await patch(item.id, { title: 'Jupe midi plissée', price: 11 });
    expect((await get(item.id)).price_suggestion).toEqual(item.price_suggestion);
    // Asking more than twice the suggestion: the score says it will sell less easily.
    await patch(item.id, { price: Math.round(item.price_suggestion.target * 2.5) });
    expect((await get(item.id)).estimated_sale_score).toBeLessThan(item.estimated_sale_score);
    await patch(item.id, { price: 9.5 });
    expect((await get(item.id)).estimated_sale_score).toBe(item.estimated_sale_score);
    await patch(item.id, { brand: null }); // already unknown
    expect((await get(item.id)).price_suggestion).toEqual(item.price_suggestion);

    const given = { min: 10, target: 14, max: 18, justification: 'Mon estimation.' };
    await patch(item.id, { brand: 'Zara', price_suggestion: given });
    expect((await get(item.id)).price_suggestion).toEqual(given);
  }, 60_000);

  it('gives no suggestion or score to an item that never had one, and none to a sold item', async () => {
    const byHand = (await post('/listings', { title: 'Veste en jean', price: 20 })).json();
    await patch(byHand.id, { brand: "Levi's", category: 'veste', price: 18 });
    expect((await get(byHand.id))).toMatchObject({ price_suggestion: null, estimated_sale_score: null });

    const item = await draftWithStain();
    await patch(item.id, { status: 'listed' });
    expect((await post(`/listings/${item.id}/sold`, { sold_price: 9 })).statusCode).toBe(200);
    await patch(item.id, { brand: 'Sézane' });
    const sold = await get(item.id);
    expect(sold.brand).toBe('Sézane');
    expect(sold.price_suggestion).toEqual(item.price_suggestion);
    expect(sold.estimated_sale_score).toBe(item.estimated_sale_score);
  }, 60_000);
});
