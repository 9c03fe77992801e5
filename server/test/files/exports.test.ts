import { parse } from 'csv-parse/sync';
import { afterEach, describe, expect, it } from 'vitest';
import { pdfTexts } from '../helpers/pdf-text.ts';
import { createTestApp, json, type TestApp } from '../helpers/test-app.ts';
import { multipartFile } from './multipart.ts';

const apps: TestApp[] = [];
afterEach(async () => {
  for (const a of apps.splice(0)) await a.close();
});
async function app(env: Record<string, string> = {}) {
  const a = await createTestApp({ PRICE_DROP_CRON: 'off', ...env });
  apps.push(a);
  return a;
}
const post = async (a: TestApp, body: Record<string, unknown>) => {
  const res = await a.app.inject({ method: 'POST', url: '/listings', ...json(body) });
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
};
const get = (a: TestApp, url: string) => a.app.inject({ method: 'GET', url });
const csvRecords = (body: string, delimiter = ',') => parse(body, { bom: true, columns: true, delimiter }) as Record<string, string>[];

async function seed(a: TestApp) {
  await post(a, { title: 'Pull col rond Ralph Lauren', description: 'Laine mérinos; très doux.\nTaille M.', brand: 'Ralph Lauren', category: 'jumper', size: 'M', condition: 'very_good', colors: ['navy', 'white'], price: 45.5, status: 'listed', hashtags: ['pull', 'laine', 'ralphlauren'], price_suggestion: { min: 35, target: 45, max: 55, justification: 'Pull ×2.2' } });
  await post(a, { title: '=HYPERLINK("http://evil.example","clic")', brand: '@SUM(A1)', price: 10, status: 'draft' });
  await post(a, { title: '-50% robe "été"', category: 'dress', condition: 'good', price: 12.3, status: 'sold', sold_price: 11 });
}

