import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SecretBox } from '../../src/platform/security/secret-box.ts';
import { accountScope } from '../../src/modules/vinted/account-scope.ts';
import { SessionVault } from '../../src/modules/vinted/session-vault.ts';
import { json, saveSession, vintedWorld, type VintedWorld } from './vinted-fixtures.ts';

// The seller's session through the API, against the fake Vinted over real HTTP: saved sealed, checked with the
// site's current-user endpoint, refused when malformed, never returned.

let w: VintedWorld;
beforeAll(async () => {
  w = await vintedWorld();
});
afterAll(async () => w.close());

const post = (body: unknown) => w.t.app.inject({ method: 'POST', url: '/vinted/auth/session', ...json(body) });
const check = async () => (await w.t.app.inject({ method: 'GET', url: '/vinted/auth/check' })).json();

describe('session vault', () => {
  it('starts without a session', async () => {
    expect(await check()).toEqual({ authenticated: false, state: 'no_session', username: null, user_id: null, reason: 'no_session' });
  });

  it('refuses cookies with newlines, 100 KB cookies and malformed ones, saving nothing and asking nothing of Vinted', async () => {
    for (const [cookie, problem] of [
      [`${w.cookie}\r\nX-Evil: 1`, 'control_characters'],
      [`access_token_web=${'a'.repeat(100 * 1024)}`, 'too_large'],
      ['not a cookie', 'malformed'],
      ['', 'empty'],
    ] as const) {
      const res = await post({ cookie });
      expect(res.statusCode).toBe(400);
      expect(res.json().error).toMatchObject({ code: 'invalid_cookie', details: { problem } });
    }
    expect((await post({})).json().error.code).toBe('invalid_cookie');
    expect((await post({ cookie: w.cookie, user_agent: 'Mozilla\n5.0' })).json().error.code).toBe('invalid_user_agent');
    expect((await post({ cookie: 42 })).statusCode).toBe(400);
    expect(w.fake.count('current_user')).toBe(0);
    expect(await w.t.ctx.db.selectFrom('vinted_session' as never).selectAll().execute()).toEqual([]);
  });

  it('refuses a session Vinted does not accept (401), keeping nothing', async () => {
    const res = await post({ cookie: 'access_token_web=unknown-token-123; anon_id=abc' });
    expect(res.statusCode).toBe(401);
    expect(res.json().error.code).toBe('session_expired');
    expect(await check()).toMatchObject({ authenticated: false, reason: 'no_session' });
  });

  it('saves a good session sealed, answers the account name, and accepts the older cookie_value', async () => {
    const saved = await saveSession(w);
    expect(saved).toEqual({ ok: true, persisted: true, username: 'marie_dressing', user_id: '1000', verified: true });
    const row = await w.t.ctx.vinted!.deps.db.selectFrom('vinted_session').selectAll().executeTakeFirstOrThrow();
    expect(row.sealed.startsWith('v1.')).toBe(true);
    expect(row.sealed).not.toContain(w.token);
    expect(row.username).toBe('marie_dressing');
    const legacy = await post({ cookie_value: w.cookie });
    expect(legacy.json()).toMatchObject({ ok: true, persisted: true, username: 'marie_dressing' });
    expect(await check()).toEqual({ authenticated: true, state: 'logged_in', username: 'marie_dressing', user_id: '1000' });
    const status = (await w.t.app.inject({ method: 'GET', url: '/vinted/status' })).json();
    expect(status.session).toMatchObject({ present: true, state: 'active', username: 'marie_dressing', confirmed: true });
  });

  it('maps a redirect to /session-refresh or a 401 to authenticated: false', async () => {
    w.fake.setFault({ kind: 'expired_session', on: ['current_user'] });
    try {
      expect(await check()).toMatchObject({ authenticated: false, reason: 'session_expired' });
    } finally {
      w.fake.setFault(null);
    }
    // Expired stays expired (no more asking) until the seller saves a fresh session.
    const before = w.fake.count('current_user');
    expect(await check()).toMatchObject({ authenticated: false, reason: 'session_expired' });
    expect(w.fake.count('current_user')).toBe(before);
    await saveSession(w);
    expect(await check()).toMatchObject({ authenticated: true });
  });

  it('treats a captcha on the check as a full stop, lifted when the seller saves a fresh session', async () => {
    w.fake.setFault({ kind: 'datadome', on: ['current_user'] });
    try {
      // A check in the way says nothing about the session: unknown, not refused.
      expect(await check()).toMatchObject({ authenticated: null, state: 'blocked', reason: 'captcha_or_verification', trouble: { code: 'vinted_blocked', action: 'solve_on_vinted' } });
      const status = (await w.t.app.inject({ method: 'GET', url: '/vinted/status' })).json();
      expect(status.guard).toMatchObject({ stopped: true, stopped_reason: 'captcha_or_verification' });
    } finally {
      w.fake.setFault(null);
    }
    await saveSession(w);
    const status = (await w.t.app.inject({ method: 'GET', url: '/vinted/status' })).json();
    expect(status.guard.stopped).toBe(false);
  });

  it('backs off after a 429 on the check, without asking again', async () => {
    w.fake.setFault({ kind: 'rate_limit', on: ['current_user'], retryAfterSeconds: 30 });
    try {
      expect(await check()).toMatchObject({ authenticated: null, state: 'blocked', reason: 'site_rate_limited', trouble: { action: 'wait' } });
      const asked = w.fake.count('current_user');
      const again = await w.t.app.inject({ method: 'GET', url: '/vinted/auth/check' });
      expect(again.statusCode).toBe(429);
      // 15 minutes, longer than the site's own 30 s.
      expect(Number(again.headers['retry-after'])).toBeGreaterThan(14 * 60);
      expect(w.fake.count('current_user')).toBe(asked);
    } finally {
      w.fake.setFault(null);
      await w.t.ctx.vinted!.deps.db.deleteFrom('vinted_guard').execute();
    }
  });

  it('answers 401 session_unreadable for a session sealed under another key (SECRET_KEY changed)', async () => {
    const d = w.t.ctx.vinted!.deps;
    const otherKey = new SessionVault(d.db, new SecretBox(Buffer.alloc(32, 3), 'key_file'));
    const account = await w.t.ctx.vinted!.accounts.activeId();
    await expect(accountScope.run(account, () => otherKey.require())).rejects.toMatchObject({ status: 401, code: 'session_unreadable' });
    await expect(accountScope.run(account, () => d.vault.require())).resolves.toMatchObject({ info: { username: 'marie_dressing' } });
  });

  it('forgets the session on DELETE', async () => {
    const res = await w.t.app.inject({ method: 'DELETE', url: '/vinted/auth/session' });
    expect(res.json()).toEqual({ ok: true, deleted: true });
    expect(await check()).toMatchObject({ authenticated: false, reason: 'no_session' });
    expect((await w.t.app.inject({ method: 'DELETE', url: '/vinted/auth/session' })).json()).toEqual({ ok: true, deleted: false });
  });
});
