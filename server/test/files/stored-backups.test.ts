import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FakeS3Server } from '../fakes/fake-s3-server.ts';
import { createTestApp, json, type TestApp } from '../helpers/test-app.ts';
import { readZip } from '../helpers/zip-read.ts';
import { drawnPhoto, itemWithPhotos } from '../studio/studio-fixtures.ts';
import { multipartFile } from './multipart.ts';
import { inviteUser, setUpAdmin } from '../accounts/helpers.ts';

// Backups the app keeps itself (POST /backups, BACKUP_CRON): written through the storage interface, so they sit in
// DATA_DIR/backups, or in the bucket with STORAGE=s3; listed, downloaded, restored elsewhere, the oldest pruned.
let apps: TestApp[] = [];
let s3: FakeS3Server | undefined;
let s3Dir: string | undefined;
afterEach(async () => {
  for (const a of apps) await a.close();
  apps = [];
  await s3?.stop();
  s3 = undefined;
  if (s3Dir) fs.rmSync(s3Dir, { recursive: true, force: true });
});
const app = async (env: Record<string, string> = {}) => {
  const a = await createTestApp({ PRICE_DROP_CRON: 'off', ...env });
  apps.push(a);
  return a;
};

/** Stores a backup now and waits for its job; answers the job's view. */
async function storeNow(t: TestApp) {
  const start = await t.app.inject({ method: 'POST', url: '/backups', ...json({}) });
  expect(start.statusCode, start.body).toBe(202);
  await t.ctx.jobs.idle();
  const job = await t.app.inject({ method: 'GET', url: `/backups/jobs/${start.json().job_id}` });
  expect(job.json(), job.body).toMatchObject({ state: 'completed', error: null });
  return job.json().backup as { name: string; bytes: number; created_at: string };
}

