import { once } from 'node:events';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/config.ts';
import { originalKey, photoKey } from '../../src/platform/storage/tiered-photo-store.ts';
import { StorageLifecycle } from '../../src/modules/storage/index.ts';
import { StorageRepository } from '../../src/modules/storage/storage.repository.ts';
import { storageDb } from '../../src/modules/storage/storage.tables.ts';
import { FakeS3Server } from '../fakes/fake-s3-server.ts';
import { createTestApp, json, type TestApp } from '../helpers/test-app.ts';
import { testPhotos } from '../helpers/test-photos.ts';
import { multipart } from '../photos/photo-files.ts';
import { multipartFile } from '../files/multipart.ts';
import { readZip } from '../helpers/zip-read.ts';
import { drawnPhoto } from '../studio/studio-fixtures.ts';

// The whole app with STORAGE=s3 against a real S3-protocol server on 127.0.0.1: photos go to the bucket, the local
// folder is a cache refilled on demand, a restart of the storage service mid-upload leaves no row without its files,
// and the lifecycle moves resting photos to the cold prefix and back. Runs on SQLite, and on PostgreSQL when
// DATABASE_URL is set (createTestApp picks).

const KEY = 'AKIASTORAGETEST';
let dir: string;
let s3: FakeS3Server;
let t: TestApp;
// A new item's preview is read in the background after the answer (its look-alike vectors, the seller's memory). A
// read of a cold photo brings it back, so the lifecycle tests let those reads finish first, as days would in real life.
const settleBackgroundReads = async () => {
  await t.ctx.duplicates.idle();
  await t.ctx.sellerMemory.settled();
};

