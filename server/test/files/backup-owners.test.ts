import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, json, type TestApp } from '../helpers/test-app.ts';
import { accountsApp, HOST, inviteUser, setUpAdmin } from '../accounts/helpers.ts';
import { devPhoto, multipart } from '../photos/photo-files.ts';
import { multipartFile } from './multipart.ts';

// A backup restored by one person of an accounts-mode server (issue 20): its photo rows are adopted by their bytes
// among that person's photos only. Another person holding the same bytes is neither a conflict nor a shortcut.

let shop: TestApp;
let t: TestApp;
const tokens = { a: '', b: '' };
const bytes = devPhoto('shirt/26bed63e-d57c-4a07-9bc9-4c17b5e85989.jpg');

const as = (token: string, method: 'GET' | 'POST', url: string, extra: { payload?: Buffer | string; headers?: Record<string, string> } = {}) =>
  t.app.inject({ method, url, ...(extra.payload !== undefined ? { payload: extra.payload } : {}), headers: { host: HOST, authorization: `Bearer ${token}`, ...extra.headers } });

beforeAll(async () => {
  shop = await createTestApp();
  t = await accountsApp();
  const admin = await setUpAdmin(t);
  tokens.a = (await admin.post('/auth/tokens', { name: 'A' })).json().token;
  const bea = await inviteUser(t, admin, 'bea@example.org', 'bea-password-123');
  tokens.b = (await bea.post('/auth/tokens', { name: 'B' })).json().token;
});
afterAll(async () => {
  await shop.close();
  await t.close();
});

describe('restoring a backup whose photo another owner has', () => {
  it("gives the restorer their own photo row and leaves the other owner's alone", async () => {
    // B's stock, backed up from the single-seller install B used before.
    const up = multipart([{ filename: 'chemise.jpg', content: bytes }]);
    const shopPhoto = (await shop.app.inject({ method: 'POST', url: '/photos', headers: up.headers, payload: up.payload })).json().photos[0].id;
    expect((await shop.app.inject({ method: 'POST', url: '/listings', ...json({ title: 'Chemise de Bea', price: 18, photos: [shopPhoto] }) })).statusCode).toBe(201);
    const zip = (await shop.app.inject({ method: 'GET', url: '/export/backup' })).rawPayload;

    // A already holds the same bytes on the shared server.
    const upA = multipart([{ filename: 'a.jpg', content: bytes }]);
    const aPhoto = (await as(tokens.a, 'POST', '/photos', { payload: upA.payload, headers: upA.headers })).json().photos[0].id;

    const body = multipartFile(zip, 'backup.zip', 'application/zip');
    const restored = await as(tokens.b, 'POST', '/import/backup', { payload: body.payload, headers: body.headers });
    expect(restored.statusCode, restored.body).toBe(200);
    expect(restored.json()).toMatchObject({ items: { restored: 1 }, photos: { rows_restored: 1 } });

    const items = (await as(tokens.b, 'GET', '/listings/all')).json();
    expect(items.map((i: { title: string }) => i.title)).toEqual(['Chemise de Bea']);
    const bPhoto = (await as(tokens.b, 'GET', `/listings/${items[0].id}`)).json().photos[0].id;
    expect(bPhoto).toBe(shopPhoto);
    expect(bPhoto).not.toBe(aPhoto);
    expect((await as(tokens.b, 'GET', `/photos/${bPhoto}`)).statusCode).toBe(200);
    expect((await as(tokens.b, 'GET', `/photos/${aPhoto}`)).statusCode).toBe(404);
    expect((await as(tokens.a, 'GET', `/photos/${aPhoto}`)).statusCode).toBe(200);
    expect((await as(tokens.a, 'GET', '/listings/all')).json()).toEqual([]);
  });

  it("refuses with 409 a backup whose ids belong to another account (A's own backup restored by B), and writes nothing", async () => {
    expect((await as(tokens.a, 'POST', '/listings', { payload: JSON.stringify({ title: 'Sac de Ada', price: 50 }), headers: { 'content-type': 'application/json' } })).statusCode).toBe(201);
    const zip = (await as(tokens.a, 'GET', '/export/backup')).rawPayload;
    const before = (await as(tokens.b, 'GET', '/listings/all')).json();
    const body = multipartFile(zip, 'backup.zip', 'application/zip');
    const res = await as(tokens.b, 'POST', '/import/backup', { payload: body.payload, headers: body.headers });
    expect(res.statusCode, res.body).toBe(409);
    expect(res.json().error.code).toBe('backup_ids_taken');
    expect((await as(tokens.b, 'GET', '/listings/all')).json()).toEqual(before);
    expect((await as(tokens.a, 'GET', '/listings/all')).json().map((i: { title: string }) => i.title)).toContain('Sac de Ada');
  });
});
