import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { readZip } from '../helpers/zip-read.ts';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestApp, json, type TestApp } from '../helpers/test-app.ts';
import { multipartFile } from './multipart.ts';
import { craftZip } from '../helpers/zip-craft.ts';

let t: TestApp | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
/** Rebuilds an archive from its entries, with the manifest's checksums recomputed (a "valid" forgery). */
function rebuild(entries: Map<string, Buffer>, fixManifest = true): Buffer {
  const manifest = JSON.parse(entries.get('manifest.json')!.toString());
  if (fixManifest) for (const [n, b] of entries) if (n !== 'manifest.json') manifest.files[n] = { sha256: sha(b), bytes: b.length };
  const all = new Map(entries);
  all.set('manifest.json', Buffer.from(JSON.stringify(manifest)));
  return craftZip([...all].map(([name, data]) => ({ name, data })));
}

const restore = (app: TestApp, zip: Buffer, query = '') =>
  app.app.inject({ method: 'POST', url: `/import/backup${query}`, ...multipartFile(zip, 'backup.zip', 'application/zip') });
const all = async (app: TestApp) => (await app.app.inject({ method: 'GET', url: '/listings/all' })).json() as Record<string, any>[];

async function seed(app: TestApp) {
  const photos = [];
  for (const colour of ['#c0392b', '#2980b9', '#27ae60']) {
    const buffer = await sharp({ create: { width: 320, height: 400, channels: 3, background: colour } })
      .composite([{ input: Buffer.from(`<svg width="320" height="400"><circle cx="160" cy="200" r="${colour.length * 12}" fill="white"/></svg>`), top: 0, left: 0 }])
      .jpeg().toBuffer();
    photos.push(...(await app.ctx.photos.ingestFiles([{ buffer, filename: `${colour}.jpg` }])));
  }
  const a = (await app.app.inject({ method: 'POST', url: '/listings', ...json({ title: 'Pull Ralph Lauren', price: 45, status: 'listed', photos: photos.map((p) => p.id), brand: 'Ralph Lauren' }) })).json();
  await app.app.inject({ method: 'PATCH', url: `/listings/${a.id}`, ...json({ price: 39.9 }) });
  await app.app.inject({ method: 'POST', url: '/listings', ...json({ title: 'Robe été', price: 12, status: 'sold', photos: [photos[2].id] }) });
  await app.app.inject({ method: 'POST', url: '/listings', ...json({ title: 'Jean brouillon' }) });
  await app.app.inject({ method: 'PATCH', url: '/settings/pricing', ...json({ drop_rate: 0.07 }) });
  return { photos };
}

function noLeftovers(app: TestApp) {
  const photoDir = path.join(app.dataDir, 'photos');
  expect(fs.readdirSync(photoDir).filter((n) => n.startsWith('.restore-'))).toEqual([]);
  const tmp = path.join(app.dataDir, 'tmp');
  expect(fs.existsSync(tmp) ? fs.readdirSync(tmp) : []).toEqual([]);
}

