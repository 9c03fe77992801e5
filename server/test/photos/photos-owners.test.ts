import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCAL_OWNER_ID, ownerScope } from '../../src/platform/security/owner-scope.ts';
import type { TestApp } from '../helpers/test-app.ts';
import { accountsApp, HOST, inviteUser, setUpAdmin } from '../accounts/helpers.ts';
import { devPhoto, multipart } from './photo-files.ts';

// The same photo bytes under two owners (issue 20, "Every row belongs to someone"): each owner gets a photo row of
// their own (unique per owner and SHA-256, migration 0022), never a 500 nor a hint that someone else has the file.
// The file on disk is shared by content and served only through a row of the caller's.

let t: TestApp;
const tokens = { a: '', b: '' };
let bId = '';
const bytes = devPhoto('shirt/26bed63e-d57c-4a07-9bc9-4c17b5e85989.jpg');

const upload = (token: string, content: Buffer) => {
  const up = multipart([{ filename: 'same.jpg', content }]);
  return t.app.inject({ method: 'POST', url: '/photos', headers: { host: HOST, authorization: `Bearer ${token}`, ...up.headers }, payload: up.payload });
};
const get = (token: string, url: string) => t.app.inject({ method: 'GET', url, headers: { host: HOST, authorization: `Bearer ${token}` } });

beforeAll(async () => {
  t = await accountsApp();
  const admin = await setUpAdmin(t);
  tokens.a = (await admin.post('/auth/tokens', { name: 'photos A' })).json().token;
  const bea = await inviteUser(t, admin, 'bea@example.org', 'bea-password-123');
  tokens.b = (await bea.post('/auth/tokens', { name: 'photos B' })).json().token;
});
afterAll(async () => t.close());

describe('the same bytes sent by two owners', () => {
  let aId = '';

  it('gives each owner a photo of their own', async () => {
    const a = await upload(tokens.a, bytes);
    expect(a.statusCode).toBe(201);
    const b = await upload(tokens.b, bytes);
    expect(b.statusCode).toBe(201);
    aId = a.json().photos[0].id;
    bId = b.json().photos[0].id;
    expect(aId).toBeTruthy();
    expect(bId).toBeTruthy();
    expect(bId).not.toBe(aId);
    // B is told nothing of A's copy: the photo is new to B.
    expect(b.json().photos[0]).toMatchObject({ sha256: a.json().photos[0].sha256 });
    expect(b.json().photos[0].deduplicated ?? false).toBe(a.json().photos[0].deduplicated ?? false);

    // Sent again, each owner's bytes are recognised as their own photo.
    expect((await upload(tokens.a, bytes)).json().photos[0].id).toBe(aId);
    expect((await upload(tokens.b, bytes)).json().photos[0].id).toBe(bId);
  });

  it("keeps each owner to their own row of the shared file", async () => {
    expect((await get(tokens.a, `/photos/${aId}`)).statusCode).toBe(200);
    expect((await get(tokens.b, `/photos/${bId}`)).statusCode).toBe(200);
    for (const url of [`/photos/${aId}`, `/photos/${aId}/thumb`, `/photos/${aId}/info`]) {
      const res = await get(tokens.b, url);
      expect(res.statusCode, url).toBe(404);
    }
    expect((await get(tokens.a, `/photos/${bId}/info`)).statusCode).toBe(404);
  });

  it("keeps the shared file while another owner's row still shows it", async () => {
    // A, the first admin, owns the single seller's data (LOCAL_OWNER_ID); the photo set's removal runs as them.
    expect(await ownerScope.run(LOCAL_OWNER_ID, () => t.ctx.photos.deletePhotos([aId]))).toBe(1);
    expect((await get(tokens.a, `/photos/${aId}`)).statusCode).toBe(404);
    const still = await get(tokens.b, `/photos/${bId}`);
    expect(still.statusCode).toBe(200);
    expect(still.rawPayload.length).toBeGreaterThan(0);
  });
});
