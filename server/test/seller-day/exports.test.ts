import { parse } from 'csv-parse/sync';
import { afterEach, describe, expect, it } from 'vitest';
import { readZip } from '../helpers/zip-read.ts';
import { createTestApp, json, type TestApp } from '../helpers/test-app.ts';
import { devPhotos, postPhotos } from '../ingest/ingest-helpers.ts';

// Issue 16, point 13: exports for people in their language, photo links usable elsewhere (PUBLIC_URL, or the photos
// inside a ZIP, never 127.0.0.1), and a PDF catalogue of the items on sale by default.

let t: TestApp | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

const get = (app: TestApp, url: string) => app.app.inject({ method: 'GET', url });
const records = (body: string, delimiter: string) => parse(body, { bom: true, columns: true, delimiter }) as Record<string, string>[];


/** A listed item with three photos (through the real ingest), and one without. */
async function seed(app: TestApp) {
  const made = (await postPhotos(app, devPhotos('hoodie', 3).map((file) => ({ file })), { brand: 'Ralph Lauren', size: 'M', condition: 'very_good', category: 'pull' })).json();
  const listed = await app.app.inject({ method: 'PATCH', url: `/listings/${made.item_id}`, ...json({ status: 'listed', price: 45.5, colors: ['navy', 'white'] }) });
  expect(listed.statusCode, listed.body).toBe(200);
  await app.app.inject({ method: 'POST', url: '/listings', ...json({ title: 'Robe été', price: 12, status: 'draft', gender: 'women' }) });
  return listed.json();
}

describe('exports (issue 16 point 13)', () => {
  it('writes the French CSV with French headers, values and decimal commas, and reads it back', async () => {
    t = await createTestApp({ PRICE_DROP_CRON: 'off' });
    const item = await seed(t);
    const body = (await get(t, '/export/csv?lang=fr')).body;
    const rows = records(body, ';');
    const pull = rows.find((r) => r.identifiant === item.id)!;
    expect(pull).toMatchObject({ titre: item.title, catégorie: 'Pull', état: 'Très bon état', couleurs: 'Marine, Blanc', statut: 'en vente', prix: '45,5', marque: 'Ralph Lauren' });
    expect(rows.find((r) => r.titre === 'Robe été')).toMatchObject({ genre: 'femme', statut: 'brouillon', prix: '12' });
    expect(Object.keys(pull)).not.toContain('title');
    const back = await t.app.inject({ method: 'POST', url: '/import/csv?dry_run=true', headers: { 'content-type': 'multipart/form-data; boundary=x' }, payload: `--x\r\nContent-Disposition: form-data; name="file"; filename="s.csv"\r\nContent-Type: text/csv\r\n\r\n${body}\r\n--x--\r\n` });
    expect(back.json()).toMatchObject({ unchanged: 2, errors: [], warnings: [] });
  }, 60_000);

  it('links photos on PUBLIC_URL, never on this machine\'s own address', async () => {
    t = await createTestApp({ PRICE_DROP_CRON: 'off', PUBLIC_URL: 'https://boutique.example.org/' });
    const item = await seed(t);
    const res = await t.app.inject({ method: 'GET', url: '/export/vinted', headers: { host: '127.0.0.1:8001' } });
    expect(res.body).not.toContain('127.0.0.1');
    const pull = records(res.body, ',').find((r) => r.titre === item.title)!;
    expect(pull.photos.split(' ')).toEqual(item.photos.map((p: { id: string }) => `https://boutique.example.org/photos/${p.id}`));
    const exported = (await get(t, '/export/json')).json();
    expect(exported.find((i: { id: string }) => i.id === item.id).photos[0].url).toBe(`https://boutique.example.org/photos/${item.photos[0].id}`);
  }, 60_000);

  it('without PUBLIC_URL, puts the photos in a ZIP beside the CSV that names them', async () => {
    t = await createTestApp({ PRICE_DROP_CRON: 'off' });
    const item = await seed(t);
    const csv = await t.app.inject({ method: 'GET', url: '/export/vinted', headers: { host: '127.0.0.1:8001' } });
    expect(csv.body).not.toContain('127.0.0.1');
    expect(csv.headers['x-photo-links']).toBe('zip');
    const zipRes = await get(t, '/export/vinted?format=zip');
    expect(zipRes.statusCode).toBe(200);
    expect(zipRes.headers['content-type']).toBe('application/zip');
    const entries = await readZip(zipRes.rawPayload);
    const rows = records(entries.get('vinted.csv')!.toString('utf8'), ',');
    const links = rows.find((r) => r.titre === item.title)!.photos.split(' ');
    expect(links).toHaveLength(3);
    for (const link of links) {
      expect(link).toMatch(/^photos\/[0-9a-f-]+\.jpg$/);
      expect(entries.get(link)!.subarray(0, 2).toString('hex')).toBe('ffd8'); // a JPEG
    }
  }, 60_000);

  it('prints the items on sale by default, and the statuses the seller picks', async () => {
    t = await createTestApp({ PRICE_DROP_CRON: 'off' });
    for (let i = 0; i < 14; i++) await t.ctx.listings.create({ title: `Article ${i}`, price: 5 + i, status: i < 2 ? 'listed' : 'draft' });
    const pages = (pdf: Buffer) => (pdf.toString('latin1').match(/\/Type \/Page\b/g) ?? []).length;
    expect(pages((await get(t, '/export/pdf')).rawPayload)).toBe(1); // 2 items on sale
    expect(pages((await get(t, '/export/pdf?status=listed,draft')).rawPayload)).toBe(2); // 14 items, 11 a page
    expect(pages((await get(t, '/export/pdf?status=all')).rawPayload)).toBe(2);
    const bad = await get(t, '/export/pdf?status=en_vente');
    expect(bad.statusCode).toBe(400);
  });
});