describe('stored backups', () => {
  it('stores a backup in DATA_DIR/backups, lists it, and its download restores the stock elsewhere', async () => {
    const a = await app();
    await itemWithPhotos(a, [await drawnPhoto()], 'Pull marin');
    const backup = await storeNow(a);
    expect(backup.name).toMatch(/^vintedbot-backup-\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}-\d{3}Z-[0-9a-f]{6}\.zip$/);
    expect(fs.statSync(path.join(a.dataDir, 'backups', 'seller', backup.name)).size).toBe(backup.bytes);
    const list = (await a.app.inject({ method: 'GET', url: '/backups' })).json();
    expect(list).toMatchObject({ keep: 7, schedule: 'off', backups: [backup] });
    expect(list.location).toContain(path.join(a.dataDir, 'backups'));

    const dl = await a.app.inject({ method: 'GET', url: `/backups/${backup.name}` });
    expect(dl.statusCode).toBe(200);
    expect(dl.headers['content-disposition']).toContain(backup.name);
    expect(JSON.parse((await readZip(dl.rawPayload)).get('manifest.json')!.toString()).counts).toMatchObject({ items: 1, photos: 1 });
    const b = await app();
    const restored = await b.app.inject({ method: 'POST', url: '/import/backup', ...multipartFile(dl.rawPayload, backup.name, 'application/zip') });
    expect(restored.json()).toMatchObject({ items: { restored: 1 } });
    expect((await b.app.inject({ method: 'GET', url: '/listings/all' })).json().map((i: { title: string }) => i.title)).toEqual(['Pull marin']);
    // No temporary file is left behind.
    expect(fs.readdirSync(path.join(a.dataDir, 'tmp')).filter((n) => n.startsWith('backup-'))).toEqual([]);
  });

  it('keeps only the newest BACKUP_KEEP, and refuses names that are not a stored backup\'s', async () => {
    const a = await app({ BACKUP_KEEP: '2' });
    const names = [];
    for (let i = 0; i < 3; i++) names.push((await storeNow(a)).name);
    const kept = (await a.app.inject({ method: 'GET', url: '/backups' })).json().backups.map((b: { name: string }) => b.name);
    expect(kept).toEqual([...names].sort().reverse().slice(0, 2));
    for (const bad of ['..%2F..%2Fsecret-key', 'vintedbot-backup-nope.zip', names.sort()[0]]) {
      const res = await a.app.inject({ method: 'GET', url: `/backups/${bad}` });
      expect(res.statusCode, bad).toBe(404);
      expect(res.json().error.code).toBe('backup_not_found');
    }
    expect((await a.app.inject({ method: 'DELETE', url: `/backups/${kept[0]}` })).statusCode).toBe(204);
    expect((await a.app.inject({ method: 'GET', url: '/backups' })).json().backups.map((b: { name: string }) => b.name)).toEqual([kept[1]]);
    expect((await a.app.inject({ method: 'DELETE', url: `/backups/${kept[0]}` })).json().error.code).toBe('backup_not_found');
    expect((await a.app.inject({ method: 'GET', url: '/backups/jobs/nope' })).json().error.code).toBe('job_not_found');
  });

  it('with STORAGE=s3, stores them in the bucket under backups/, not on the local disk', async () => {
    s3Dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fake-s3-backups-'));
    s3 = await new FakeS3Server({ dir: s3Dir, buckets: ['photos'], accessKeyId: 'AKIABACKUPS' }).start();
    const a = await app({
      STORAGE: 's3', S3_ENDPOINT: s3.endpoint, S3_BUCKET: 'photos', S3_ACCESS_KEY_ID: 'AKIABACKUPS', S3_SECRET_ACCESS_KEY: 'secret-key',
      S3_FORCE_PATH_STYLE: 'true', S3_PREFIX: 'shop', STORAGE_LIFECYCLE_CRON: 'off',
    });
    await itemWithPhotos(a, [await drawnPhoto()], 'Robe rouge');
    const backup = await storeNow(a);
    expect(await s3.objectKeys('photos')).toContain(`shop/backups/seller/${backup.name}`);
    expect(fs.existsSync(path.join(a.dataDir, 'backups'))).toBe(false);
    const dl = await a.app.inject({ method: 'GET', url: `/backups/${backup.name}` });
    expect(dl.rawPayload.length).toBe(backup.bytes);
    expect(JSON.parse((await readZip(dl.rawPayload)).get('manifest.json')!.toString()).counts).toMatchObject({ items: 1 });
  });

  it('in accounts mode each person sees, downloads and deletes only their own backups', async () => {
    const a = await app({ AUTH_MODE: 'accounts' });
    const admin = await setUpAdmin(a);
    expect((await admin.post('/listings', { title: 'Sac Longchamp', price: 40 })).statusCode).toBe(201);
    const start = await admin.post('/backups', {});
    expect(start.statusCode, start.body).toBe(202);
    await a.ctx.jobs.idle();
    const mine = (await admin.get(`/backups/jobs/${start.json().job_id}`)).json().backup;
    expect(mine).toMatchObject({ name: expect.stringMatching(/^vintedbot-backup-/) });
    const bea = await inviteUser(a, admin, 'bea@example.org', 'bea-password-123');
    expect((await bea.get('/backups')).json().backups).toEqual([]);
    expect((await bea.get(`/backups/jobs/${start.json().job_id}`)).json().error.code).toBe('job_not_found');
    expect((await bea.get(`/backups/${mine.name}`)).json().error.code).toBe('backup_not_found');
    expect((await bea.del(`/backups/${mine.name}`)).json().error.code).toBe('backup_not_found');
    expect((await admin.get('/backups')).json().backups).toEqual([mine]);
    // The admin's backup holds the admin's stock.
    const dl = await admin.get(`/backups/${mine.name}`);
    expect(JSON.parse((await readZip(dl.rawPayload)).get('manifest.json')!.toString()).counts).toMatchObject({ items: 1 });
  });
});
