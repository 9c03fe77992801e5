import { createHash } from 'node:crypto';
import { readZip } from '../helpers/zip-read.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';
import { craftZip } from '../helpers/zip-craft.ts';
import { goodJpeg, hostileZips } from './corpus.ts';
import { type Answer, expectRefused, json, oneFile, snapshot, stillHealthy } from './harness.ts';

// The bad-input corpus against POST /import/backup: archives that are unsafe, broken, oversized (an entry, a line),
// and well-formed backups whose rows the app would never have written (prices, rates, lengths, dates, JSON). Each is
// refused with its code, naming the file and the line, and leaves nothing behind: no row, no photo file, nothing in
// DATA_DIR/tmp. A backup whose text holds control characters restores with them removed, on both databases.

let t: TestApp;
let entries: Map<string, Buffer>;
const ITEMS = 'stock/items.jsonl';

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/** The seeded backup with some entries replaced, the manifest's checksums and sizes made to match: a "valid" forgery. */
function forged(changes: Record<string, Buffer>, extra: { name: string; data: Buffer; declaredSize?: number; deflate?: boolean }[] = []): Buffer {
  const all = new Map(entries);
  for (const [k, v] of Object.entries(changes)) all.set(k, v);
  const manifest = JSON.parse(all.get('manifest.json')!.toString());
  for (const [n, b] of all) if (n !== 'manifest.json') manifest.files[n] = { sha256: sha(b), bytes: b.length };
  for (const e of extra) manifest.files[e.name] = { sha256: sha(e.data), bytes: e.declaredSize ?? e.data.length };
  all.set('manifest.json', Buffer.from(JSON.stringify(manifest)));
  return craftZip([...[...all].map(([name, data]) => ({ name, data, deflate: data.length > 1024 * 1024 })), ...extra]);
}

const rows = () => entries.get(ITEMS)!.toString().trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
const lines = (list: Record<string, unknown>[]) => Buffer.from(`${list.map((r) => JSON.stringify(r)).join('\n')}\n`);
const restore = (zip: Buffer, query = '?mode=merge') => () =>
  t.app.inject({ method: 'POST', url: `/import/backup${query}`, ...oneFile('file', 'backup.zip', zip, 'application/zip') }) as Promise<Answer>;

beforeAll(async () => {
  t = await createTestApp({ PRICE_DROP_CRON: 'off', PHOTO_MAX_BYTES: String(4 * 1024 * 1024) }, { runJobs: false });
  const up = await t.app.inject({ method: 'POST', url: '/photos', ...oneFile('files', 'front.jpg', goodJpeg(), 'image/jpeg') });
  const photo = up.json().photos[0].id;
  for (const [title, status] of [['Pull Ralph Lauren', 'listed'], ['Robe été', 'sold'], ['Jean brouillon', 'draft']]) {
    const r = await t.app.inject({ method: 'POST', url: '/listings', ...json({ title, price: 20, status, photos: title.startsWith('Pull') ? [photo] : [] }) });
    expect(r.statusCode, r.body).toBe(201);
  }
  entries = await readZip((await t.app.inject({ method: 'GET', url: '/export/backup' })).rawPayload);
}, 60_000);
afterAll(async () => {
  await t?.close();
});

describe('POST /import/backup: archives', () => {
  it('refuses unsafe, broken and nested archives whole, in both modes and as a dry run', async () => {
    const codes: Record<string, [number, string]> = {
      'zip-slip': [422, 'backup_unsafe_path'], 'absolute-path': [422, 'backup_unsafe_path'], 'backslash-traversal': [422, 'backup_unsafe_path'],
      'symlink-entry': [422, 'backup_link_entry'], 'device-entry': [422, 'backup_unexpected_entry'], 'zip-bomb': [422, 'backup_foreign'],
      'size-liar': [422, 'backup_foreign'], 'truncated-zip': [422, 'backup_corrupt'], 'not-a-zip': [422, 'backup_corrupt'], 'zero-byte-zip': [422, 'backup_corrupt'],
    };
    for (const [name, zip] of Object.entries(hostileZips())) {
      for (const q of ['?mode=merge', '?mode=replace', '?dry_run=true']) await expectRefused(t, `${name} ${q}`, restore(zip, q), ...codes[name]);
    }
    // A backup holding a ZIP in place of its items, and one with an extra archive inside.
    await expectRefused(t, 'zip as items', restore(forged({ [ITEMS]: craftZip([{ name: 'x', data: Buffer.from('{}') }]) })), 422, 'backup_invalid_row');
    await expectRefused(t, 'nested zip entry', restore(forged({}, [{ name: 'inner.zip', data: craftZip([]) }])), 422, 'backup_unexpected_entry');
    await expectRefused(t, 'not multipart', () => t.app.inject({ method: 'POST', url: '/import/backup', ...json({}) }) as Promise<Answer>, 415, 'unsupported_media_type');
  });

  it('refuses a photo entry larger than a photo can be, before extracting it', async () => {
    const name = `photos/ab/${'ab'.repeat(32)}.preview.jpg`;
    const zip = forged({}, [{ name, data: Buffer.alloc(1024), declaredSize: 50 * 1024 * 1024, deflate: true }]);
    const res = await expectRefused(t, 'huge photo entry', restore(zip), 413, 'backup_entry_too_large');
    expect(res.json().error!.details).toMatchObject({ entry: name });
  });

  it('refuses a one-line items file of 32 MB (listed in the manifest) naming the file and the line, leaving DATA_DIR/tmp empty', async () => {
    const first = entries.get(ITEMS)!.toString().split('\n')[0];
    const huge = Buffer.concat([Buffer.from(`${first}\n{"id":"`), Buffer.alloc(32 * 1024 * 1024, 0x61), Buffer.from('"}\n')]);
    const zip = forged({ [ITEMS]: huge });
    expect(zip.length).toBeLessThan(1024 * 1024); // what the seller uploads is small; what it unpacks to is not
    for (const q of ['?mode=merge', '?dry_run=true']) {
      const res = await expectRefused(t, `huge line ${q}`, restore(zip, q), 413, 'backup_line_too_long');
      expect(res.json().error!.details).toMatchObject({ entry: ITEMS, line: 2, max_bytes: 1024 * 1024 });
    }
    expect((await snapshot(t)).files.tmp).toEqual([]);
  });
});

