import type { InjectOptions } from 'fastify';
import sharp from 'sharp';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';

// One budget per client (the token's holder, each web session, else the address: X-Forwarded-For's only when
// TRUST_PROXY says so), and photos and the app's files are not counted.

const TOKEN = 'test-token-0123456789abcdef';
let t: TestApp | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

const statuses = async (n: number, req: InjectOptions) => {
  const out: number[] = [];
  for (let i = 0; i < n; i++) out.push((await t!.app.inject(req)).statusCode);
  return out;
};

async function session(app: TestApp) {
  const res = await app.app.inject({ method: 'POST', url: '/auth/session', headers: { 'content-type': 'application/json' }, payload: JSON.stringify({ token: TOKEN }) });
  const cookies = res.headers['set-cookie'] as string[];
  return cookies.map((c) => c.split(';')[0]).join('; ');
}

describe('rate limit', () => {
  it('keys on the session or token, not on the shared address', async () => {
    t = await createTestApp({ API_TOKEN: TOKEN, RATE_LIMIT_MAX: '3', PRICE_DROP_CRON: 'off', PURGE_CRON: 'off' });
    const a = await session(t);
    const b = await session(t);
    expect(await statuses(4, { url: '/listings', headers: { cookie: a } })).toEqual([200, 200, 200, 429]);
    // Another browser on the same machine (same address) has its own budget, and so has an API client.
    expect(await statuses(3, { url: '/listings', headers: { cookie: b } })).toEqual([200, 200, 200]);
    expect(await statuses(3, { url: '/listings', headers: { authorization: `Bearer ${TOKEN}` } })).toEqual([200, 200, 200]);
    // Made-up credentials do not buy a fresh budget: they count against the address.
    expect(await statuses(4, { url: '/listings', headers: { authorization: 'Bearer made-up-token-0000000001' } })).toEqual([401, 401, 401, 429]);
    expect(await statuses(1, { url: '/listings', headers: { authorization: 'Bearer made-up-token-0000000002' } })).toEqual([429]);
  });

  it('keys on X-Forwarded-For only behind a trusted proxy', async () => {
    t = await createTestApp({ RATE_LIMIT_MAX: '2', TRUST_PROXY: '1', PRICE_DROP_CRON: 'off', PURGE_CRON: 'off' });
    expect(await statuses(3, { url: '/listings', headers: { 'x-forwarded-for': '203.0.113.7' } })).toEqual([200, 200, 429]);
    expect(await statuses(2, { url: '/listings', headers: { 'x-forwarded-for': '203.0.113.8' } })).toEqual([200, 200]);
    // The proxy appends the real client last: a forged first entry changes nothing.
    expect(await statuses(1, { url: '/listings', headers: { 'x-forwarded-for': '198.51.100.1, 203.0.113.7' } })).toEqual([429]);
    await t.close();
    t = await createTestApp({ RATE_LIMIT_MAX: '2', PRICE_DROP_CRON: 'off', PURGE_CRON: 'off' });
    // Without TRUST_PROXY the header is the client's say-so: ignored.
    expect(await statuses(1, { url: '/listings', headers: { 'x-forwarded-for': '203.0.113.7' } })).toEqual([200]);
    expect(await statuses(2, { url: '/listings', headers: { 'x-forwarded-for': '203.0.113.8' } })).toEqual([200, 429]);
  });

  it('does not count photos, thumbnails, the app\'s files or the docs\' files', async () => {
    t = await createTestApp({ RATE_LIMIT_MAX: '2', PRICE_DROP_CRON: 'off', PURGE_CRON: 'off' });
    const jpeg = await sharp({ create: { width: 64, height: 80, channels: 3, background: '#2980b9' } }).jpeg().toBuffer();
    const [photo] = await t.ctx.photos.ingestFiles([{ buffer: jpeg, filename: 'a.jpg' }]);
    expect(await statuses(5, { url: `/photos/${photo.id}/thumb` })).toEqual([200, 200, 200, 200, 200]);
    expect(await statuses(5, { url: `/photos/${photo.id}` })).toEqual([200, 200, 200, 200, 200]);
    expect((await statuses(5, { url: '/docs/static/swagger-ui.css' })).every((s) => s === 200)).toBe(true);
    // Pages and files of the web app (404 here when it is not built: still not counted).
    expect((await statuses(5, { url: '/assets/index-abc123.js' })).every((s) => s !== 429)).toBe(true);
    expect(await statuses(3, { url: '/listings' })).toEqual([200, 200, 429]);
  });
});
