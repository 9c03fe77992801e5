import { afterEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';
import { multipartFile } from '../files/multipart.ts';

// Issue 16, point 12: a CSV import that helps instead of refusing: colour and condition synonyms, an unknown value
// left out with a warning (an error only when strict), no price means a draft, and a check that counts right.

let t: TestApp | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

const importCsv = (app: TestApp, csv: string, query = '') => app.app.inject({ method: 'POST', url: `/import/csv${query}`, ...multipartFile(csv) });
const all = async (app: TestApp) => (await app.app.inject({ method: 'GET', url: '/listings/all' })).json() as Record<string, any>[];

describe('CSV import (issue 16 point 12)', () => {
  it('maps colour and condition synonyms, and imports an unknown value\'s row without it', async () => {
    t = await createTestApp({ PRICE_DROP_CRON: 'off' });
    const csv = 'titre;prix;couleur;état\n'
      + 'Manteau camel;45;Camel;TBE\n'
      + 'Pull bordeaux;20;Bordeaux;comme neuf\n'
      + 'Chemise écru;15;écru, bleu ciel;bon état\n'
      + 'Robe pêche melba;18;Pêche melba;à retoucher\n';
    const res = await importCsv(t, csv);
    expect(res.statusCode, res.body).toBe(200);
    const report = res.json();
    expect(report).toMatchObject({ created: 4, skipped: 0, errors: [], rejected: false });
    expect(report.warnings.map((w: { line: number; field: string; code: string; params: unknown }) => [w.line, w.field, w.code, w.params])).toEqual([
      [5, 'condition', 'unknown_condition', { value: 'à retoucher' }],
      [5, 'colors', 'unknown_color', { value: 'Pêche melba' }],
    ]);
    const byTitle = Object.fromEntries((await all(t)).map((i) => [i.title, i]));
    expect(byTitle['Manteau camel']).toMatchObject({ colors: ['beige'], condition: 'very_good' });
    expect(byTitle['Pull bordeaux']).toMatchObject({ colors: ['burgundy'], condition: 'very_good' });
    expect(byTitle['Chemise écru']).toMatchObject({ colors: ['cream', 'light_blue'], condition: 'good' });
    expect(byTitle['Robe pêche melba']).toMatchObject({ colors: [], condition: null, price: 18 });

    // Strict: the same unknown values are errors, and nothing is imported.
    const strict = await importCsv(t, csv, '?strict=true');
    expect(strict.statusCode).toBe(422);
    expect(strict.json().error.details.errors.map((e: { line: number; code: string }) => [e.line, e.code])).toEqual([[5, 'unknown_condition'], [5, 'unknown_color']]);
    expect(await all(t)).toHaveLength(4);
  });

  it('keeps a row "en vente" without a price as a flagged draft', async () => {
    t = await createTestApp({ PRICE_DROP_CRON: 'off' });
    const res = await importCsv(t, 'titre;prix;statut\nVeste sans prix;;en vente\nJupe;12;en vente\n');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().warnings).toEqual([expect.objectContaining({ line: 2, field: 'price', code: 'no_price_kept_draft' })]);
    const byTitle = Object.fromEntries((await all(t)).map((i) => [i.title, i]));
    expect(byTitle['Veste sans prix']).toMatchObject({ status: 'draft', price: null, listed_at: null });
    expect(byTitle['Veste sans prix'].flags.missing_fields).toContain('missing_price');
    expect(byTitle.Jupe).toMatchObject({ status: 'listed', price: 12 });
  });

  it('counts what the check would create and ignore, even when all-or-nothing would refuse', async () => {
    t = await createTestApp({ PRICE_DROP_CRON: 'off' });
    let csv = 'titre;prix\n';
    for (let i = 1; i <= 18; i++) csv += `Article ${i};${10 + i}\n`;
    csv += 'Prix faux;abc\nPrix trop bas;0,20\n';
    const dry = await importCsv(t, csv, '?dry_run=true');
    expect(dry.statusCode, dry.body).toBe(200);
    expect(dry.json()).toMatchObject({ dry_run: true, total_rows: 20, created: 18, skipped: 2, rejected: true });
    expect(await all(t)).toHaveLength(0);
    const clean = (await importCsv(t, 'titre;prix\nA;10\nB;12\n', '?dry_run=true')).json();
    expect(clean).toMatchObject({ created: 2, skipped: 0, rejected: false });
  });
});