describe('backups', () => {
  it('writes a manifest with counts and checksums, and restores into an empty instance exactly', async () => {
    t = await createTestApp({ PRICE_DROP_CRON: 'off' });
    await seed(t);
    const before = await all(t);
    const stats = (await t.app.inject({ method: 'GET', url: '/stats' })).json();
    const res = await t.app.inject({ method: 'GET', url: '/export/backup' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/zip');
    const zip = res.rawPayload;
    const entries = await readZip(zip);
    const manifest = JSON.parse(entries.get('manifest.json')!.toString());
    expect(manifest).toMatchObject({ format: 'vintedbot-backup', version: 1, counts: { items: 3, price_history: 3, photos: 3, item_photos: 4, photo_files: 6 } });
    for (const [name, data] of entries) if (name !== 'manifest.json') expect(manifest.files[name]).toEqual({ sha256: sha(data), bytes: data.length });
    expect([...entries.keys()].filter((n) => n.startsWith('photos/'))).toHaveLength(6);
    await t.close();

    t = await createTestApp({ PRICE_DROP_CRON: 'off' });
    const dry = await restore(t, zip, '?dry_run=true');
    expect(dry.statusCode, dry.body).toBe(200);
    expect(dry.json()).toMatchObject({ dry_run: true, mode: 'merge', items: { restored: 3, skipped_existing: 0 } });
    expect(await all(t)).toEqual([]);
    const done = await restore(t, zip);
    expect(done.json()).toMatchObject({ dry_run: false, items: { restored: 3 }, price_history: 3, photos: { rows_restored: 3, files_restored: 6 }, settings: 1 });
    expect(await all(t)).toEqual(before);
    expect((await t.app.inject({ method: 'GET', url: '/stats' })).json()).toEqual({ ...stats, avg_days_since_creation: expect.any(Number) });
    expect((await t.app.inject({ method: 'GET', url: '/settings/pricing' })).json().drop_rate).toBe(0.07);
    const thumb = await t.app.inject({ method: 'GET', url: before[0].photos[0].thumb_url });
    expect(thumb.statusCode).toBe(200);
    noLeftovers(t);

    // Merge again: everything is already here.
    expect((await restore(t, zip)).json()).toMatchObject({ items: { restored: 0, skipped_existing: 3 }, price_history: 0, photos: { rows_restored: 0, files_already_present: 6 } });
    expect(await all(t)).toEqual(before);
  });

  it('replaces the stock with the backup\'s on request', async () => {
    t = await createTestApp({ PRICE_DROP_CRON: 'off' });
    await seed(t);
    const before = await all(t);
    const zip = (await t.app.inject({ method: 'GET', url: '/export/backup' })).rawPayload;
    await t.app.inject({ method: 'POST', url: '/listings', ...json({ title: 'Ajouté après' }) });
    await t.app.inject({ method: 'PATCH', url: `/listings/${before[0].id}`, ...json({ price: 20 }) });
    await t.app.inject({ method: 'DELETE', url: `/listings/${before[2].id}` });
    const merged = await restore(t, zip);
    expect(merged.json().items).toEqual({ restored: 1, skipped_existing: 2, removed: 0 });
    const res = await restore(t, zip, '?mode=replace');
    expect(res.json()).toMatchObject({ mode: 'replace', items: { restored: 3, removed: 4 } }); // the 3 merged back + the one added
    expect(await all(t)).toEqual(before);
    const s = (await t.app.inject({ method: 'GET', url: '/stats' })).json();
    expect(s).toMatchObject({ total_items: 3, by_status: { draft: 1, listed: 1, sold: 1, archived: 0 } });
  });

  it('refuses unsafe, foreign, damaged or oversized archives with a precise error and changes nothing', async () => {
    t = await createTestApp({ PRICE_DROP_CRON: 'off', BACKUP_MAX_ENTRIES: '20' });
    await seed(t);
    const before = await all(t);
    const good = (await t.app.inject({ method: 'GET', url: '/export/backup' })).rawPayload;
    const entries = await readZip(good);
    const manifest = entries.get('manifest.json')!;
    const file = (name: string, data = 'x') => ({ name, data: Buffer.from(data) });

    const cases: [string, Buffer, number, string][] = [
      ['traversal', craftZip([{ name: 'manifest.json', data: manifest }, file('../../evil.sh', '#!/bin/sh')]), 422, 'backup_unsafe_path'],
      ['absolute', craftZip([file('/etc/cron.d/evil')]), 422, 'backup_unsafe_path'],
      ['backslash', craftZip([file('photos\\..\\..\\evil')]), 422, 'backup_unsafe_path'],
      ['symlink', craftZip([{ name: 'manifest.json', data: manifest }, { name: 'stock/items.jsonl', data: Buffer.from('/etc/passwd'), mode: 0o120777 }]), 422, 'backup_link_entry'],
      ['10 GB entry', craftZip([{ name: 'manifest.json', data: manifest }, { name: 'stock/items.jsonl', data: Buffer.alloc(1 << 20), declaredSize: 10 * 1024 ** 3, deflate: true }]), 413, 'backup_too_large'],
      ['too many entries', craftZip(Array.from({ length: 25 }, (_, i) => file(`f${i}.txt`))), 413, 'backup_too_many_entries'],
      ['truncated', good.subarray(0, Math.floor(good.length / 2)), 422, 'backup_corrupt'],
      ['not a zip', Buffer.from('PK\u0003\u0004 but not really a zip archive at all'), 422, 'backup_corrupt'],
      ['foreign', craftZip([file('hello.txt', 'hello'), file('readme.md')]), 422, 'backup_foreign'],
      ['other manifest', craftZip([file('manifest.json', '{"format":"something-else"}')]), 422, 'backup_foreign'],
      ['unexpected entry', rebuild(new Map([...entries, ['stock/extra.jsonl', Buffer.from('{}\n')]])), 422, 'backup_unexpected_entry'],
    ];
    const altered = new Map(entries);
    altered.set('stock/items.jsonl', Buffer.from(entries.get('stock/items.jsonl')!.toString().replace('Pull Ralph Lauren', 'Pull Ralph Laurent')));
    cases.push(['altered content', rebuild(altered, false), 422, 'backup_checksum_mismatch']);
    const badRow = new Map(entries);
    badRow.set('stock/items.jsonl', Buffer.from(entries.get('stock/items.jsonl')!.toString().replace('"status":"listed"', '"status":"stolen"')));
    cases.push(['invalid row', rebuild(badRow), 422, 'backup_invalid_row']);
    const orphan = new Map(entries);
    orphan.set('stock/price_history.jsonl', Buffer.from(`${entries.get('stock/price_history.jsonl')!.toString()}{"item_id":"00000000-0000-7000-8000-000000000000","at":"2025-01-01T00:00:00.000Z","old_price_cents":null,"new_price_cents":100,"reason":"initial","rule":null}\n`));
    cases.push(['dangling history', rebuild(orphan), 422, 'backup_invalid_row']);

    for (const [what, zip, status, code] of cases) {
      for (const mode of ['merge', 'replace']) {
        const res = await restore(t, zip, `?mode=${mode}`);
        expect(res.statusCode, `${what}: ${res.body}`).toBe(status);
        expect(res.json().error.code, what).toBe(code);
      }
    }
    expect(await all(t)).toEqual(before);
    noLeftovers(t);
    expect(fs.existsSync(path.join(t.dataDir, 'evil.sh'))).toBe(false);
  });

  it('refuses an upload over BACKUP_MAX_BYTES', async () => {
    t = await createTestApp({ PRICE_DROP_CRON: 'off', BACKUP_MAX_BYTES: '4096' });
    const res = await restore(t, craftZip([{ name: 'manifest.json', data: Buffer.alloc(10_000, 32) }]));
    expect(res.statusCode).toBe(413);
    expect(res.json().error.code).toBe('file_too_large');
    noLeftovers(t);
  });
});
