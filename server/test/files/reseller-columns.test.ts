import { parse } from 'csv-parse/sync';
import { afterEach, describe, expect, it } from 'vitest';
import { pdfTexts } from '../helpers/pdf-text.ts';
import { createTestApp, json, type TestApp } from '../helpers/test-app.ts';
import { multipartFile } from './multipart.ts';

// What a reseller tracks (issue 18, point 1) in the stock files: CSV export columns (French headers in the French
// file), read back by the CSV import, and the SKU printed on the PDF catalogue.

const apps: TestApp[] = [];
afterEach(async () => {
  for (const a of apps.splice(0)) await a.close();
});
async function app() {
  const a = await createTestApp({ PRICE_DROP_CRON: 'off' });
  apps.push(a);
  return a;
}
const get = (a: TestApp, url: string) => a.app.inject({ method: 'GET', url });
const post = async (a: TestApp, body: Record<string, unknown>) => {
  const res = await a.app.inject({ method: 'POST', url: '/listings', ...json(body) });
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
};
const records = (body: string, delimiter: string) => parse(body, { bom: true, columns: true, delimiter }) as Record<string, string>[];
const importCsv = (a: TestApp, csv: string | Buffer, query = '') => a.app.inject({ method: 'POST', url: `/import/csv${query}`, ...multipartFile(Buffer.from(csv)) });

const tracked = { purchase_cost: 4.5, acquired_at: '2025-11-15', source: 'Vide-grenier; Nantes', sku: 'CH-0042', storage_location: 'Boîte 7' };

describe('the reseller fields in the stock files', () => {
  it('exports them with French headers and a decimal comma in the French CSV, the API names in the English one', async () => {
    const a = await app();
    const item = await post(a, { title: 'Chemise lin Kiabi L', price: 20, status: 'listed', ...tracked });
    const bare = await post(a, { title: 'Gilet gris M', price: 12, status: 'listed' });
    const fr = records((await get(a, '/export/csv?lang=fr')).body, ';');
    expect(fr.find((r) => r.identifiant === item.id)).toMatchObject({ 'coût d’achat': '4,5', 'acheté le': '2025-11-15', provenance: 'Vide-grenier; Nantes', référence: 'CH-0042', emplacement: 'Boîte 7' });
    // An item without them: empty cells, and its generated reference.
    expect(fr.find((r) => r.identifiant === bare.id)).toMatchObject({ 'coût d’achat': '', 'acheté le': '', provenance: '', référence: bare.sku, emplacement: '' });
    const en = records((await get(a, '/export/csv?lang=en')).body, ',');
    expect(en.find((r) => r.id === item.id)).toMatchObject({ purchase_cost: '4.5', acquired_at: '2025-11-15', source: 'Vide-grenier; Nantes', sku: 'CH-0042', storage_location: 'Boîte 7' });
  });

  it('imports them from a French file, and the French export round-trips into another instance as the same items', async () => {
    const a = await app();
    const csv = '\uFEFFtitre;prix;statut;coût d’achat;acheté le;provenance;référence;emplacement\r\n'
      + 'Pull laine Camaïeu M;15;en vente;3,20;2025-10-02;Friperie;PULL-7;Étagère B\r\n'
      + 'Robe Zara S;12;brouillon;;;;;\r\n';
    const r = await importCsv(a, csv);
    expect(r.statusCode, r.body).toBe(200);
    const items = (await get(a, '/listings?limit=10&sort=title')).json().items as Record<string, unknown>[];
    expect(items.find((i) => i.title === 'Pull laine Camaïeu M')).toMatchObject({ purchase_cost: 3.2, acquired_at: '2025-10-02', source: 'Friperie', sku: 'PULL-7', storage_location: 'Étagère B' });
    const robe = items.find((i) => i.title === 'Robe Zara S')!;
    expect(robe).toMatchObject({ purchase_cost: null, acquired_at: null, source: null, storage_location: null });
    expect(robe.sku).toMatch(/^VB-/);
    // Found by its location.
    expect((await get(a, `/listings?location=${encodeURIComponent('Étagère B')}`)).json().items.map((i: { title: string }) => i.title)).toEqual(['Pull laine Camaïeu M']);

    const exported = (await get(a, '/export/csv?lang=fr')).rawPayload;
    const b = await app();
    expect((await importCsv(b, exported)).statusCode).toBe(200);
    const copied = (await get(b, '/listings?limit=10&sort=title')).json().items as Record<string, unknown>[];
    const pick = (i: Record<string, unknown>) => [i.id, i.title, i.purchase_cost, i.acquired_at, i.source, i.sku, i.storage_location];
    expect(copied.map(pick)).toEqual(items.map(pick));
  });

  it('refuses a negative cost, a day in the future or a bad SKU, naming the line, and imports nothing', async () => {
    const a = await app();
    const csv = 'title,price,purchase_cost,acquired_at,sku\r\nA,10,-2,,\r\nB,10,1,2999-01-01,\r\nC,10,1,,bad sku!\r\nD,10,0,2024-02-29,D-1\r\n';
    const r = await importCsv(a, csv);
    expect(r.statusCode).toBe(422);
    const errors = r.json().error.details.errors as { line: number; field: string; code: string }[];
    expect(errors.map((e) => [e.line, e.field, e.code])).toEqual([[2, 'purchase_cost', 'invalid_price'], [3, 'acquired_at', 'invalid_date'], [4, 'sku', 'invalid_value']]);
    expect((await get(a, '/listings?include_total=true')).json().total).toBe(0);
  });

  it('prints each item\'s SKU on the PDF catalogue', async () => {
    const a = await app();
    await post(a, { title: 'Chemise lin Kiabi L', price: 20, status: 'listed', category: 'shirt', ...tracked });
    const bare = await post(a, { title: 'Gilet gris M', price: 12, status: 'listed' });
    const pdf = await get(a, '/export/pdf');
    expect(pdf.statusCode).toBe(200);
    const texts = pdfTexts(pdf.rawPayload);
    expect(texts).toContain('Chemise · Réf. CH-0042'.replace('·', '\xb7'));
    expect(texts).toContain(`Réf. ${bare.sku}`);
  });
});