describe('POST /import/backup: rows', () => {
  it('refuses every row the app would not have written, listing each line, and writes nothing', async () => {
    const [a, b, c] = rows();
    const fresh = (row: Record<string, unknown>, id: string, patch: Record<string, unknown>) => ({ ...row, id, ...patch });
    const id = (n: number) => `0190aaaa-0000-7000-8000-${String(n).padStart(12, '0')}`;
    const bad = [
      fresh(c, id(1), { price_cents: -500 }),
      fresh(c, id(2), { floor_cents: -300 }),
      fresh(c, id(3), { drop_rate: 7.5 }),
      fresh(c, id(4), { title: `Pull\u0000\u001b[2J${'x'.repeat(10_000)}` }),
      fresh(b, id(5), { status: 'sold', sold_at: null }),
      fresh(a, id(6), { status: 'listed', listed_at: null }),
      fresh(c, id(7), { created_at: 'yesterday' }),
      fresh(c, id(8), { colors: '{"not":"a list"}' }),
      fresh(c, id(9), { extra: '[broken' }),
      fresh(c, id(10), { suggestion_min_cents: 5000, suggestion_target_cents: 2000, suggestion_max_cents: 6000, suggestion_justification: '' }),
      fresh(c, id(11), { description: 'd'.repeat(5000) }),
      fresh(c, id(12), { condition: 'destroyed' }),
    ];
    const zip = forged({ [ITEMS]: lines([a, b, c, ...bad]) });
    for (const q of ['?mode=merge', '?mode=replace', '?dry_run=true']) {
      const res = await expectRefused(t, `bad rows ${q}`, restore(zip, q), 422, 'backup_invalid_row');
      const details = res.json().error!.details as { invalid_rows: number; rows: { entry: string; line: number }[] };
      expect(details.invalid_rows).toBe(bad.length);
      expect([...new Set(details.rows.map((r) => r.line))]).toEqual(bad.map((_, i) => i + 4));
      expect(details.rows.every((r) => r.entry === ITEMS)).toBe(true);
    }
  });

  it('refuses rows nested too deep, history below a cent, a photo row of no size', async () => {
    const [a] = rows();
    const deep = Buffer.from(`${JSON.stringify(a)}\n{"id":"x","extra":${'['.repeat(100_000)}${']'.repeat(100_000)}}\n`);
    await expectRefused(t, 'deep row', restore(forged({ [ITEMS]: deep })), 422, 'backup_invalid_row');
    const history = entries.get('stock/price_history.jsonl')!.toString().trim().split('\n').map((l) => JSON.parse(l));
    await expectRefused(t, 'negative history', restore(forged({ 'stock/price_history.jsonl': lines([{ ...history[0], new_price_cents: -1 }]) })), 422, 'backup_invalid_row');
    const photos = entries.get('stock/photos.jsonl')!.toString().trim().split('\n').map((l) => JSON.parse(l));
    await expectRefused(t, 'photo of no size', restore(forged({ 'stock/photos.jsonl': lines([{ ...photos[0], width: 0 }]) })), 422, 'backup_invalid_row');
  });

  it('restores text with control characters removed, the same on both databases', async () => {
    const [a] = rows();
    const id = '0190bbbb-0000-7000-8000-000000000001';
    const dirty = { ...a, id, title: 'Pull\u0000 \u001b[31mrouge\r\nneuf', brand: 'Ral\u0000ph', description: 'Très\u0007 bon\r\nétat', listed_at: a.listed_at };
    const res = await restore(forged({ [ITEMS]: lines([dirty]), 'stock/item_photos.jsonl': Buffer.alloc(0), 'stock/price_history.jsonl': Buffer.alloc(0), 'stock/orders.jsonl': Buffer.alloc(0) }))();
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ items: { restored: 1 } });
    const item = (await t.app.inject({ method: 'GET', url: `/listings/${id}` })).json();
    expect(item).toMatchObject({ title: 'Pull [31mrouge neuf', brand: 'Ralph', description: 'Très bon\nétat' });
    await t.app.inject({ method: 'DELETE', url: `/listings/${id}` });
    await stillHealthy(t);
  });
});
