import { findColour, parseCondition } from '@vintedbot/catalog';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { en, fr } from '../../../web/src/i18n/messages/files.ts';
import { COLOUR_SYNONYMS_SHOWN, CONDITION_SHORTHANDS, exampleCsv, HELP_COLUMNS, STATUS_WORDS } from '../../../web/src/pages/files/csv-help.ts';
import { parseStatus } from '../../src/modules/files/import-codecs.ts';
import { mapHeader } from '../../src/modules/files/import-columns.ts';
import { multipartFile } from '../files/multipart.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';

// The CSV import page lists the columns and words a file may use, and offers an example file (web/src/pages/files/
// csv-help.ts). The web app keeps that list itself; here it is read by the server's own import, so a header renamed
// or a synonym dropped on one side fails this test rather than misleading a seller.

describe('the CSV help on the import page says what the server reads', () => {
  test('every header listed, French and English, maps to its column', () => {
    for (const c of HELP_COLUMNS) {
      for (const header of [c.fr, c.en, c.fr.toUpperCase(), ` ${c.en.charAt(0).toUpperCase()}${c.en.slice(1)} `]) {
        const map = mapHeader([header]);
        expect(map.columns[0], `"${header}"`).toBe(c.key);
      }
    }
    // The one column the server insists on is the one marked required.
    expect(HELP_COLUMNS.filter((c) => c.required).map((c) => c.key)).toEqual(['title']);
  });

  test('a seller typing a straight apostrophe is read like our export’s curly one', () => {
    expect(mapHeader(['coût d\'achat', 'Coût d’achat ']).columns).toEqual(['purchase_cost', 'purchase_cost']);
    expect(mapHeader(['prix d\'achat']).columns).toEqual(['purchase_cost']);
  });

  test('the shorthands and synonyms shown are the ones the import understands', () => {
    for (const [word, key] of CONDITION_SHORTHANDS) expect(parseCondition(word), word).toBe(key);
    for (const [word, key] of COLOUR_SYNONYMS_SHOWN) expect(findColour(word)?.key, word).toBe(key);
    for (const lang of ['fr', 'en'] as const) expect(STATUS_WORDS[lang].map(parseStatus)).toEqual(['draft', 'listed', 'sold', 'archived']);
  });

  test('every column has its explanation in both languages', () => {
    const computed = ['condition', 'colors', 'status'];
    for (const c of HELP_COLUMNS) {
      if (computed.includes(c.key)) continue;
      expect(fr.csv.help.columns[c.key], c.key).toBeTruthy();
      expect(en.csv.help.columns[c.key], c.key).toBeTruthy();
    }
  });
});

describe('the example file', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ PRICE_DROP_CRON: 'off' });
  });
  afterAll(async () => {
    await t?.close();
  });

  test.each(['fr', 'en'] as const)('imports cleanly in %s: no error, no warning, no duplicate', async (lang) => {
    const csv = exampleCsv(lang);
    // As Excel FR saves it: a BOM, semicolons, CRLF, decimal commas.
    expect(csv.startsWith('\uFEFF')).toBe(true);
    expect(csv.split('\r\n')[0]).toContain(';');
    const res = await t.app.inject({ method: 'POST', url: '/import/csv?dry_run=true', ...multipartFile(csv) });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ total_rows: 4, created: 4, errors: [], warnings: [], duplicates: [], rejected: false });
  });

  test('its rows become the items they describe', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/import/csv', ...multipartFile(exampleCsv('fr')) });
    expect(res.json()).toMatchObject({ created: 4, errors: [], warnings: [] });
    const items = (await t.app.inject({ method: 'GET', url: '/listings/all' })).json() as Record<string, unknown>[];
    const pull = items.find((i) => i.title === 'Pull col roulé en laine Sézane');
    // TBE and camel, the shorthands the help names, come out as Vinted's words.
    expect(pull).toMatchObject({ price: 45, condition: 'very_good', colors: ['beige'], category: 'jumper', status: 'listed', purchase_cost: 12, storage_location: 'Bac 3' });
    expect(items.find((i) => i.title === 'Jean 501 coupe droite Levi\'s')).toMatchObject({ price: 29.9, purchase_cost: 8.5, description: expect.stringContaining('d\'origine; légère') });
    // Tried a second time (in the other language), it still imports: the rows come in flagged as possible duplicates.
    const again = await t.app.inject({ method: 'POST', url: '/import/csv', ...multipartFile(exampleCsv('en')) });
    expect(again.statusCode, again.body).toBe(200);
    expect(again.json()).toMatchObject({ created: 4, errors: [] });
    expect(again.json().duplicates).toHaveLength(4);
  });
});
