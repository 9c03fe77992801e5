import { afterEach, describe, expect, it, vi } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.ts';
import { LOCAL_OWNER_ID } from '../../src/platform/security/owner-scope.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';
import { accountsApp, ADMIN, bearer, Browser, cookieValue, HOST, inviteUser, SELF, setCookies, setUpAdmin } from './helpers.ts';

// AUTH_MODE=accounts, through the real HTTP app on SQLite (or PostgreSQL when DATABASE_URL is set): the first
// admin's set-up, logins and their lock-out, sessions (cookie flags, rotation, logout everywhere), suspension,
// per-user API tokens, invitations and reset links, the admin's routes, and what reaches the logs.

const apps: TestApp[] = [];
afterEach(async () => {
  vi.useRealTimers();
  for (const a of apps.splice(0)) await a.close();
});
const open = async (env: Record<string, string> = {}) => {
  const t = await accountsApp(env);
  apps.push(t);
  return t;
};

describe('accounts mode: the first admin', () => {
  it('asks for the set-up, which works once even when two arrive together, and gives the admin the single-seller owner id', async () => {
    const t = await open();
    const anon = new Browser(t);
    expect((await anon.get('/auth/session')).json()).toMatchObject({ mode: 'accounts', required: true, authenticated: false, user: null, setup_required: true, registration_open: false });
    expect((await anon.get('/listings')).statusCode).toBe(401);

    const [a, b] = [new Browser(t), new Browser(t)];
    const results = await Promise.all([a.post('/auth/setup', ADMIN), b.post('/auth/setup', { ...ADMIN, email: 'other@example.org' })]);
    expect(results.map((r) => r.statusCode).sort()).toEqual([201, 409]);
    expect(results.find((r) => r.statusCode === 409)!.json().error.code).toBe('setup_done');
    const winner = results[0].statusCode === 201 ? a : b;
    const state = (await winner.get('/auth/session')).json();
    expect(state).toMatchObject({ mode: 'accounts', authenticated: true, via: 'session', setup_required: false, user: { id: LOCAL_OWNER_ID, role: 'admin' } });
    expect((await winner.get('/listings')).statusCode).toBe(200);

    const again = await new Browser(t).post('/auth/setup', { email: 'late@example.org', password: 'late-password-123' });
    expect([again.statusCode, again.json().error.code]).toEqual([409, 'setup_done']);
    expect((await winner.get('/admin/users')).json().users).toHaveLength(1);
  });

  it('sets HttpOnly SameSite=Strict cookies (Secure behind an https PUBLIC_URL), stores no session id in clear, and needs the CSRF token for blind changes', async () => {
    const t = await open({ PUBLIC_URL: 'https://vinted.example.org' });
    const b = new Browser(t);
    const res = await b.req('POST', '/auth/setup', ADMIN, { host: 'vinted.example.org', origin: 'https://vinted.example.org' });
    expect(res.statusCode, res.body).toBe(201);
    const cookies = setCookies(res);
    const session = cookies.find((c) => c.startsWith('vintedbot_session='))!;
    expect(session).toMatch(/; HttpOnly/);
    expect(session).toMatch(/; SameSite=Strict/);
    expect(session).toMatch(/; Secure/);
    expect(cookies.find((c) => c.startsWith('vintedbot_csrf='))).not.toMatch(/HttpOnly/);
    const sid = cookieValue(cookies, 'vintedbot_session')!;
    const csrf = cookieValue(cookies, 'vintedbot_csrf')!;
    expect(res.json().csrf_token).toBe(csrf);
    // The database holds the session's hash, never the cookie's value.
    const rows = await t.ctx.db.withTables<{ auth_sessions: { token_hash: string } }>().selectFrom('auth_sessions').select('token_hash').execute();
    expect(rows).toHaveLength(1);
    expect(rows[0].token_hash).not.toContain(sid);
    expect(JSON.stringify(rows)).not.toContain(sid);

    const cookie = `vintedbot_session=${sid}`;
    const blind = await t.app.inject({ method: 'POST', url: '/listings', headers: { host: HOST, cookie, 'content-type': 'application/json' }, payload: JSON.stringify({ title: 'Pull' }) });
    expect([blind.statusCode, blind.json().error.code]).toEqual([403, 'csrf_token_required']);
    const withCsrf = await t.app.inject({ method: 'POST', url: '/listings', headers: { host: HOST, cookie, 'x-csrf-token': csrf, 'content-type': 'application/json' }, payload: JSON.stringify({ title: 'Pull' }) });
    expect(withCsrf.statusCode, withCsrf.body).toBe(201);
    const cross = await t.app.inject({ method: 'POST', url: '/listings', headers: { host: HOST, cookie, origin: 'http://evil.example', 'sec-fetch-site': 'cross-site', 'x-csrf-token': csrf, 'content-type': 'application/json' }, payload: JSON.stringify({ title: 'Pull' }) });
    expect([cross.statusCode, cross.json().error.code]).toEqual([403, 'cross_site_request']);
  });
});

