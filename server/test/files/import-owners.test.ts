import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../helpers/test-app.ts';
import { accountsApp, HOST, inviteUser, setUpAdmin } from '../accounts/helpers.ts';
import { multipartFile } from './multipart.ts';

// A stock file imported by one person of an accounts-mode server (issue 20) naming items by ids another person's
// items have (B re-imports a CSV that A exported): the ids are taken on this server, which B is told as for any taken
// id (409 item_already_exists, nothing written), never a 500 that would set A's ids apart, and A's items stay as they were.

let t: TestApp;
const tokens = { a: '', b: '' };

const as = (token: string, method: 'GET' | 'POST', url: string, extra: { payload?: Buffer | string; headers?: Record<string, string> } = {}) =>
  t.app.inject({ method, url, ...(extra.payload !== undefined ? { payload: extra.payload } : {}), headers: { host: HOST, authorization: `Bearer ${token}`, ...extra.headers } });

beforeAll(async () => {
  t = await accountsApp();
  const admin = await setUpAdmin(t);
  tokens.a = (await admin.post('/auth/tokens', { name: 'A' })).json().token;
  const bea = await inviteUser(t, admin, 'bea@example.org', 'bea-password-123');
  tokens.b = (await bea.post('/auth/tokens', { name: 'B' })).json().token;
});
afterAll(async () => t.close());

describe('importing a stock file whose item ids another person has', () => {
  it('answers 409 item_already_exists, writes nothing for the importer and leaves the owner’s items alone', async () => {
    const created = await as(tokens.a, 'POST', '/listings', { payload: JSON.stringify({ title: 'Veste de Ada', price: 40 }), headers: { 'content-type': 'application/json' } });
    expect(created.statusCode, created.body).toBe(201);
    const csv = (await as(tokens.a, 'GET', '/export/csv')).rawPayload;
    const before = (await as(tokens.a, 'GET', '/listings/all')).json();

    const res = await as(tokens.b, 'POST', '/import/csv', multipartFile(csv));
    expect(res.statusCode, res.body).toBe(409);
    expect(res.json().error.code).toBe('item_already_exists');
    expect((await as(tokens.b, 'GET', '/listings/all')).json()).toEqual([]);
    expect((await as(tokens.a, 'GET', '/listings/all')).json()).toEqual(before);
  });
});
