import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rankTitleCandidates, TITLE_KEY_CAP } from '../../src/modules/duplicates/title-candidates.ts';
import { multipartFile } from '../files/multipart.ts';
import { createTestApp, json, type TestApp } from '../helpers/test-app.ts';

// Issue 23, point 6: the title index stays selective when one brand fills the stock. Keys held by more than
// TITLE_KEY_CAP items ("lauren|ralph") are read only for their most recent items, so a check touches a bounded
// number of postings; the keys that identify an article are read whole, so its duplicates are still found.
// Point 5 (its share): the start-up pass runs in the background, reports in /health, and a price change leaves it
// nothing to do.
let t: TestApp;
const ids: Record<string, string> = {};

const csv = (rows: string[]) => `titre;prix;marque;statut\n${rows.join('\n')}\n`;

beforeAll(async () => {
  t = await createTestApp({ PRICE_DROP_CRON: 'off', IMPORT_MAX_ROWS: '1000' });
  // More items saying "Chemise Ralph Lauren" than a key's cap: their shared keys become common.
  const rows = Array.from({ length: TITLE_KEY_CAP + 60 }, (_, i) => `Chemise Ralph Lauren modèle ${i};30;Ralph Lauren;en vente`);
  const res = await t.app.inject({ method: 'POST', url: '/import/csv?mode=partial', ...multipartFile(csv(rows)) });
  expect(res.json().imported, res.body).toBe(rows.length);
  for (const [key, title] of [['polo', 'Polo Ralph Lauren bleu marine coton piqué'], ['plain', 'Chemise Ralph Lauren']] as const) {
    const r = await t.app.inject({ method: 'POST', url: '/listings', ...json({ title, brand: 'Ralph Lauren', price: 25, status: 'listed' }) });
    expect(r.statusCode, r.body).toBe(201);
    ids[key] = r.json().id;
  }
  await t.ctx.duplicates.idle();
});
afterAll(async () => t?.close());

const check = async (title: string) => {
  const res = await t.app.inject({ method: 'POST', url: '/duplicates/check', ...json({ title, brand: 'Ralph Lauren' }) });
  expect(res.statusCode, res.body).toBe(200);
  return (res.json().matches as { item_id: string }[]).map((m) => m.item_id);
};

describe('the title index with one brand everywhere', () => {
  it('finds an article by its own words among many of the same brand', async () => {
    expect(await check('Polo Ralph Lauren coton piqué bleu marine')).toEqual([ids.polo]);
    // Titles a number apart are the same article to the comparator: the answer stays bounded by the candidate cap.
    expect((await check('Chemise Ralph Lauren modèle 12')).length).toBeLessThanOrEqual(50);
  });

  it('finds the most recent item whose every key is common (the others past the cap are not read)', async () => {
    expect(await check('Chemise Ralph Lauren')).toContain(ids.plain);
  });

  it('ranks at most 50 candidates, counting a cut key as possibly shared', () => {
    const many = Array.from({ length: TITLE_KEY_CAP + 1 }, (_, i) => `item-${String(i).padStart(4, '0')}`);
    const postings = new Map([['lauren|ralph', many], ['chemise|lauren', many], ['chemise|ralph', many], ['bleu|chemise', ['a', 'b']]]);
    const ranked = rankTitleCandidates({ keys: ['lauren|ralph', 'chemise|lauren', 'chemise|ralph', 'bleu|chemise'], minShared: 3 }, postings);
    expect(ranked).toHaveLength(50);
    // Seen in all three common keys ranks first, the most recent first; 'a' shares one rare key + 3 possibly.
    expect(ranked[0]).toBe(`item-${String(TITLE_KEY_CAP - 1).padStart(4, '0')}`);
    expect(rankTitleCandidates({ keys: ['bleu|chemise', 'bleu|polo'], minShared: 2 }, postings)).toEqual([]);
  });
});

describe('the start-up pass', () => {
  it('reports in /health and finds nothing to redo after a price change', async () => {
    const price = await t.app.inject({ method: 'PATCH', url: `/listings/${ids.polo}`, ...json({ price: 19 }) });
    expect(price.statusCode, price.body).toBe(200);
    await t.ctx.duplicates.idle();
    const again = await createTestApp({ PRICE_DROP_CRON: 'off' }, { dataDir: t.dataDir, pgSchema: t.pgSchema, keepData: true });
    try {
      // The pass starts on the next turn of the event loop, once the app is built; idle() waits for its end.
      await new Promise<void>((resolve) => setImmediate(resolve));
      await again.ctx.duplicates.idle();
      const health = (await again.app.inject({ url: '/health' })).json();
      expect(health.background.title_index).toMatchObject({ state: 'done', updated: 0 });
      expect(health.background.title_index.checked).toBeGreaterThan(TITLE_KEY_CAP);
    } finally {
      await again.close();
    }
  });
});