describe('accounts mode: logging in', () => {
  it('locks an account out after repeated wrong passwords with a 429 and Retry-After, even for the right password, and says nothing of unknown accounts', async () => {
    const t = await open({ AUTH_LOCKOUT_FAILURES: '4', AUTH_LOCKOUT_IP_FAILURES: '1000' });
    await setUpAdmin(t);
    const attacker = new Browser(t, '10.0.0.9');
    const codes: Array<[number, string]> = [];
    for (let i = 0; i < 6; i++) {
      const r = await attacker.post('/auth/login', { email: ADMIN.email, password: `wrong-password-${i}` });
      codes.push([r.statusCode, r.json().error.code]);
      if (r.statusCode === 429) expect(Number(r.headers['retry-after'])).toBeGreaterThan(800);
    }
    expect(codes).toEqual([[401, 'invalid_credentials'], [401, 'invalid_credentials'], [401, 'invalid_credentials'], [429, 'login_locked'], [429, 'login_locked'], [429, 'login_locked']]);
    // The account stays locked for its owner too, from another address, until the lock ends.
    const owner = new Browser(t, '10.0.0.1');
    const locked = await owner.post('/auth/login', { email: ADMIN.email, password: ADMIN.password });
    expect([locked.statusCode, locked.json().error.code]).toEqual([429, 'login_locked']);
    expect(locked.json().error.details.params.retry_after_s).toBeGreaterThan(0);
    // An unknown account answers like a wrong password.
    const unknown = await owner.post('/auth/login', { email: 'nobody@example.org', password: 'whatever-123456' });
    expect([unknown.statusCode, unknown.json().error.code]).toEqual([401, 'invalid_credentials']);

    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() + 16 * 60_000 });
    const later = await owner.post('/auth/login', { email: ADMIN.email, password: ADMIN.password });
    expect(later.statusCode, later.body).toBe(200);
  });

  it('locks a client address out after failures across accounts', async () => {
    const t = await open({ AUTH_LOCKOUT_FAILURES: '100', AUTH_LOCKOUT_IP_FAILURES: '3' });
    await setUpAdmin(t);
    const sprayer = new Browser(t, '10.0.0.66');
    const codes: number[] = [];
    for (const email of ['a@example.org', 'b@example.org', 'c@example.org', ADMIN.email]) codes.push((await sprayer.post('/auth/login', { email, password: ADMIN.password })).statusCode);
    expect(codes).toEqual([401, 401, 429, 429]);
    // Another address is not concerned.
    expect((await new Browser(t, '10.0.0.1').post('/auth/login', { email: ADMIN.email, password: ADMIN.password })).statusCode).toBe(200);
  });

  it('rotates the session cookie at login and after AUTH_SESSION_ROTATE_MINUTES; the old one stops working after a short grace', async () => {
    const t = await open({ AUTH_SESSION_ROTATE_MINUTES: '60' });
    const admin = await setUpAdmin(t);
    const first = admin.session!;
    // Logging in again (same browser) gives a new session and ends the one it had.
    const relog = await admin.post('/auth/login', { email: ADMIN.email, password: ADMIN.password });
    expect(relog.statusCode).toBe(200);
    const second = admin.session!;
    expect(second).not.toBe(first);
    expect((await t.app.inject({ method: 'GET', url: '/listings', headers: { host: HOST, cookie: `vintedbot_session=${first}` } })).statusCode).toBe(401);

    // Within the period nothing changes.
    const quiet = await admin.get('/listings');
    expect(setCookies(quiet)).toEqual([]);
    // Past it, the next request gets a new cookie (same CSRF token, later expiry).
    const csrf = admin.cookies.get('vintedbot_csrf');
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() + 61 * 60_000 });
    const rotating = await admin.get('/listings');
    expect(rotating.statusCode).toBe(200);
    const third = cookieValue(setCookies(rotating), 'vintedbot_session')!;
    expect(third).toBeDefined();
    expect(third).not.toBe(second);
    expect(admin.cookies.get('vintedbot_csrf')).toBe(csrf);
    expect(setCookies(rotating).find((c) => c.startsWith('vintedbot_session='))).toMatch(/HttpOnly; Path=\/; SameSite=Strict/);
    // A request already in flight with the previous cookie still passes for a few seconds, then it is refused.
    const old = (cookie: string) => t.app.inject({ method: 'GET', url: '/listings', headers: { host: HOST, cookie: `vintedbot_session=${cookie}` } });
    expect((await old(second)).statusCode).toBe(200);
    vi.setSystemTime(Date.now() + 60_000);
    expect((await old(second)).statusCode).toBe(401);
    expect((await admin.get('/listings')).statusCode).toBe(200);
  });

  it('lists my sessions, ends one, and logs out everywhere', async () => {
    const t = await open();
    await setUpAdmin(t);
    const laptop = new Browser(t);
    const phone = new Browser(t);
    for (const b of [laptop, phone]) expect((await b.req('POST', '/auth/login', { email: ADMIN.email, password: ADMIN.password }, { 'user-agent': b === phone ? 'Phone' : 'Laptop' })).statusCode).toBe(200);
    const list = (await laptop.get('/auth/sessions')).json().sessions;
    expect(list.length).toBe(3); // the set-up's browser too
    expect(list.filter((s: { current: boolean }) => s.current)).toHaveLength(1);
    const phoneRow = list.find((s: { client: string }) => s.client === 'Phone');
    expect((await laptop.del(`/auth/sessions/${phoneRow.id}`)).statusCode).toBe(200);
    expect((await phone.get('/listings')).statusCode).toBe(401);
    expect((await laptop.del(`/auth/sessions/${phoneRow.id}`)).statusCode).toBe(404);

    const out = await laptop.post('/auth/logout-everywhere');
    expect(out.json()).toEqual({ ended: 2 });
    expect(laptop.session).toBeUndefined();
    expect((await laptop.get('/auth/session')).json()).toMatchObject({ authenticated: false });
  });

  it('logs out with DELETE /auth/session', async () => {
    const t = await open();
    const admin = await setUpAdmin(t);
    const sid = admin.session!;
    const out = await admin.del('/auth/session');
    expect(out.json()).toMatchObject({ mode: 'accounts', authenticated: false, user: null });
    expect((await t.app.inject({ method: 'GET', url: '/listings', headers: { host: HOST, cookie: `vintedbot_session=${sid}` } })).statusCode).toBe(401);
  });
});

