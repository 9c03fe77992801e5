import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { startFakeOidc, type FakeOidc } from '../fakes/fake-oidc.ts';
import type { TestApp } from '../helpers/test-app.ts';
import { HttpBrowser } from './google-browser.ts';
import { accountsApp, Browser, inviteUser, setUpAdmin } from './helpers.ts';

// Sign in with Google (issue 20 point 2) against a fake OpenID provider on a local port, with the app listening on
// another: every redirect is followed over real HTTP, as a browser would, and the provider really checks the client
// secret, the code and the PKCE verifier and signs the ID token.

async function listen(t: TestApp): Promise<string> {
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  return `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
}

const SESSION = 'vintedbot_session';
const errorOf = (landed: URL) => landed.searchParams.get('auth_error');

describe('Sign in with Google', () => {
  let google: FakeOidc;
  let t: TestApp;
  let origin: string;
  let admin: Browser;
  const codesSeen: string[] = [];

  /** A new browser signs in at Google as `who`: where it lands, and the browser (with its cookies). */
  const signIn = async (who: Parameters<FakeOidc['signInAs']>[0]) => {
    google.signInAs(who);
    const b = new HttpBrowser(origin);
    const { hops, landed } = await b.navigate('/auth/google');
    for (const h of hops) {
      const code = h.location ? new URL(h.location, origin).searchParams.get('code') : null;
      if (code) codesSeen.push(code);
    }
    return { b, hops, landed };
  };
  const sessionOf = async (b: HttpBrowser) => (await (await b.get('/auth/session')).json()) as { authenticated: boolean; user: { email: string; name: string; role: string } | null; google_sign_in: boolean };
  const userCount = async () => ((await admin.get('/admin/users')).json().users as unknown[]).length;

  beforeAll(async () => {
    google = await startFakeOidc();
    t = await accountsApp({ GOOGLE_CLIENT_ID: google.clientId, GOOGLE_CLIENT_SECRET: google.clientSecret, GOOGLE_ISSUER: google.issuer });
    origin = await listen(t);
    admin = await setUpAdmin(t);
    await inviteUser(t, admin, 'lea@example.org', 'lea-password-123');
  });
  afterAll(async () => {
    await t.close();
    await google.close();
  });

  it('tells the login page that Google is offered', async () => {
    const s = await sessionOf(new HttpBrowser(origin));
    expect(s).toMatchObject({ authenticated: false, google_sign_in: true });
  });

  it('sends the browser to Google with state, nonce and PKCE, keeping them sealed in an HttpOnly cookie', async () => {
    const b = new HttpBrowser(origin);
    const res = await b.get('/auth/google');
    expect(res.status).toBe(302);
    const to = new URL(res.hop.location!);
    expect(to.origin + to.pathname).toBe(`${google.issuer}/authorize`);
    const q = to.searchParams;
    expect(q.get('client_id')).toBe(google.clientId);
    expect(q.get('redirect_uri')).toBe(`${origin}/auth/google/callback`);
    expect(q.get('code_challenge_method')).toBe('S256');
    expect(q.get('scope')).toBe('openid email profile');
    for (const k of ['state', 'nonce', 'code_challenge']) expect(q.get(k)).toMatch(/^[A-Za-z0-9_-]{32,}$/);
    const cookie = res.hop.setCookies.find((c) => c.startsWith('vintedbot_oidc='))!;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(cookie).toMatch(/Path=\/auth\/google/);
    expect(cookie).toMatch(/Max-Age=600/);
    // Sealed: neither the state nor the nonce can be read from it.
    const sealed = b.cookie('vintedbot_oidc')!;
    expect(sealed).not.toContain(q.get('state')!);
    expect(Buffer.from(sealed.replace(/\./g, ''), 'base64url').toString('latin1')).not.toContain(q.get('nonce')!);
  });

  it('signs an existing account in by its verified email, then by its Google identity whatever the address', async () => {
    const first = await signIn({ sub: 'google-lea', email: 'Lea@Example.org', name: 'Léa G.' });
    expect(first.landed.href).toBe(`${origin}/`);
    expect(first.b.cookie(SESSION)).toBeTruthy();
    expect(first.b.cookie('vintedbot_oidc')).toBeUndefined();
    expect(await sessionOf(first.b)).toMatchObject({ authenticated: true, user: { email: 'lea@example.org', role: 'user' } });
    // The token request carried the PKCE verifier and the client's credentials, and the provider accepted them.
    const tokenCall = google.tokenRequests.at(-1)!;
    expect(tokenCall.status).toBe(200);
    expect(tokenCall.form.get('code_verifier')).toMatch(/^[A-Za-z0-9_-]{43,}$/);
    expect(tokenCall.form.get('redirect_uri')).toBe(`${origin}/auth/google/callback`);
    // Her account page says which Google address is linked; the admin's account has none.
    expect(await (await first.b.get('/auth/google/link')).json()).toMatchObject({ linked: true, email: 'lea@example.org' });
    expect((await admin.get('/auth/google/link')).json()).toEqual({ linked: false, email: null, linked_at: null });
    expect((await new HttpBrowser(origin).get('/auth/google/link')).status).toBe(401);

    // Linked: a later sign-in with another address at Google still opens Léa's account (the `sub` matches first).
    const again = await signIn({ sub: 'google-lea', email: 'lea.new@gmail.example' });
    expect(again.landed.pathname).toBe('/');
    expect((await sessionOf(again.b)).user).toMatchObject({ email: 'lea@example.org' });
    // Her password still works beside Google.
    expect((await new Browser(t).post('/auth/login', { email: 'lea@example.org', password: 'lea-password-123' })).statusCode).toBe(200);
  });

  it('refuses another Google identity for an account already linked', async () => {
    const n = await userCount();
    const r = await signIn({ sub: 'google-someone-else', email: 'lea@example.org' });
    expect(errorOf(r.landed)).toBe('google_account_mismatch');
    expect(r.b.cookie(SESSION)).toBeUndefined();
    expect(await userCount()).toBe(n);
  });

  it('refuses an unknown address while registration is closed, and creates the account of an invited one', async () => {
    const n = await userCount();
    const refused = await signIn({ sub: 'google-zoe', email: 'zoe@example.org' });
    expect(refused.landed.pathname).toBe('/');
    expect(errorOf(refused.landed)).toBe('google_no_account');
    expect(refused.b.cookie(SESSION)).toBeUndefined();
    expect(await userCount()).toBe(n);

    expect((await admin.post('/admin/invitations', { email: 'zoe@example.org', role: 'user' })).statusCode).toBe(201);
    const welcomed = await signIn({ sub: 'google-zoe', email: 'zoe@example.org', name: 'Zoé' });
    expect(errorOf(welcomed.landed)).toBeNull();
    expect(await sessionOf(welcomed.b)).toMatchObject({ authenticated: true, user: { email: 'zoe@example.org', name: 'Zoé', role: 'user' } });
    expect(await userCount()).toBe(n + 1);
    // The invitation is spent.
    expect((await admin.get('/admin/invitations')).json().invitations).toEqual([]);
  });

  it('creates an account for an unknown verified address when registration is open', async () => {
    expect((await admin.patch('/admin/settings', { registration_open: true })).statusCode).toBe(200);
    try {
      const r = await signIn({ sub: 'google-max', email: 'max@example.org' });
      expect(await sessionOf(r.b)).toMatchObject({ authenticated: true, user: { email: 'max@example.org', name: 'max', role: 'user' } });
    } finally {
      await admin.patch('/admin/settings', { registration_open: false });
    }
  });

  it('lets a person made through Google choose a first password once, from a recent sign-in, then asks for it like anyone', async () => {
    /** The same browser's cookies, for the JSON routes (same origin). */
    const asBrowser = (b: HttpBrowser) => Object.assign(new Browser(t), { cookies: new Map(Object.entries(b.cookies())) });
    expect((await admin.post('/admin/invitations', { email: 'nina@example.org', role: 'user' })).statusCode).toBe(201);
    const old = asBrowser((await signIn({ sub: 'google-nina', email: 'nina@example.org' })).b);
    const state = (await old.get('/auth/password')).json();
    expect(state.password_set).toBe(false);
    expect(Date.parse(state.recent_sign_in_until)).toBeGreaterThan(Date.now());
    // Accounts with a password (the admin's, Léa's made by invitation and linked later) have one.
    expect((await admin.get('/auth/password')).json()).toMatchObject({ password_set: true });

    // Her sign-in is 11 minutes old: a session left open cannot give the account a password.
    const user = (await admin.get('/admin/users')).json().users.find((u: { email: string }) => u.email === 'nina@example.org');
    await t.ctx.db.withTables<{ auth_sessions: { user_id: string; created_at: string } }>().updateTable('auth_sessions')
      .set({ created_at: new Date(Date.now() - 11 * 60_000).toISOString() }).where('user_id', '=', user.id).execute();
    const stale = await old.post('/auth/password', { new_password: 'nina-password-123' });
    expect(stale.statusCode).toBe(403);
    expect(stale.json().error.code).toBe('recent_sign_in_required');
    expect((await new Browser(t).post('/auth/login', { email: 'nina@example.org', password: 'nina-password-123' })).statusCode).toBe(401);

    // Signed in again with Google: she sets it without a current password, and her other sessions end.
    const fresh = asBrowser((await signIn({ sub: 'google-nina', email: 'nina@example.org' })).b);
    expect((await fresh.post('/auth/password', { new_password: 'nina-password-123' })).statusCode).toBe(200);
    expect((await fresh.get('/auth/password')).json().password_set).toBe(true);
    expect((await old.get('/auth/session')).json().authenticated).toBe(false);
    expect((await new Browser(t).post('/auth/login', { email: 'nina@example.org', password: 'nina-password-123' })).statusCode).toBe(200);

    // Once: from now on a change needs the current password.
    const again = await fresh.post('/auth/password', { new_password: 'nina-other-password' });
    expect(again.statusCode).toBe(400);
    expect(again.json().error.code).toBe('current_password_required');
    expect((await fresh.post('/auth/password', { current_password: 'wrong-password-1', new_password: 'nina-other-password' })).json().error.code).toBe('wrong_password');
    expect((await fresh.post('/auth/password', { current_password: 'nina-password-123', new_password: 'nina-other-password' })).statusCode).toBe(200);
    const noCurrent = await admin.post('/auth/password', { new_password: 'admin-password-456' });
    expect(noCurrent.json().error.code).toBe('current_password_required');
  });

  it('refuses an address Google has not verified, even for an existing account', async () => {
    const r = await signIn({ sub: 'google-admin', email: 'admin@example.org', email_verified: false });
    expect(errorOf(r.landed)).toBe('google_email_unverified');
    expect(r.b.cookie(SESSION)).toBeUndefined();
  });

  it('refuses a suspended account', async () => {
    const users = (await admin.get('/admin/users')).json().users as { id: string; email: string }[];
    const lea = users.find((u) => u.email === 'lea@example.org')!;
    expect((await admin.post(`/admin/users/${lea.id}/suspend`)).statusCode).toBe(200);
    try {
      const r = await signIn({ sub: 'google-lea', email: 'lea@example.org' });
      expect(errorOf(r.landed)).toBe('account_suspended');
      expect(r.b.cookie(SESSION)).toBeUndefined();
    } finally {
      await admin.post(`/admin/users/${lea.id}/unsuspend`);
    }
  });

  it('refuses a return whose state does not match, or that reaches another browser', async () => {
    google.signInAs({ sub: 'google-lea', email: 'lea@example.org' });
    const b = new HttpBrowser(origin);
    const { landed: back } = await b.navigate('/auth/google', (next) => next.pathname === '/auth/google/callback');
    const forged = new URL(back);
    forged.searchParams.set('state', 'x'.repeat(43));
    const r1 = await b.navigate(forged.href);
    expect(errorOf(r1.landed)).toBe('google_state_invalid');
    expect(b.cookie(SESSION)).toBeUndefined();

    // The genuine return, opened in a browser that did not start the sign-in (no sealed cookie): refused too.
    google.signInAs({ sub: 'google-lea', email: 'lea@example.org' });
    const b2 = new HttpBrowser(origin);
    const { landed: back2 } = await b2.navigate('/auth/google', (next) => next.pathname === '/auth/google/callback');
    const other = new HttpBrowser(origin);
    const r2 = await other.navigate(back2.href);
    expect(errorOf(r2.landed)).toBe('google_state_invalid');
    expect(other.cookie(SESSION)).toBeUndefined();
  });

  it('refuses a replayed code, even with the sealed cookie of its first use', async () => {
    google.signInAs({ sub: 'google-lea', email: 'lea@example.org' });
    const b = new HttpBrowser(origin);
    const { landed: back } = await b.navigate('/auth/google', (next) => next.pathname === '/auth/google/callback');
    const sealed = b.cookie('vintedbot_oidc')!;
    const first = await b.navigate(back.href);
    expect(errorOf(first.landed)).toBeNull();
    const thief = new HttpBrowser(origin);
    thief.setCookie('vintedbot_oidc', sealed, '/auth/google');
    const replay = await thief.navigate(back.href);
    expect(errorOf(replay.landed)).toBe('google_code_invalid');
    expect(thief.cookie(SESSION)).toBeUndefined();
    expect(google.tokenRequests.at(-1)!.status).toBe(400);
  });

  it.each([
    ['a nonce that is not this sign-in\'s', 'nonce'],
    ['a signature by a key not in the provider\'s JWKS', 'other-key'],
    ['another audience', 'audience'],
    ['an expired token', 'expired'],
  ] as const)('refuses an ID token with %s', async (_what, tamper) => {
    google.tamperNext(tamper);
    const r = await signIn({ sub: 'google-lea', email: 'lea@example.org' });
    expect(errorOf(r.landed)).toBe('google_token_invalid');
    expect(r.b.cookie(SESSION)).toBeUndefined();
  });

  it('returns to the login page when the person cancels at Google', async () => {
    const r = await signIn(null);
    expect(errorOf(r.landed)).toBe('google_cancelled');
  });

  it('never writes the client secret or an authorization code to the log', async () => {
    const logs = t.logs.join('\n');
    expect(codesSeen.length).toBeGreaterThan(5);
    expect(logs).not.toContain(google.clientSecret);
    for (const code of codesSeen) expect(logs).not.toContain(code);
    // The requests are logged, by path only.
    expect(logs).toContain('/auth/google/callback');
  });
});

describe('Sign in with Google, limits and set-up', () => {
  let google: FakeOidc;
  let t: TestApp;
  let origin: string;

  beforeAll(async () => {
    google = await startFakeOidc();
    t = await accountsApp({ GOOGLE_CLIENT_ID: google.clientId, GOOGLE_CLIENT_SECRET: google.clientSecret, GOOGLE_ISSUER: google.issuer, AUTH_LOCKOUT_IP_FAILURES: '3' });
    origin = await listen(t);
  });
  afterAll(async () => {
    await t.close();
    await google.close();
  });

  it('never makes the first admin through Google: set-up is with a password', async () => {
    google.signInAs({ sub: 'google-owner', email: 'owner@example.org' });
    const r = await new HttpBrowser(origin).navigate('/auth/google');
    expect(errorOf(r.landed)).toBe('setup_required');
    expect((await (await new HttpBrowser(origin).get('/auth/session')).json()).setup_required).toBe(true);
  });

  it('locks a client address out after repeated failed returns, on the way out as well', async () => {
    // One failure was counted above (no admin yet); two forged returns reach the limit of three.
    for (let i = 0; i < 2; i++) {
      const r = await new HttpBrowser(origin).navigate(`/auth/google/callback?state=${'s'.repeat(43)}&code=forged`);
      expect(errorOf(r.landed)).toBe('google_state_invalid');
    }
    const locked = await new HttpBrowser(origin).navigate('/auth/google/callback?state=x&code=y');
    expect(errorOf(locked.landed)).toBe('login_locked');
    const out = await new HttpBrowser(origin).get('/auth/google');
    expect(out.status).toBe(302);
    expect(out.hop.location).toBe('/?auth_error=login_locked');
  });
});

describe('without Google keys', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await accountsApp();
  });
  afterAll(() => t.close());

  it('answers 404 on its routes and tells the login page that Google is not offered', async () => {
    const b = new Browser(t);
    for (const url of ['/auth/google', '/auth/google/callback?state=a&code=b']) {
      const res = await b.get(url);
      expect(res.statusCode).toBe(404);
      expect(res.json().error.code).toBe('google_not_configured');
    }
    expect((await b.get('/auth/session')).json()).toMatchObject({ google_sign_in: false });
    const admin = await setUpAdmin(t);
    const link = await admin.get('/auth/google/link');
    expect([link.statusCode, link.json().error.code]).toEqual([404, 'google_not_configured']);
  });

  it('refuses to start with only one of the two keys, naming the missing one', () => {
    expect(() => loadConfig({ AUTH_MODE: 'accounts', GOOGLE_CLIENT_ID: 'id.apps.example' })).toThrow(/GOOGLE_CLIENT_SECRET: Sign in with Google needs both/);
    expect(() => loadConfig({ AUTH_MODE: 'accounts', GOOGLE_CLIENT_SECRET: 'secret' })).toThrow(/GOOGLE_CLIENT_ID: Sign in with Google needs both/);
    expect(() => loadConfig({ GOOGLE_CLIENT_ID: 'id', GOOGLE_CLIENT_SECRET: 'secret' })).toThrow(/needs AUTH_MODE=accounts/);
    expect(() => loadConfig({ AUTH_MODE: 'accounts', GOOGLE_CLIENT_ID: 'id', GOOGLE_CLIENT_SECRET: 'secret', GOOGLE_ISSUER: 'http://idp.example.org' })).toThrow(/GOOGLE_ISSUER: must be an https URL/);
  });
});
