import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StorageLifecycle } from '../../src/modules/storage/index.ts';
import { StorageRepository } from '../../src/modules/storage/storage.repository.ts';
import { storageDb } from '../../src/modules/storage/storage.tables.ts';
import { photoKey } from '../../src/platform/storage/tiered-photo-store.ts';
import { vintedbot } from '../cli/cli-run.ts';
import { FakeS3Server } from '../fakes/fake-s3-server.ts';
import { createTestApp, json } from '../helpers/test-app.ts';
import { testPhotos } from '../helpers/test-photos.ts';
import { multipart } from '../photos/photo-files.ts';

// The default local store: unchanged behaviour, its own cold folder for the lifecycle; and `vintedbot storage migrate`
// (the real command in a child process) moving a local store to a bucket on a real S3-protocol server and back,
// resumable. SQLite only: the command runs on the test's data folder (cli-run.ts clears DATABASE_URL).

const KEY = 'AKIAMIGRATE';
let dir: string;
let s3: FakeS3Server;
const s3Env = () => ({
  S3_ENDPOINT: s3.endpoint, S3_BUCKET: 'shop', S3_ACCESS_KEY_ID: KEY, S3_SECRET_ACCESS_KEY: 'secret', S3_FORCE_PATH_STYLE: 'true', STORAGE_LIFECYCLE_CRON: 'off',
});
const PHOTOS = testPhotos('shirt', 3).map((f) => fs.readFileSync(f));

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'storage-migrate-'));
  s3 = await new FakeS3Server({ dir: path.join(dir, 's3'), buckets: ['shop'], accessKeyId: KEY, pageSize: 2 }).start();
});
afterAll(async () => {
  await s3?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('local store lifecycle', () => {
  it('moves a sold item\'s preview to the cold folder, keeps the thumbnail, brings it back when asked for', async () => {
    const cold = path.join(dir, 'cold');
    const t = await createTestApp({ STORAGE_COLD_DIR: cold, STORAGE_LIFECYCLE_CRON: 'off', DATABASE_URL: '' });
    try {
      const p = (await t.app.inject({ method: 'POST', url: '/photos', ...multipart([{ filename: 'a.jpg', content: PHOTOS[0]! }]) })).json().photos[0];
      const item = (await t.app.inject({ method: 'POST', url: '/listings', ...json({ title: 'Chemise lin blanche', price: 18, photos: [p.id] }) })).json();
      await t.app.inject({ method: 'PATCH', url: `/listings/${item.id}`, ...json({ status: 'archived' }) });
      const lifecycle = new StorageLifecycle({
        store: t.ctx.photoStore, usage: t.ctx.photoUsage, photos: t.ctx.photos, repo: new StorageRepository(storageDb(t.ctx.db)), coldAfterDays: 7,
        now: () => new Date(Date.now() + 8 * 24 * 3600 * 1000),
      });
      const local = path.join(t.dataDir, 'photos', p.sha256.slice(0, 2));
      expect((await lifecycle.run({ dryRun: true })).moved.photos).toBe(1);
      expect(fs.existsSync(path.join(local, `${p.sha256}.preview.jpg`))).toBe(true); // a dry run moves nothing
      expect((await lifecycle.run()).moved.photos).toBe(1);
      expect(fs.existsSync(path.join(local, `${p.sha256}.preview.jpg`))).toBe(false);
      expect(fs.existsSync(path.join(local, `${p.sha256}.thumb.webp`))).toBe(true);
      expect(fs.existsSync(path.join(cold, photoKey(p.sha256, 'preview')))).toBe(true);
      const stats = (await t.app.inject({ method: 'GET', url: '/storage/stats' })).json();
      expect(stats.backend).toBe('local');
      expect(stats.tiers.map((x: { tier: string }) => x.tier)).toEqual(['local', 'cold']);
      expect(stats.tiers[1]).toMatchObject({ objects: 1 });
      expect((await lifecycle.next()).photos).toBe(0); // already cold: not counted again
      expect((await t.app.inject({ method: 'GET', url: p.url })).statusCode).toBe(200);
      expect(fs.existsSync(path.join(local, `${p.sha256}.preview.jpg`))).toBe(true);
      expect(fs.existsSync(path.join(cold, photoKey(p.sha256, 'preview')))).toBe(false);
      expect((await t.app.inject({ method: 'GET', url: '/storage/stats' })).json().cold_ledger.photos).toBe(0);
      const own = (await t.app.inject({ method: 'GET', url: `/storage/photos/${p.id}/url?variant=thumb` })).json();
      expect(own).toEqual({ url: `/photos/${p.id}/thumb`, expires_at: null, signed: false });
    } finally {
      await t.close();
    }
  });
});

describe('vintedbot storage migrate', () => {
  it('moves a local store to the bucket and back, resumable, with progress; the app then serves from either', async () => {
    const dataDir = path.join(dir, 'data');
    const t = await createTestApp({ DATABASE_URL: '' }, { dataDir, keepData: true });
    const ids: { id: string; sha256: string }[] = [];
    for (const [i, content] of PHOTOS.entries()) ids.push((await t.app.inject({ method: 'POST', url: '/photos', ...multipart([{ filename: `${i}.jpg`, content }]) })).json().photos[0]);
    await t.close();

    const first = await vintedbot(['--json', 'storage', 'migrate', '--to', 's3'], dataDir, s3Env());
    expect(first.status, first.stderr).toBe(0);
    const r1 = JSON.parse(first.stdout);
    expect(r1.tiers[0]).toMatchObject({ tier: 'hot', total: 6, copied: 6, skipped: 0, failed: 0 });
    const keys = await s3.objectKeys('shop');
    for (const p of ids) expect(keys).toContain(photoKey(p.sha256, 'preview'));

    // A run cut short: some objects never arrived. The same command again copies only those.
    fs.rmSync(path.join(dir, 's3', 'shop', encodeURIComponent(photoKey(ids[1]!.sha256, 'thumb'))));
    const again = await vintedbot(['storage', 'migrate', '--to', 's3'], dataDir, s3Env());
    expect(again.status, again.stderr).toBe(0);
    expect(again.stderr).toMatch(/hot: 6\/6 \(1 copied, 5 already there, 0 failed/);
    expect(again.stdout).toMatch(/Done: set STORAGE=s3 and restart/);

    // The local folder gone: with STORAGE=s3 the app serves from the bucket.
    fs.rmSync(path.join(dataDir, 'photos'), { recursive: true });
    const onS3 = await createTestApp({ ...s3Env(), STORAGE: 's3', DATABASE_URL: '' }, { dataDir, keepData: true });
    expect((await onS3.app.inject({ method: 'GET', url: `/photos/${ids[0]!.id}` })).statusCode).toBe(200);
    await onS3.close();

    // And back: every file in the local folder again, the app on STORAGE=local serves them.
    fs.rmSync(path.join(dataDir, 'photos'), { recursive: true });
    const back = await vintedbot(['--json', 'storage', 'migrate', '--to', 'local'], dataDir, s3Env());
    expect(back.status, back.stderr).toBe(0);
    expect(JSON.parse(back.stdout).tiers[0]).toMatchObject({ tier: 'hot', total: 6, copied: 6, failed: 0 });
    const onLocal = await createTestApp({ DATABASE_URL: '' }, { dataDir, keepData: true });
    for (const p of ids) expect((await onLocal.app.inject({ method: 'GET', url: `/photos/${p.id}/thumb` })).statusCode).toBe(200);
    await onLocal.close();
  }, 300_000); // four runs of the real command, each loading the app (tsx, the AWS SDK): slow on a shared machine

  it('refuses to start with wrong keys, naming the variable (exit 78)', async () => {
    const r = await vintedbot(['storage', 'migrate', '--to', 's3'], path.join(dir, 'data2'), { ...s3Env(), S3_SECRET_ACCESS_KEY: 'x', S3_ACCESS_KEY_ID: 'AKIANOPE' });
    expect(r.status).toBe(78);
    expect(r.stderr).toMatch(/S3_ACCESS_KEY_ID \/ S3_SECRET_ACCESS_KEY: the storage service refused these keys/);
  }, 120_000);
});
