import { afterEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';

// With API_TOKEN the web app logs in once (POST /auth/session) and then rides on an HttpOnly, SameSite=Strict
// cookie; API clients keep `Authorization: Bearer`.

const TOKEN = 'test-token-0123456789abcdef';
const HOST = '127.0.0.1:8001';
const SELF = `http://${HOST}`;
const apps: TestApp[] = [];
afterEach(async () => {
  for (const a of apps.splice(0)) await a.close();
});

async function app(env: Record<string, string> = {}, opts: { dataDir?: string } = {}) {
  const t = await createTestApp({ API_TOKEN: TOKEN, PRICE_DROP_CRON: 'off', PURGE_CRON: 'off', ...env }, opts);
  apps.push(t);
  return t;
}

const setCookies = (res: { headers: Record<string, unknown> }) => {
  const v = res.headers['set-cookie'];
  return (Array.isArray(v) ? v : v ? [v] : []) as string[];
};
const cookieValue = (cookies: string[], name: string) => cookies.find((c) => c.startsWith(`${name}=`))!.split(';')[0].slice(name.length + 1);

async function login(t: TestApp, token = TOKEN) {
  return t.app.inject({ method: 'POST', url: '/auth/session', headers: { host: HOST, origin: SELF, 'sec-fetch-site': 'same-origin', 'content-type': 'application/json' }, payload: JSON.stringify({ token }) });
}

describe('web app session', () => {
  it('logs in with the token, sets a HttpOnly SameSite=Strict cookie, serves the API with it, and logs out', async () => {
    const t = await app();
    const wrong = await login(t, 'not-the-token-0000000000');
    expect([wrong.statusCode, wrong.json().error.code]).toEqual([401, 'invalid_token']);
    expect(setCookies(wrong)).toEqual([]);

    const res = await login(t);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    const cookies = setCookies(res);
    const session = cookies.find((c) => c.startsWith('vintedbot_session='))!;
    const csrfCookie = cookies.find((c) => c.startsWith('vintedbot_csrf='))!;
    expect(session).toMatch(/; HttpOnly/);
    expect(session).toMatch(/; SameSite=Strict/);
    expect(session).toMatch(/; Path=\//);
    expect(session).toMatch(/; Max-Age=\d+/);
    expect(session).not.toMatch(/; Secure/); // plain http on this machine
    expect(csrfCookie).toMatch(/; SameSite=Strict/);
    expect(csrfCookie).not.toMatch(/HttpOnly/); // the app reads it to send X-CSRF-Token
    const sid = cookieValue(cookies, 'vintedbot_session');
    const csrf = cookieValue(cookies, 'vintedbot_csrf');
    expect(res.json()).toMatchObject({ required: true, authenticated: true, via: 'session', csrf_token: csrf });
    // The token itself appears in no cookie and no log.
    expect(cookies.join('\n')).not.toContain(TOKEN);

    const cookie = `vintedbot_session=${sid}; vintedbot_csrf=${csrf}`;
    const fromApp = { host: HOST, cookie, origin: SELF, 'sec-fetch-site': 'same-origin' };
    expect((await t.app.inject({ method: 'GET', url: '/listings', headers: { host: HOST, cookie } })).statusCode).toBe(200);
    expect((await t.app.inject({ method: 'GET', url: '/auth/session', headers: { host: HOST, cookie } })).json()).toMatchObject({ authenticated: true, via: 'session', csrf_token: csrf });
    const created = await t.app.inject({ method: 'POST', url: '/listings', headers: { ...fromApp, 'content-type': 'application/json' }, payload: JSON.stringify({ title: 'Pull Zara M' }) });
    expect(created.statusCode, created.body).toBe(201);

    // A change carried by the cookie alone, from a client that proves no origin, needs the CSRF token.
    const blind = await t.app.inject({ method: 'POST', url: '/listings', headers: { host: HOST, cookie, 'content-type': 'application/json' }, payload: JSON.stringify({ title: 'Pull Zara L' }) });
    expect([blind.statusCode, blind.json().error.code]).toEqual([403, 'csrf_token_required']);
    const badCsrf = await t.app.inject({ method: 'POST', url: '/listings', headers: { host: HOST, cookie, 'x-csrf-token': 'A'.repeat(43), 'content-type': 'application/json' }, payload: JSON.stringify({ title: 'Pull Zara L' }) });
    expect(badCsrf.statusCode).toBe(403);
    const withCsrf = await t.app.inject({ method: 'POST', url: '/listings', headers: { host: HOST, cookie, 'x-csrf-token': csrf, 'content-type': 'application/json' }, payload: JSON.stringify({ title: 'Pull Zara L' }) });
    expect(withCsrf.statusCode).toBe(201);
    // Another site's page does not get through with the cookie either (the browser would not even send it).
    const cross = await t.app.inject({ method: 'POST', url: '/listings', headers: { host: HOST, cookie, origin: 'http://evil.example', 'sec-fetch-site': 'cross-site', 'x-csrf-token': csrf, 'content-type': 'application/json' }, payload: JSON.stringify({ title: 'Pull piégé' }) });
    expect([cross.statusCode, cross.json().error.code]).toEqual([403, 'cross_site_request']);

    // A forged or altered cookie is nobody.
    const forged = `vintedbot_session=${sid.slice(0, -2)}${sid.endsWith('AA') ? 'BB' : 'AA'}`;
    expect((await t.app.inject({ method: 'GET', url: '/listings', headers: { host: HOST, cookie: forged } })).statusCode).toBe(401);
    const [id, exp, mac] = sid.split('.');
    expect((await t.app.inject({ method: 'GET', url: '/listings', headers: { host: HOST, cookie: `vintedbot_session=${id}.${Number(exp) + 86_400}.${mac}` } })).statusCode).toBe(401);

    // Logout revokes the session and clears both cookies.
    const out = await t.app.inject({ method: 'DELETE', url: '/auth/session', headers: fromApp });
    expect(out.statusCode).toBe(200);
    const cleared = setCookies(out);
    expect(cleared.find((c) => c.startsWith('vintedbot_session=;'))).toMatch(/Max-Age=0/);
    expect(cleared.find((c) => c.startsWith('vintedbot_csrf=;'))).toMatch(/Max-Age=0/);
    const after = await t.app.inject({ method: 'GET', url: '/listings', headers: { host: HOST, cookie } });
    expect([after.statusCode, after.json().error.code]).toEqual([401, 'unauthorized']);
    expect((await t.app.inject({ method: 'GET', url: '/auth/session', headers: { host: HOST, cookie } })).json()).toMatchObject({ required: true, authenticated: false, via: null });

    // API clients keep the bearer token.
    expect((await t.app.inject({ method: 'GET', url: '/listings', headers: { host: HOST, authorization: `Bearer ${TOKEN}` } })).statusCode).toBe(200);
    expect(t.logs.join('')).not.toContain(TOKEN);
    expect(t.logs.join('')).not.toContain(sid);
  });

  it('ends every session when API_TOKEN changes, and marks cookies Secure behind an https PUBLIC_URL', async () => {
    const a = await app({ PUBLIC_URL: 'https://vinted.example.org' });
    const res = await login(a);
    const cookies = setCookies(res);
    expect(cookies.every((c) => c.includes('; Secure'))).toBe(true);
    const cookie = `vintedbot_session=${cookieValue(cookies, 'vintedbot_session')}`;
    const dataDir = a.dataDir;
    await a.close();
    apps.splice(0);
    const b = await createTestApp({ API_TOKEN: 'another-token-0123456789', PRICE_DROP_CRON: 'off', PURGE_CRON: 'off' }, { dataDir });
    apps.push(b);
    expect((await b.app.inject({ method: 'GET', url: '/listings', headers: { host: HOST, cookie } })).statusCode).toBe(401);
  });

  it('answers /health, /ready and their trailing-slash forms without the token; the rest needs it', async () => {
    const t = await app();
    for (const url of ['/health', '/health/', '/ready', '/ready/', '/auth/session', '/auth/session/']) {
      expect((await t.app.inject({ method: 'GET', url })).statusCode, url).toBe(200);
    }
    for (const url of ['/listings', '/listings/', '/export/backup', '/health/../listings', '/healthz']) {
      expect((await t.app.inject({ method: 'GET', url })).statusCode, url).not.toBe(200);
    }
    // Without a token there is nothing to log in to.
    const open = await createTestApp({ PRICE_DROP_CRON: 'off', PURGE_CRON: 'off' });
    apps.push(open);
    expect((await open.app.inject({ method: 'GET', url: '/auth/session' })).json()).toMatchObject({ required: false, authenticated: true });
    const none = await login(open);
    expect([none.statusCode, none.json().error.code]).toEqual([409, 'auth_not_enabled']);
  });
});