const env = (over: Record<string, string> = {}) => ({
  STORAGE: 's3', S3_ENDPOINT: s3.endpoint, S3_BUCKET: 'vinted-photos', S3_ACCESS_KEY_ID: KEY, S3_SECRET_ACCESS_KEY: 'secret-key',
  S3_FORCE_PATH_STYLE: 'true', S3_PREFIX: 'shop1', STORAGE_LIFECYCLE_CRON: 'off', ...over,
});
// Six distinct committed photos, one per test that uploads.
const PHOTOS = [...testPhotos('hoodie', 3), ...testPhotos('dress', 3)].map((f) => fs.readFileSync(f));
const upload = (i: number) => t.app.inject({ method: 'POST', url: '/photos', ...multipart([{ filename: `p${i}.jpg`, content: PHOTOS[i]! }]) });
const bucketKeys = () => s3.objectKeys('vinted-photos');

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fake-s3-app-'));
  s3 = await new FakeS3Server({ dir, buckets: ['vinted-photos', 'cold-photos'], accessKeyId: KEY }).start();
  t = await createTestApp(env());
});
afterAll(async () => {
  await t?.close();
  await s3?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('STORAGE=s3', () => {
  it('stores an uploaded photo in the bucket, keeps only its hash in the database, and refills the local cache on demand', async () => {
    const res = await upload(0);
    expect(res.statusCode, res.body).toBe(201);
    const p = res.json().photos[0];
    expect(await bucketKeys()).toEqual(expect.arrayContaining([`shop1/${photoKey(p.sha256, 'preview')}`, `shop1/${photoKey(p.sha256, 'thumb')}`]));
    // The local copy goes (a new machine, a cleared cache): the photo is read back from the bucket.
    fs.rmSync(path.join(t.dataDir, 'photos', p.sha256.slice(0, 2)), { recursive: true });
    const preview = await t.app.inject({ method: 'GET', url: p.url });
    expect(preview.statusCode).toBe(200);
    expect(preview.headers['content-type']).toMatch(/image\/jpeg/);
    expect(preview.rawPayload.length).toBeGreaterThan(1000);
    // A ranged read (a browser seeking), also into an emptied cache.
    fs.rmSync(path.join(t.dataDir, 'photos', p.sha256.slice(0, 2)), { recursive: true });
    const part = await t.app.inject({ method: 'GET', url: p.url, headers: { range: 'bytes=100-199' } });
    expect(part.statusCode).toBe(206);
    expect(part.headers['content-range']).toBe(`bytes 100-199/${preview.rawPayload.length}`);
    expect(part.rawPayload.equals(preview.rawPayload.subarray(100, 200))).toBe(true);
    const past = await t.app.inject({ method: 'GET', url: p.url, headers: { range: `bytes=${preview.rawPayload.length + 5}-` } });
    expect(past.statusCode).toBe(416);
    expect(past.json().error.code).toBe('range_not_satisfiable');
    const signed = (await t.app.inject({ method: 'GET', url: `/storage/photos/${p.id}/url` })).json();
    expect(signed).toMatchObject({ signed: true });
    const viaUrl = await fetch(signed.url);
    expect(viaUrl.status).toBe(200);
    expect(Buffer.from(await viaUrl.arrayBuffer()).equals(preview.rawPayload)).toBe(true);
  });

  it('a missing object is a 404 and a 0-byte object a clear 422, not a crash', async () => {
    const p = (await upload(1)).json().photos[0];
    fs.rmSync(path.join(t.dataDir, 'photos', p.sha256.slice(0, 2)), { recursive: true });
    await s3.seed('vinted-photos', `shop1/${photoKey(p.sha256, 'preview')}`, Buffer.alloc(0));
    const empty = await t.app.inject({ method: 'GET', url: p.url });
    expect(empty.statusCode).toBe(422);
    expect(empty.json().error.code).toBe('photo_file_empty');
    fs.rmSync(path.join(dir, 'vinted-photos', encodeURIComponent(`shop1/${photoKey(p.sha256, 'thumb')}`)));
    const missing = await t.app.inject({ method: 'GET', url: p.thumb_url });
    expect(missing.statusCode).toBe(404);
    expect(missing.json().error.code).toBe('photo_file_missing');
    expect((await t.app.inject({ method: 'GET', url: '/health' })).statusCode).toBe(200);
  });

  it('the storage service restarting mid-upload: the upload lands whole after a retry, its row with it', async () => {
    s3.stallPutAfterBytes = 20 * 1024;
    const stalled = once(s3, 'upload-stalled');
    const res = upload(2);
    await stalled;
    await s3.restart();
    const done = await res;
    expect(done.statusCode, done.body).toBe(201);
    const p = done.json().photos[0];
    const obj = await s3.objectKeys('vinted-photos');
    expect(obj).toContain(`shop1/${photoKey(p.sha256, 'preview')}`);
    expect(fs.statSync(path.join(dir, 'vinted-photos', encodeURIComponent(`shop1/${photoKey(p.sha256, 'preview')}`))).size).toBeGreaterThan(20 * 1024);
  });

  it('the storage service down for good mid-upload: 503 storage_unavailable, no row, no object', async () => {
    const before = (await t.ctx.db.selectFrom('photos').select('id').execute()).length;
    s3.stallPutAfterBytes = 10 * 1024;
    const stalled = once(s3, 'upload-stalled');
    const res = upload(3);
    await stalled;
    await s3.stop();
    const done = await res;
    expect(done.statusCode).toBe(503);
    expect(done.json().error.code).toBe('storage_unavailable');
    expect((await t.ctx.db.selectFrom('photos').select('id').execute()).length).toBe(before);
    await s3.start(s3.port);
    const sha = (await import('node:crypto')).createHash('sha256').update(PHOTOS[3]!).digest('hex');
    expect((await bucketKeys()).filter((k) => k.includes(sha))).toEqual([]);
    // Back up: the same upload now works.
    expect((await upload(3)).statusCode).toBe(201);
  });

  it('lifecycle: a sold item\'s full-size photo goes to the cold prefix, the stats say so, and relisting brings it back', async () => {
    const p = (await upload(4)).json().photos[0];
    const item = (await t.app.inject({ method: 'POST', url: '/listings', ...json({ title: 'Pull marine Petit Bateau', price: 12, photos: [p.id] }) })).json();
    await t.app.inject({ method: 'PATCH', url: `/listings/${item.id}`, ...json({ status: 'listed' }) });
    await t.app.inject({ method: 'PATCH', url: `/listings/${item.id}`, ...json({ status: 'sold', sold_price: 12 }) });
    await settleBackgroundReads();
    const in40Days = () => new Date(Date.now() + 40 * 24 * 3600 * 1000);
    const lifecycle = new StorageLifecycle({
      store: t.ctx.photoStore, usage: t.ctx.photoUsage, photos: t.ctx.photos, repo: new StorageRepository(storageDb(t.ctx.db)), coldAfterDays: 30, now: in40Days,
    });
    const next = await lifecycle.next();
    expect(next.photos).toBe(1);
    expect(next.sample).toEqual([p.sha256]);
    const report = await lifecycle.run();
    expect(report.moved.photos).toBe(1);
    expect(report.moved.bytes).toBeGreaterThan(0);
    const keys = await bucketKeys();
    expect(keys).toContain(`shop1/cold/${photoKey(p.sha256, 'preview')}`);
    expect(keys).not.toContain(`shop1/${photoKey(p.sha256, 'preview')}`);
    expect(keys).toContain(`shop1/${photoKey(p.sha256, 'thumb')}`); // lists still show it
    expect(fs.existsSync(path.join(t.dataDir, 'photos', p.sha256.slice(0, 2), `${p.sha256}.preview.jpg`))).toBe(false);
    expect(await t.ctx.photoStore.tierOf(p.sha256, 'preview')).toBe('cold');

    const stats = (await t.app.inject({ method: 'GET', url: '/storage/stats' })).json();
    expect(stats.backend).toBe('s3');
    expect(stats.cold_ledger.photos).toBe(1);
    expect(stats.tiers.find((x: { tier: string }) => x.tier === 'cold')).toMatchObject({ objects: 1 });

    // Relisted: the photo comes back before the seller publishes again.
    await t.app.inject({ method: 'PATCH', url: `/listings/${item.id}`, ...json({ status: 'listed' }) });
    await lifecycle.bringBackItem(item.id); // the event handler does the same; awaited here so the check is not racing it
    expect(await t.ctx.photoStore.tierOf(p.sha256, 'preview')).toBe('remote');
    expect((await t.app.inject({ method: 'GET', url: p.url })).statusCode).toBe(200);
    expect((await t.app.inject({ method: 'GET', url: '/storage/stats' })).json().cold_ledger.photos).toBe(0);
  });

  it('a cold photo asked for (the seller opens the sold item) is brought back on demand', async () => {
    const p = (await upload(5)).json().photos[0];
    const item = (await t.app.inject({ method: 'POST', url: '/listings', ...json({ title: 'Robe été Sézane', price: 40, photos: [p.id] }) })).json();
    await t.app.inject({ method: 'PATCH', url: `/listings/${item.id}`, ...json({ status: 'archived' }) });
    await settleBackgroundReads();
    const lifecycle = new StorageLifecycle({
      store: t.ctx.photoStore, usage: t.ctx.photoUsage, photos: t.ctx.photos, repo: new StorageRepository(storageDb(t.ctx.db)), coldAfterDays: 1,
      now: () => new Date(Date.now() + 2 * 24 * 3600 * 1000),
    });
    const from = s3.requests.length;
    expect((await lifecycle.run()).moved.photos).toBe(1);
    // Should anything else touch the photo meanwhile, the failure names the bucket requests that did.
    const touched = () => s3.requests.slice(from).filter((r) => r.url.includes(p.sha256)).map((r) => `${r.method} ${r.url}`).join('\n');
    expect(await t.ctx.photoStore.tierOf(p.sha256, 'preview'), touched()).toBe('cold');
    const res = await t.app.inject({ method: 'GET', url: p.url });
    expect(res.statusCode).toBe(200);
    expect(await t.ctx.photoStore.tierOf(p.sha256, 'preview')).toBe('remote');
  });

  it('orphans (objects no photo row names) are swept; photos with rows stay', async () => {
    const orphan = 'f'.repeat(64);
    await s3.seed('vinted-photos', `shop1/${photoKey(orphan, 'preview')}`, Buffer.from('orphan'));
    const lifecycle = new StorageLifecycle({
      store: t.ctx.photoStore, usage: t.ctx.photoUsage, photos: t.ctx.photos, repo: new StorageRepository(storageDb(t.ctx.db)), coldAfterDays: 0, orphanGraceMs: 0,
      now: () => new Date(Date.now() + 1000),
    });
    const rows = await t.ctx.db.selectFrom('photos').select('sha256').execute();
    const dry = await lifecycle.run({ dryRun: true });
    expect(dry.orphans.objects).toBe(1);
    const r = await lifecycle.run();
    expect(r.orphans).toEqual({ objects: 1, bytes: 6 });
    const keys = await bucketKeys();
    expect(keys.some((k) => k.includes(orphan))).toBe(false);
    for (const row of rows) expect(keys.some((k) => k.includes(row.sha256))).toBe(true);
  });

  it('a backup reads photo files from the bucket (the local cache emptied); its restore on another prefix uploads them before the rows', async () => {
    // A 12 MP photo: the intake keeps the studio's full-resolution master, which lives in the bucket too.
    const [big] = await t.ctx.photos.ingestFiles([{ buffer: await drawnPhoto({ width: 4000, height: 3000 }), filename: 'grand.jpg' }]);
    const masterKey = originalKey(big.sha256);
    expect(await bucketKeys()).toContain(`shop1/${masterKey}`);
    for (const e of fs.readdirSync(path.join(t.dataDir, 'photos'))) if (!e.startsWith('.')) fs.rmSync(path.join(t.dataDir, 'photos', e), { recursive: true });
    const zip = (await t.app.inject({ method: 'GET', url: '/export/backup' })).rawPayload;
    const entries = await readZip(zip);
    const inBucket = await bucketKeys();
    // Every photo whose thumbnail the bucket holds (the 404 test above deleted one on purpose).
    const rows = (await t.ctx.db.selectFrom('photos').select('sha256').execute()).filter((r) => inBucket.includes(`shop1/${photoKey(r.sha256, 'thumb')}`));
    expect(rows.length).toBeGreaterThanOrEqual(5);
    for (const r of rows) expect(entries.has(`photos/${r.sha256.slice(0, 2)}/${r.sha256}.thumb.webp`)).toBe(true);
    const other = await createTestApp(env({ S3_PREFIX: 'shop2' }));
    try {
      const res = await other.app.inject({ method: 'POST', url: '/import/backup?mode=replace', ...multipartFile(zip, 'backup.zip', 'application/zip') });
      expect(res.statusCode, res.body).toBe(200);
      const keys = await bucketKeys();
      for (const r of rows) expect(keys).toContain(`shop2/${photoKey(r.sha256, 'thumb')}`);
      // The master came out of the bucket into the backup, and went into the other prefix with the restore.
      expect(entries.has(masterKey)).toBe(true);
      expect(keys).toContain(`shop2/${masterKey}`);
    } finally {
      await other.close();
    }
  });

  it('wrong keys or a bucket that does not exist stop start-up with a line naming the variable', async () => {
    const wrong = await createTestApp(env({ S3_ACCESS_KEY_ID: 'AKIAWRONG' })).catch((e) => e);
    expect(wrong).toBeInstanceOf(ConfigError);
    expect(wrong.message).toMatch(/S3_ACCESS_KEY_ID \/ S3_SECRET_ACCESS_KEY: the storage service refused these keys/);
    const noBucket = await createTestApp(env({ S3_BUCKET: 'no-such-bucket' })).catch((e) => e);
    expect(noBucket.message).toMatch(/S3_BUCKET: the bucket "no-such-bucket" does not exist/);
    const noCold = await createTestApp(env({ STORAGE_COLD_BUCKET: 'no-cold' })).catch((e) => e);
    expect(noCold.message).toMatch(/STORAGE_COLD_BUCKET: the bucket "no-cold" does not exist/);
    const noName = await createTestApp(env({ S3_BUCKET: '' })).catch((e) => e);
    expect(noName.message).toMatch(/STORAGE=s3 needs S3_BUCKET/);
  });
});
