import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StorageLifecycle } from '../../src/modules/storage/index.ts';
import { StorageRepository } from '../../src/modules/storage/storage.repository.ts';
import { storageDb } from '../../src/modules/storage/storage.tables.ts';
import { ownerScope } from '../../src/platform/security/owner-scope.ts';
import type { TestApp } from '../helpers/test-app.ts';
import { accountsApp, HOST, inviteUser, setUpAdmin } from '../accounts/helpers.ts';
import { DEV_PHOTOS, devPhoto, multipart } from '../photos/photo-files.ts';

// The orphan sweep of the photo storage in accounts mode (issue 20): POST /storage/lifecycle runs in the caller's
// scope, but a file is an orphan only when no photo row of anyone names it.

let t: TestApp;
const tokens = { a: '', b: '' };
let beaId = '';

const upload = async (token: string, content: Buffer): Promise<string> => {
  const up = multipart([{ filename: 'p.jpg', content }]);
  const res = await t.app.inject({ method: 'POST', url: '/photos', headers: { host: HOST, authorization: `Bearer ${token}`, ...up.headers }, payload: up.payload });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().photos[0].id;
};
const get = (token: string, url: string) => t.app.inject({ method: 'GET', url, headers: { host: HOST, authorization: `Bearer ${token}` } });

beforeAll(async () => {
  t = await accountsApp();
  const admin = await setUpAdmin(t);
  tokens.a = (await admin.post('/auth/tokens', { name: 'A' })).json().token;
  const bea = await inviteUser(t, admin, 'bea@example.org', 'bea-password-123');
  tokens.b = (await bea.post('/auth/tokens', { name: 'B' })).json().token;
  beaId = (await bea.get('/auth/session')).json().user.id;
});
afterAll(async () => t.close());

describe('the orphan sweep run by one person', () => {
  it("keeps everyone's photo files", async () => {
    const aPhoto = await upload(tokens.a, devPhoto(DEV_PHOTOS[2]));
    const bPhoto = await upload(tokens.b, devPhoto(DEV_PHOTOS[3]));
    const lifecycle = new StorageLifecycle({
      store: t.ctx.photoStore, usage: t.ctx.photoUsage, photos: t.ctx.photos, repo: new StorageRepository(storageDb(t.ctx.db)), coldAfterDays: 0, orphanGraceMs: 0,
      now: () => new Date(Date.now() + 1000),
    });
    // As POST /storage/lifecycle runs it when B calls it: in B's scope.
    const r = await ownerScope.run(beaId, () => lifecycle.run());
    expect(r.orphans.objects).toBe(0);
    expect((await get(tokens.a, `/photos/${aPhoto}`)).statusCode).toBe(200);
    expect((await get(tokens.a, `/photos/${aPhoto}/thumb`)).statusCode).toBe(200);
    expect((await get(tokens.b, `/photos/${bPhoto}`)).statusCode).toBe(200);
  });
});