describe('accounts mode: people', () => {
  it('invites a user by a one-time link; the user logs in, sees no admin route (404), and the link works once', async () => {
    const t = await open();
    const admin = await setUpAdmin(t);
    const inv = await admin.post('/admin/invitations', { email: 'Bea@Example.org' });
    expect(inv.statusCode, inv.body).toBe(201);
    const { url } = inv.json();
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:8001\/invitation#[A-Za-z0-9_-]{43}$/);
    const token = new URL(url).hash.slice(1);
    expect((await admin.get('/admin/invitations')).json().invitations).toMatchObject([{ email: 'bea@example.org', role: 'user' }]);

    const bea = new Browser(t);
    expect((await bea.post('/auth/links/inspect', { token })).json()).toMatchObject({ kind: 'invite', email: 'bea@example.org' });
    const short = await bea.post('/auth/invitations/accept', { token, password: 'short' });
    expect(short.statusCode).toBe(400);
    const accepted = await bea.post('/auth/invitations/accept', { token, password: 'bea-password-123', name: 'Bea' });
    expect(accepted.statusCode, accepted.body).toBe(201);
    expect(accepted.json().user).toMatchObject({ email: 'bea@example.org', name: 'Bea', role: 'user' });
    expect(accepted.json().user.id).not.toBe(LOCAL_OWNER_ID);
    const reuse = await new Browser(t).post('/auth/invitations/accept', { token, password: 'another-password-1' });
    expect([reuse.statusCode, reuse.json().error.code]).toEqual([404, 'link_invalid']);
    expect((await new Browser(t).post('/auth/login', { email: 'BEA@example.org', password: 'bea-password-123' })).statusCode).toBe(200);

    // Admin routes are unknown addresses to her, with the very answer of an unknown address.
    for (const [method, path] of [['GET', '/admin/users'], ['GET', '/admin/figures'], ['POST', '/admin/invitations'], ['POST', `/admin/users/${LOCAL_OWNER_ID}/suspend`], ['DELETE', `/admin/users/${LOCAL_OWNER_ID}`], ['PATCH', '/admin/settings']] as const) {
      const res = await bea.req(method, path, method === 'GET' || method === 'DELETE' ? undefined : { email: 'x@example.org' });
      expect([res.statusCode, res.json().error.code], `${method} ${path}`).toEqual([404, 'route_not_found']);
    }
    const unknown = await bea.get('/admin/nothing-here');
    expect(unknown.json().error.code).toBe('route_not_found');
    // An invitation for an existing account is refused.
    expect((await admin.post('/admin/invitations', { email: 'bea@example.org' })).json().error.code).toBe('email_taken');
  });

  it("refuses a suspended user's live session and tokens at once, and takes them back when unsuspended", async () => {
    const t = await open();
    const admin = await setUpAdmin(t);
    const bea = await inviteUser(t, admin, 'bea@example.org', 'bea-password-123');
    const token = (await bea.post('/auth/tokens', { name: 'script' })).json().token;
    expect((await bearer(t, token, 'GET', '/listings')).statusCode).toBe(200);
    const id = (await bea.get('/auth/session')).json().user.id;

    const s = await admin.post(`/admin/users/${id}/suspend`);
    expect(s.json()).toMatchObject({ id, status: 'suspended' });
    expect((await bea.get('/listings')).statusCode).toBe(401);
    expect((await bearer(t, token, 'GET', '/listings')).statusCode).toBe(401);
    const login = await new Browser(t).post('/auth/login', { email: 'bea@example.org', password: 'bea-password-123' });
    expect([login.statusCode, login.json().error.code]).toEqual([403, 'account_suspended']);
    // Not yourself.
    expect((await admin.post(`/admin/users/${LOCAL_OWNER_ID}/suspend`)).json().error.code).toBe('cannot_change_self');

    expect((await admin.post(`/admin/users/${id}/unsuspend`)).json().status).toBe('active');
    expect((await bearer(t, token, 'GET', '/listings')).statusCode).toBe(200);
    expect((await bea.get('/listings')).statusCode).toBe(401); // her sessions ended with the suspension
  });

  it('gives a script its own API token (shown once, stored hashed), which acts as its user until revoked', async () => {
    const t = await open();
    const admin = await setUpAdmin(t);
    const created = await admin.post('/auth/tokens', { name: 'Inventory sync' });
    expect(created.statusCode).toBe(201);
    const { id, token, hint } = created.json();
    expect(token).toMatch(/^vbt_[A-Za-z0-9_-]{43}$/);
    expect(token.endsWith(hint)).toBe(true);
    const listed = (await admin.get('/auth/tokens')).json().tokens;
    expect(listed).toMatchObject([{ id, name: 'Inventory sync', hint }]);
    expect(JSON.stringify(listed)).not.toContain(token);
    const rows = await t.ctx.db.withTables<{ user_api_tokens: { token_hash: string } }>().selectFrom('user_api_tokens').selectAll().execute();
    expect(JSON.stringify(rows)).not.toContain(token.slice(4));

    const me = await bearer(t, token, 'GET', '/auth/session');
    expect(me.json()).toMatchObject({ authenticated: true, via: 'token', user: { id: LOCAL_OWNER_ID } });
    // A script's change needs no CSRF token: it carries no cookie.
    expect((await bearer(t, token, 'POST', '/listings', { title: 'Veste' })).statusCode).toBe(201);
    expect((await bearer(t, `${token.slice(0, -1)}x`, 'GET', '/listings')).statusCode).toBe(401);

    expect((await admin.del(`/auth/tokens/${id}`)).statusCode).toBe(200);
    const revoked = await bearer(t, token, 'GET', '/listings');
    expect([revoked.statusCode, revoked.json().error.code]).toEqual([401, 'unauthorized']);
    expect((await admin.del(`/auth/tokens/${id}`)).statusCode).toBe(404);
  });

  it("resets a password by the admin's one-time link: the user's sessions end, the new password works, the old one does not", async () => {
    const t = await open();
    const admin = await setUpAdmin(t);
    const bea = await inviteUser(t, admin, 'bea@example.org', 'bea-password-123');
    const id = (await bea.get('/auth/session')).json().user.id;
    const link = (await admin.post(`/admin/users/${id}/reset-link`)).json();
    expect(link).toMatchObject({ kind: 'reset', email: 'bea@example.org' });
    expect(link.url).toMatch(/\/mot-de-passe#/);
    const token = new URL(link.url).hash.slice(1);
    const fresh = new Browser(t);
    expect((await fresh.post('/auth/links/inspect', { token })).json()).toMatchObject({ kind: 'reset', email: 'bea@example.org' });
    const done = await fresh.post('/auth/password-reset', { token, password: 'new-bea-password-1' });
    expect(done.statusCode, done.body).toBe(200);
    expect(done.json().user.id).toBe(id);
    expect((await bea.get('/listings')).statusCode).toBe(401);
    expect((await new Browser(t).post('/auth/login', { email: 'bea@example.org', password: 'bea-password-123' })).statusCode).toBe(401);
    expect((await new Browser(t).post('/auth/login', { email: 'bea@example.org', password: 'new-bea-password-1' })).statusCode).toBe(200);
    expect((await fresh.post('/auth/password-reset', { token, password: 'third-password-12' })).json().error.code).toBe('link_invalid');
  });

  it('changes my password with the current one and ends my other sessions', async () => {
    const t = await open();
    const admin = await setUpAdmin(t);
    const other = new Browser(t);
    await other.post('/auth/login', { email: ADMIN.email, password: ADMIN.password });
    const wrong = await admin.post('/auth/password', { current_password: 'not-it-123456', new_password: 'brand-new-pass-1' });
    expect([wrong.statusCode, wrong.json().error.code]).toEqual([403, 'wrong_password']);
    expect((await admin.post('/auth/password', { current_password: ADMIN.password, new_password: 'brand-new-pass-1' })).statusCode).toBe(200);
    expect((await admin.get('/listings')).statusCode).toBe(200);
    expect((await other.get('/listings')).statusCode).toBe(401);
  });

  it('lets people register only once the admin opens registration', async () => {
    const t = await open();
    const early = await new Browser(t).post('/auth/register', { email: 'x@example.org', password: 'x-password-1234' });
    expect(early.json().error.code).toBe('setup_required');
    const admin = await setUpAdmin(t);
    const closed = await new Browser(t).post('/auth/register', { email: 'x@example.org', password: 'x-password-1234' });
    expect([closed.statusCode, closed.json().error.code]).toEqual([403, 'registration_closed']);
    expect((await admin.patch('/admin/settings', { registration_open: true })).json()).toEqual({ registration_open: true });
    expect((await new Browser(t).get('/auth/session')).json().registration_open).toBe(true);
    const joined = await new Browser(t).post('/auth/register', { email: 'x@example.org', password: 'x-password-1234', name: 'Xavier' });
    expect(joined.statusCode, joined.body).toBe(201);
    expect(joined.json().user).toMatchObject({ email: 'x@example.org', role: 'user' });
    expect((await new Browser(t).post('/auth/register', { email: 'X@example.org', password: 'x-password-1234' })).json().error.code).toBe('email_taken');
  });

  it('manages users: roles, figures, deletion, and never leaves the platform without an active admin', async () => {
    const t = await open();
    const admin = await setUpAdmin(t);
    const bea = await inviteUser(t, admin, 'bea@example.org', 'bea-password-123');
    const beaId = (await bea.get('/auth/session')).json().user.id;
    expect((await admin.get('/admin/figures')).json()).toMatchObject({ users: 2, admins: 1, suspended: 0, active_7d: 2 });
    expect((await admin.patch(`/admin/users/${beaId}`, { role: 'admin' })).json()).toMatchObject({ role: 'admin' });
    expect((await bea.get('/admin/users')).statusCode).toBe(200);
    expect((await admin.del(`/admin/users/${LOCAL_OWNER_ID}?data=delete`)).json().error.code).toBe('cannot_change_self');
    expect((await admin.patch(`/admin/users/${LOCAL_OWNER_ID}`, { role: 'user' })).json().error.code).toBe('cannot_change_self');
    expect((await bea.del(`/admin/users/${LOCAL_OWNER_ID}?data=delete`)).statusCode).toBe(200);
    // The last active admin cannot be removed, whoever asks (the service refuses even a caller that is not one).
    await expect(t.ctx.accounts.admins.deleteUser('someone-else', beaId, { data: 'delete' })).rejects.toMatchObject({ code: 'last_admin' });
    await expect(t.ctx.accounts.admins.setRole('someone-else', beaId, 'user')).rejects.toMatchObject({ code: 'last_admin' });
    expect((await bea.get('/admin/users')).json().users.map((u: { email: string }) => u.email)).toEqual(['bea@example.org']);
    expect((await admin.get('/listings')).statusCode).toBe(401); // a deleted user's session is gone
  });

  it('keeps passwords, session ids and tokens out of the logs', async () => {
    const t = await open({ LOG_LEVEL: 'trace' });
    const admin = await setUpAdmin(t);
    const bea = await inviteUser(t, admin, 'bea@example.org', 'bea-password-123');
    await new Browser(t).post('/auth/login', { email: 'bea@example.org', password: 'wrong-password-0' });
    const token = (await bea.post('/auth/tokens', { name: 's' })).json().token;
    await bearer(t, token, 'GET', '/listings');
    const reset = (await admin.post(`/admin/users/${LOCAL_OWNER_ID}/reset-link`)).json().url;
    await bea.post('/auth/password', { current_password: 'bea-password-123', new_password: 'bea-password-456' });
    t.ctx.log.info({ password: 'logged-by-mistake-1', body: { password: 'nested-mistake-12', new_password: 'nested-mistake-34' } }, 'redaction probe');
    // The admin reads the same lines back, redacted, filtered by level and text.
    const read = await admin.get('/admin/log?level=warn&q=login_failed');
    expect(read.statusCode).toBe(200);
    expect(read.json().entries.length).toBeGreaterThan(0);
    expect(read.json().entries.every((e: { level: number; event?: string }) => e.level >= 40 && e.event === 'login_failed')).toBe(true);
    const all = JSON.stringify((await admin.get('/admin/log?level=trace&limit=2000')).json());
    expect(all).toContain('redaction probe');
    expect((await bea.get('/admin/log')).statusCode).toBe(404);
    const logs = t.logs.join('') + all;
    expect(logs).toContain('"event":"login_failed"');
    for (const secret of [ADMIN.password, 'bea-password-123', 'bea-password-456', 'wrong-password-0', token, token.slice(4), admin.session!, bea.session!, new URL(reset).hash.slice(1), 'logged-by-mistake-1', 'nested-mistake-12', 'nested-mistake-34']) {
      expect(logs, secret).not.toContain(secret);
    }
  });
});

describe('single-seller mode', () => {
  it('keeps the accounts routes unknown and says it is single mode', async () => {
    const t = await createTestApp({ PRICE_DROP_CRON: 'off', PURGE_CRON: 'off' });
    apps.push(t);
    const b = new Browser(t);
    expect((await b.get('/auth/session')).json()).toMatchObject({ mode: 'single', required: false, authenticated: true, user: null, setup_required: false });
    for (const [method, path] of [['POST', '/auth/setup'], ['POST', '/auth/login'], ['POST', '/auth/register'], ['GET', '/admin/users'], ['GET', '/auth/tokens']] as const) {
      const res = await b.req(method, path, method === 'POST' ? ADMIN : undefined);
      expect([res.statusCode, res.json().error.code], `${method} ${path}`).toEqual([404, 'route_not_found']);
    }
    expect((await b.get('/listings')).statusCode).toBe(200);
  });

  it('with API_TOKEN, still asks for the token first', async () => {
    const t = await createTestApp({ API_TOKEN: 'test-token-0123456789abcdef', PRICE_DROP_CRON: 'off', PURGE_CRON: 'off' });
    apps.push(t);
    const res = await new Browser(t).post('/auth/setup', ADMIN);
    expect([res.statusCode, res.json().error.code]).toEqual([401, 'unauthorized']);
    const withToken = await t.app.inject({ method: 'POST', url: '/auth/setup', headers: { host: HOST, origin: SELF, authorization: 'Bearer test-token-0123456789abcdef', 'content-type': 'application/json' }, payload: JSON.stringify(ADMIN) });
    expect(withToken.statusCode).toBe(404);
  });
});

describe('accounts mode: configuration', () => {
  it('needs no API_TOKEN to listen beyond loopback, and refuses one (each person has their own tokens)', () => {
    expect(loadConfig({ AUTH_MODE: 'accounts', HOST: '0.0.0.0' }).AUTH_MODE).toBe('accounts');
    expect(() => loadConfig({ HOST: '0.0.0.0' })).toThrow(ConfigError);
    expect(() => loadConfig({ AUTH_MODE: 'accounts', API_TOKEN: 'test-token-0123456789abcdef' })).toThrow(/unset API_TOKEN/);
    expect(() => loadConfig({ AUTH_MODE: 'several' })).toThrow(ConfigError);
    expect(loadConfig({}).AUTH_MODE).toBe('single');
  });
});
