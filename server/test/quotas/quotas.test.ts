import { afterEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';
import { accountsApp, bearer, type Browser, HOST, inviteUser, setUpAdmin } from '../accounts/helpers.ts';
import { devPhoto, DEV_PHOTOS, multipart } from '../photos/photo-files.ts';

// Quotas (issue 20 point 6), through the real HTTP app on SQLite (or PostgreSQL when DATABASE_URL is set): the admin
// sets a user's limits, creating past one answers 402 `quota_exceeded` and writes nothing, every metered answer says
// what remains, raising the limit lets the user go on, another user is unaffected, and single-seller mode has none.

const apps: TestApp[] = [];
afterEach(async () => {
  for (const a of apps.splice(0)) await a.close();
});
const open = async () => {
  const t = await accountsApp();
  apps.push(t);
  return t;
};

const userId = async (b: Browser): Promise<string> => (await b.get('/auth/session')).json().user.id;
const setQuotas = (admin: Browser, id: string, body: unknown) => admin.req('PUT', `/admin/users/${id}/quotas`, body);
const count = async (b: Browser) => (await b.get('/listings?limit=100')).json().items.length as number;
const csv = (text: string) => multipart([{ filename: 'stock.csv', content: Buffer.from(text), type: 'text/csv', field: 'file' }]);

describe('quotas in accounts mode', () => {
  it('refuses the listing past the monthly limit with 402 and writes nothing; the header counts down; raising the limit lets it through; others are unaffected', async () => {
    const t = await open();
    const admin = await setUpAdmin(t);
    const ann = await inviteUser(t, admin, 'ann@example.org', 'ann-password-123');
    const bob = await inviteUser(t, admin, 'bob@example.org', 'bob-password-123');
    const annId = await userId(ann);

    const set = await setQuotas(admin, annId, { listings: 2 });
    expect(set.statusCode, set.body).toBe(200);
    expect(set.json().quotas.find((q: { metric: string }) => q.metric === 'listings')).toMatchObject({ limit: 2, used: 0, remaining: 2 });

    const first = await ann.post('/listings', { title: 'Veste 1' });
    expect(first.statusCode, first.body).toBe(201);
    expect(first.headers['x-quota-listings-remaining']).toBe('1');
    const second = await ann.post('/listings', { title: 'Veste 2' });
    expect(second.statusCode).toBe(201);
    expect(second.headers['x-quota-listings-remaining']).toBe('0');

    const third = await ann.post('/listings', { title: 'Veste 3' });
    expect(third.statusCode).toBe(402);
    expect(third.json().error).toMatchObject({ code: 'quota_exceeded', details: { quota: 'listings', limit: 2, used: 2 } });
    expect(third.headers['x-quota-listings-remaining']).toBe('0');
    expect(await count(ann)).toBe(2);
    // An import creates items through the same path: refused whole, nothing written.
    const imported = await t.app.inject({ method: 'POST', url: '/import/csv', ...withCookies(ann, csv('titre;prix\nPull marin;18\n')) });
    expect([imported.statusCode, imported.json().error?.code]).toEqual([402, 'quota_exceeded']);
    expect(await count(ann)).toBe(2);

    const mine = (await ann.get('/auth/quotas')).json();
    expect(mine.period).toMatch(/^\d{4}-\d{2}$/);
    expect(mine.quotas.find((q: { metric: string }) => q.metric === 'listings')).toMatchObject({ limit: 2, used: 2, remaining: 0 });
    expect(mine.quotas.find((q: { metric: string }) => q.metric === 'analyses')).toMatchObject({ limit: null, remaining: null });

    // Bob has no limit: no header, no refusal.
    for (let i = 0; i < 3; i++) {
      const res = await bob.post('/listings', { title: `Jean ${i}` });
      expect(res.statusCode).toBe(201);
      expect(res.headers['x-quota-listings-remaining']).toBeUndefined();
    }

    // The admin raises the limit: the user goes on at once, and the CSV import counts its items.
    expect((await setQuotas(admin, annId, { listings: 5 })).statusCode).toBe(200);
    const fourth = await ann.post('/listings', { title: 'Veste 3' });
    expect(fourth.statusCode).toBe(201);
    expect(fourth.headers['x-quota-listings-remaining']).toBe('2');
    const twoMore = await t.app.inject({ method: 'POST', url: '/import/csv', ...withCookies(ann, csv('titre;prix\nPull marin;18\nJean 501;25\n')) });
    expect(twoMore.statusCode, twoMore.body).toBe(200);
    expect(twoMore.headers['x-quota-listings-remaining']).toBe('0');
    expect(await count(ann)).toBe(5);

    // Lifting it (null) is no limit.
    expect((await setQuotas(admin, annId, { listings: null })).json().quotas[0]).toMatchObject({ metric: 'listings', limit: null, used: 5 });
    expect((await ann.post('/listings', { title: 'Veste 6' })).statusCode).toBe(201);
  });

  it('lets only one of two simultaneous creations take the last listing', async () => {
    const t = await open();
    const admin = await setUpAdmin(t);
    const ann = await inviteUser(t, admin, 'ann@example.org', 'ann-password-123');
    expect((await setQuotas(admin, await userId(ann), { listings: 1 })).statusCode).toBe(200);
    const answers = await Promise.all([ann.post('/listings', { title: 'A' }), ann.post('/listings', { title: 'B' })]);
    expect(answers.map((r) => r.statusCode).sort()).toEqual([201, 402]);
    expect(await count(ann)).toBe(1);
  });

  it('refuses a photo upload past the storage limit (402) and stores nothing', async () => {
    const t = await open();
    const admin = await setUpAdmin(t);
    const ann = await inviteUser(t, admin, 'ann@example.org', 'ann-password-123');
    const token = (await ann.post('/auth/tokens', { name: 'script' })).json().token as string;
    const photo = devPhoto(DEV_PHOTOS[0]);
    expect((await setQuotas(admin, await userId(ann), { storage_bytes: photo.length - 1 })).statusCode).toBe(200);
    const upload = () => t.app.inject({ method: 'POST', url: '/photos', ...withBearer(token, multipart([{ filename: 'a.jpg', content: photo }])) });
    const refused = await upload();
    expect(refused.statusCode, refused.body).toBe(402);
    expect(refused.json().error).toMatchObject({ code: 'quota_exceeded', details: { quota: 'storage_bytes', limit: photo.length - 1, used: 0 } });
    expect((await bearer(t, token, 'GET', '/auth/quotas')).json().quotas.find((q: { metric: string }) => q.metric === 'storage_bytes')).toMatchObject({ used: 0 });

    expect((await setQuotas(admin, await userId(ann), { storage_bytes: photo.length })).statusCode).toBe(200);
    const stored = await upload();
    expect(stored.statusCode, stored.body).toBe(201);
    expect(stored.headers['x-quota-storage-remaining']).toBe('0');
  });

  it('keeps quota routes for the signed-in and the admin: others get 404, unknown users 404, bad limits 400', async () => {
    const t = await open();
    const admin = await setUpAdmin(t);
    const ann = await inviteUser(t, admin, 'ann@example.org', 'ann-password-123');
    const annId = await userId(ann);
    expect((await setQuotas(ann, annId, { listings: 1000 })).statusCode).toBe(404);
    expect((await ann.get(`/admin/users/${annId}/quotas`)).statusCode).toBe(404);
    expect((await setQuotas(admin, 'nobody', { listings: 1 })).statusCode).toBe(404);
    expect((await setQuotas(admin, annId, { listings: -1 })).statusCode).toBe(400);
    expect((await setQuotas(admin, annId, { pages: 1 })).statusCode).toBe(400);
    expect((await admin.get(`/admin/users/${annId}/quotas`)).json().quotas).toHaveLength(4);
  });
});

describe('quotas in single-seller mode', () => {
  it('has none: no headers, no quota routes, listings as many as wanted', async () => {
    const t = await createTestApp({ PRICE_DROP_CRON: 'off', PURGE_CRON: 'off' });
    apps.push(t);
    for (let i = 0; i < 3; i++) {
      const res = await t.app.inject({ method: 'POST', url: '/listings', payload: { title: `Veste ${i}` } });
      expect(res.statusCode).toBe(201);
      expect(Object.keys(res.headers).filter((h) => h.startsWith('x-quota-'))).toEqual([]);
    }
    expect((await t.app.inject({ method: 'GET', url: '/auth/quotas' })).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'PUT', url: '/admin/users/seller/quotas', payload: { listings: 1 } })).statusCode).toBe(404);
  });
});

function withCookies(b: Browser, body: { payload: Buffer; headers: Record<string, string> }) {
  const cookie = [...b.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  const csrf = b.cookies.get('vintedbot_csrf');
  return { payload: body.payload, headers: { ...body.headers, host: HOST, origin: `http://${HOST}`, 'sec-fetch-site': 'same-origin', cookie, ...(csrf ? { 'x-csrf-token': csrf } : {}) } };
}

function withBearer(token: string, body: { payload: Buffer; headers: Record<string, string> }) {
  return { payload: body.payload, headers: { ...body.headers, host: HOST, authorization: `Bearer ${token}` } };
}
