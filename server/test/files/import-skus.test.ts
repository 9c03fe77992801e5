import { afterEach, describe, expect, it } from 'vitest';
import { createTestApp, json, type TestApp } from '../helpers/test-app.ts';
import { multipartFile } from './multipart.ts';

// A CSV import's SKUs (unique per seller): a row whose SKU another item holds, or an earlier row of the file gives,
// is that row's error with its line, in the check as in the import, never the whole file refused with a bare 409.

let t: TestApp | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

const importCsv = (app: TestApp, csv: string, query = '') => app.app.inject({ method: 'POST', url: `/import/csv${query}`, ...multipartFile(csv) });
const titles = async (app: TestApp) => ((await app.app.inject({ method: 'GET', url: '/listings/all' })).json() as { title: string }[]).map((i) => i.title).sort();
const post = async (app: TestApp, body: Record<string, unknown>) => {
  const res = await app.app.inject({ method: 'POST', url: '/listings', ...json(body) });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string; sku: string };
};
const issues = (errors: { line: number; field: string | null; code: string; params?: Record<string, unknown> }[]) => errors.map((e) => [e.line, e.field, e.code, e.params?.sku, e.params?.other_line]);

async function stockWithSku() {
  t = await createTestApp({ PRICE_DROP_CRON: 'off' });
  const held = await post(t, { title: 'Veste en jean Levi\'s M', price: 30, sku: 'VJ-001' });
  return { app: t, held };
}

const TAKEN = 'titre;prix;référence\nPull marin L;15;PM-01\nChemise lin S;20;VJ-001\nGilet gris M;12;GG-07\n';

describe('CSV import: SKUs', () => {
  it('the check names the row whose SKU another item holds, with its line, and writes nothing', async () => {
    const { app, held } = await stockWithSku();
    const res = await importCsv(app, TAKEN, '?dry_run=true');
    expect(res.statusCode, res.body).toBe(200);
    const report = res.json();
    expect(report).toMatchObject({ dry_run: true, rejected: true, created: 2, skipped: 1 });
    expect(issues(report.errors)).toEqual([[3, 'sku', 'sku_taken', 'VJ-001', undefined]]);
    expect(report.errors[0].params.item_id).toBe(held.id);
    expect(await titles(app)).toEqual(['Veste en jean Levi\'s M']);
  });

  it('all-or-nothing imports nothing and answers 422 import_rejected with the row', async () => {
    const { app } = await stockWithSku();
    const res = await importCsv(app, TAKEN);
    expect(res.statusCode, res.body).toBe(422);
    const error = res.json().error;
    expect(error.code).toBe('import_rejected');
    expect(error.details).toMatchObject({ rejected: true, imported: 0, skipped: 3 });
    expect(issues(error.details.errors)).toEqual([[3, 'sku', 'sku_taken', 'VJ-001', undefined]]);
    expect(await titles(app)).toEqual(['Veste en jean Levi\'s M']);
  });

  it('partial imports the other rows and reports the taken SKU', async () => {
    const { app } = await stockWithSku();
    const res = await importCsv(app, TAKEN, '?mode=partial');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ imported: 2, created: 2, skipped: 1, rejected: false });
    expect(issues(res.json().errors)).toEqual([[3, 'sku', 'sku_taken', 'VJ-001', undefined]]);
    expect(await titles(app)).toEqual(['Gilet gris M', 'Pull marin L', 'Veste en jean Levi\'s M']);
  });

  it('a SKU given twice in the file: the later row names the earlier line', async () => {
    t = await createTestApp({ PRICE_DROP_CRON: 'off' });
    const csv = 'title;price;sku\nPull marin L;15;PM-01\nChemise lin S;20;GG-07\nRobe Zara S;12;PM-01\n';
    const dry = (await importCsv(t, csv, '?dry_run=true')).json();
    expect(issues(dry.errors)).toEqual([[4, 'sku', 'sku_taken', 'PM-01', 2]]);
    const res = await importCsv(t, csv, '?mode=partial');
    expect(res.json()).toMatchObject({ imported: 2, skipped: 1 });
    expect(await titles(t)).toEqual(['Chemise lin S', 'Pull marin L']);
  });

  it('a row updating an item may keep that item\'s own SKU', async () => {
    const { app, held } = await stockWithSku();
    const csv = `id;titre;prix;référence\n${held.id};Veste en jean Levi's M;35;VJ-001\n;Pull marin L;15;PM-01\n`;
    const dry = (await importCsv(app, csv, '?dry_run=true')).json();
    expect(dry).toMatchObject({ errors: [], updated: 1, created: 1 });
    const res = await importCsv(app, csv);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ errors: [], updated: 1, created: 1 });
    const item = (await app.app.inject({ method: 'GET', url: `/listings/${held.id}` })).json();
    expect(item).toMatchObject({ price: 35, sku: 'VJ-001' });
  });

  it('an item updated to another item\'s SKU is that row\'s error', async () => {
    const { app, held } = await stockWithSku();
    const other = await post(app, { title: 'Pull marin L', price: 15, sku: 'PM-01' });
    const csv = `id;titre;référence\n${other.id};Pull marin L;VJ-001\n`;
    const res = await importCsv(app, csv);
    expect(res.statusCode).toBe(422);
    expect(res.json().error.details.errors).toMatchObject([{ line: 2, field: 'sku', code: 'sku_taken', params: { sku: 'VJ-001', item_id: held.id } }]);
  });
});