describe('exports', () => {
  it('writes a CSV header even for an empty stock', async () => {
    const a = await app();
    const res = await get(a, '/export/csv?lang=en');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="vintedbot-stock-\d{4}-\d{2}-\d{2}\.csv"$/);
    expect(res.body.startsWith('\uFEFFid,title,description,brand,')).toBe(true);
    // French by default: French headers, semicolons.
    expect((await get(a, '/export/csv')).body.startsWith('\uFEFFidentifiant;titre;description;marque;catégorie;')).toBe(true);
    expect(res.body.trim().split('\r\n')).toHaveLength(1);
    expect((await get(a, '/export/vinted')).body).toBe('\uFEFFtitre,description,prix,categorie,taille,etat,marque,couleur,photos\r\n');
    expect((await get(a, '/export/json')).json()).toEqual([]);
  });

  it('exports every field, neutralises formulas, and filters by status', async () => {
    const a = await app();
    await seed(a);
    const rows = csvRecords((await get(a, '/export/csv?lang=en')).body);
    expect(rows).toHaveLength(3);
    const items = (await get(a, '/listings/all')).json();
    expect(Object.keys(rows[0])).toEqual(expect.arrayContaining(['id', 'title', 'price', 'price_suggestion_min', 'status', 'listed_at', 'photos', 'auto_drop', 'floor', 'created_at', 'updated_at', 'missing_fields']));
    const pull = rows.find((r) => r.id === items[0].id)!;
    expect(pull).toMatchObject({ title: 'Pull col rond Ralph Lauren', description: 'Laine mérinos; très doux.\nTaille M.', colors: 'navy, white', price: '45.5', price_suggestion_min: '35', price_suggestion_justification: 'Pull ×2.2', status: 'listed', hashtags: 'pull, laine, ralphlauren', auto_drop: 'auto', created_at: items[0].created_at });
    const evil = rows.find((r) => r.id === items[1].id)!;
    expect(evil.title).toBe('\'=HYPERLINK("http://evil.example","clic")');
    expect(evil.brand).toBe('\'@SUM(A1)');
    expect(rows.find((r) => r.id === items[2].id)!.title).toBe('\'-50% robe "été"');
    for (const r of rows) for (const v of Object.values(r)) expect(v).not.toMatch(/^[=+\-@\t\r]/);

    const sold = csvRecords((await get(a, '/export/csv?lang=en&status=sold&delimiter=semicolon')).body, ';');
    expect(sold.map((r) => [r.status, r.price, r.sold_price])).toEqual([['sold', '12,3', '11']]);
    expect((await get(a, '/export/csv?status=gone')).statusCode).toBe(400);
  });

  it('re-imports its own CSV export without duplicating, and into another instance as the same items', async () => {
    const a = await app();
    await seed(a);
    const exported = (await get(a, '/export/csv?delimiter=semicolon')).rawPayload;
    const same = await a.app.inject({ method: 'POST', url: '/import/csv', ...multipartFile(exported) });
    expect(same.json()).toMatchObject({ imported: 0, unchanged: 3, errors: [] });
    expect((await get(a, '/listings/all')).json()).toHaveLength(3);

    const pick = (i: Record<string, any>) => ({ ...i, price_history: undefined, updated_at: undefined });
    const before = (await get(a, '/listings/all')).json().map(pick);
    // One app at a time: a second context in the same process would clash on croner's global job names.
    await apps.pop()!.close();
    const b = await app();
    const fresh = await b.app.inject({ method: 'POST', url: '/import/csv', ...multipartFile(exported) });
    expect(fresh.json()).toMatchObject({ imported: 3, created: 3, errors: [] });
    const after = (await get(b, '/listings/all')).json().map(pick);
    expect(after).toEqual(before);
  });

  it('exports the Vinted CSV with French labels, photo URLs and semicolons on request', async () => {
    // Photo URLs are made from the Host the seller used, which must be one of the server's names.
    const a = await app({ ALLOWED_HOSTS: 'shop.local:8001' });
    await seed(a);
    const res = await a.app.inject({ method: 'GET', url: '/export/vinted?delimiter=semicolon', headers: { host: 'shop.local:8001' } });
    const rows = csvRecords(res.body, ';');
    expect(Object.keys(rows[0])).toEqual(['titre', 'description', 'prix', 'categorie', 'taille', 'etat', 'marque', 'couleur', 'photos']);
    expect(rows[0]).toEqual({ titre: 'Pull col rond Ralph Lauren', description: 'Laine mérinos; très doux.\nTaille M.', prix: '45,5', categorie: 'Pull', taille: 'M', etat: 'Très bon état', marque: 'Ralph Lauren', couleur: 'Marine, Blanc', photos: '' });
    expect(rows[2]).toMatchObject({ categorie: 'Robe', etat: 'Bon état', titre: '\'-50% robe "été"' });
  });

  it('exports JSON items with their history, and filters by status', async () => {
    const a = await app();
    await seed(a);
    const all = (await get(a, '/listings/all')).json();
    const res = await get(a, '/export/json');
    expect(res.headers['content-disposition']).toContain('.json');
    expect(res.json()).toEqual(all);
    expect(res.json()[0].price_history).toEqual([expect.objectContaining({ reason: 'initial', new_price: 45.5 })]);
    expect((await get(a, '/export/json?status=draft')).json().map((i: { status: string }) => i.status)).toEqual(['draft']);
  });

  it('prints a PDF catalogue, one page per 11 items, even for an empty stock', async () => {
    const a = await app();
    const pages = (pdf: Buffer) => (pdf.toString('latin1').match(/\/Type \/Page\b/g) ?? []).length;
    const empty = await get(a, '/export/pdf');
    expect(empty.statusCode).toBe(200);
    expect(empty.headers['content-type']).toBe('application/pdf');
    expect(empty.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pages(empty.rawPayload)).toBe(1);
    for (let i = 0; i < 23; i++) await a.ctx.listings.create({ title: `Article ${i} 😀 – été`, price: 5 + i, status: i % 2 ? 'listed' : 'draft' });
    const full = await get(a, '/export/pdf?status=all');
    expect(full.rawPayload.subarray(-6).toString()).toContain('%%EOF');
    expect(pages(full.rawPayload)).toBe(3);
    expect(pages((await get(a, '/export/pdf')).rawPayload)).toBe(1); // the 11 items on sale, by default
    expect(pages((await get(a, '/export/pdf?status=draft')).rawPayload)).toBe(2); // 12 drafts
  });

  it('prints the PDF catalogue in the language asked: French by default, English with lang=en', async () => {
    const a = await app();
    await seed(a);
    await a.app.inject({ method: 'PATCH', url: '/listings/' + (await get(a, '/listings/all')).json()[0].id, ...json({ sku: 'CH-0042' }) });
    const text = async (query: string) => {
      const res = await get(a, `/export/pdf?${query}`);
      expect(res.statusCode, res.body).toBe(200);
      return pdfTexts(res.rawPayload);
    };
    // French (the default, and lang=fr): French headings, the catalogue's French condition and category names.
    const fr = await text('status=all&lang=fr');
    expect(await text('status=all')).toEqual(fr);
    expect(fr).toEqual(expect.arrayContaining(['PHOTO', 'ARTICLE', 'MARQUE', 'TAILLE', 'ÉTAT', 'PRIX', 'STATUT', 'Très bon état', 'Bon état', '45,50\xa0€', '12,30\xa0€', 'En vente', 'Vendu', 'Brouillon', 'Pull · Réf. CH-0042', 'sans photo']));
    expect(fr.find((t) => t.startsWith('Édité le'))).toMatch(/^Édité le \d{1,2} [a-zéû]{3,5}\.? \d{4}$/); // 7 déc. 2026
    expect(fr.join('\n')).toContain('3 articles');
    // English: English words only, money and dates the way the web app writes them in English.
    const en = await text('status=all&lang=en');
    expect(en).toEqual(expect.arrayContaining(['PHOTO', 'ITEM', 'BRAND', 'SIZE', 'CONDITION', 'PRICE', 'STATUS', 'Very good', 'Good', '€45.50', '€12.30', 'Listed', 'Sold', 'Draft', 'Jumper · SKU CH-0042', 'no photo']));
    expect(en.find((t) => t.startsWith('Printed on'))).toMatch(/^Printed on \d{1,2} [A-Z][a-z]{2,3} \d{4}$/); // 7 Dec 2026
    expect(en.join('\n')).toContain('3 items');
    const all = en.join('\n');
    for (const french of ['Édité le', 'Très bon état', 'Bon état', 'En vente', 'Vendu', 'Brouillon', 'Réf.', 'MARQUE', 'ÉTAT', 'PRIX', 'sans photo', 'article', ',50']) expect(all).not.toContain(french);
    // The header names the statuses printed when they are not all of them.
    expect((await text('lang=en')).join('\n')).toContain('1 item · status: Listed');
    expect((await text('lang=fr&status=listed,sold')).join('\n')).toContain('2 articles · statuts : En vente, Vendu');
  });

  it('refuses an unknown PDF language with a 400, like any bad query value', async () => {
    const a = await app();
    for (const lang of ['de', 'EN', '']) {
      const res = await get(a, `/export/pdf?lang=${lang}`);
      expect(res.statusCode, lang).toBe(400);
      expect(res.json().error).toMatchObject({ code: 'validation_failed', details: { issues: [expect.objectContaining({ path: 'lang', code: 'invalid_value' })] } });
    }
  });
});
