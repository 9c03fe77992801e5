import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, json, type TestApp } from '../helpers/test-app.ts';

// GET and PATCH /settings/catalogue: what the PDF catalogue prints in its header, through the real API on the real
// database (SQLite, or PostgreSQL when DATABASE_URL is set), kept across a restart.

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({}, { keepData: true });
});
afterAll(async () => {
  await t?.close();
});

const read = async () => {
  const res = await t.app.inject({ method: 'GET', url: '/settings/catalogue' });
  expect(res.statusCode).toBe(200);
  return res.json();
};
const change = (body: unknown) => t.app.inject({ method: 'PATCH', url: '/settings/catalogue', ...json(body) });

describe('/settings/catalogue', () => {
  it('starts with a default shop name and no city', async () => {
    expect(await read()).toEqual({ shop_name: 'Ma boutique Vinted', city: null });
  });

  it('saves the shop name and city the seller types (trimmed), and changes only what is sent', async () => {
    const res = await change({ shop_name: '  Chez Marie  ', city: ' Lyon ' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ shop_name: 'Chez Marie', city: 'Lyon' });
    expect(await read()).toEqual({ shop_name: 'Chez Marie', city: 'Lyon' });
    expect((await change({ city: null })).json()).toEqual({ shop_name: 'Chez Marie', city: null });
    expect((await change({ city: 'Villeurbanne' })).json()).toEqual({ shop_name: 'Chez Marie', city: 'Villeurbanne' });
  });

  it('prints the shop name on the PDF catalogue', async () => {
    const pdf = await t.app.inject({ method: 'GET', url: '/export/pdf' });
    expect(pdf.statusCode).toBe(200);
    // The document's title (what a PDF viewer shows); the page text itself is compressed.
    expect(pdf.rawPayload.toString('latin1')).toContain('(Catalogue Chez Marie)');
  });

  it('refuses an empty body, an empty or too long name, a wrong type and an unknown field, changing nothing', async () => {
    const before = await read();
    const cases: [string, unknown][] = [
      ['empty body', {}],
      ['blank name', { shop_name: '   ' }],
      ['81 characters', { shop_name: 'x'.repeat(81) }],
      ['name as a number', { shop_name: 42 }],
      ['name set to null', { shop_name: null }],
      ['blank city', { city: '' }],
      ['unknown field', { shop_name: 'Chez Paul', colour: 'blue' }],
    ];
    for (const [what, body] of cases) {
      const res = await change(body);
      expect([what, res.statusCode, res.json().error?.code]).toEqual([what, 400, 'validation_failed']);
    }
    expect(await read()).toEqual(before);
  });

  it('keeps the settings across a restart', async () => {
    const saved = await read();
    const { dataDir, pgSchema } = t;
    await t.close();
    t = await createTestApp({}, { dataDir, pgSchema });
    expect(await read()).toEqual(saved);
  });
});
