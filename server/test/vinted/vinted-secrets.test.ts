import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { assertNoSecrets, browserSuite, enablePublication, json, KNOWN_SESSION_TOKEN, makeItem, prepare, publish, requireChromium, saveSession, vintedWorld, type VintedWorld } from './vinted-fixtures.ts';

// Drives Chromium: skipped, saying so, where it is missing (CI has it).
const browser = browserSuite();

// The session's secrets never reach a log, an answer or a file. Every Vinted test world checks this when it
// closes (they all carry KNOWN_SESSION_TOKEN); this file runs every route, the happy path and the error paths,
// with that known cookie and a known user agent, then greps the logs, every answer and every file in DATA_DIR.

// A real browser on a shared 2-core machine: generous per-test time (never asserted on).
vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });

let w: VintedWorld;
beforeAll(async () => {
  if (!browser) return;
  requireChromium();
  w = await vintedWorld({ LOG_LEVEL: 'debug' });
});
afterAll(async () => w?.close());

describe('secrets stay secret', () => {
  it('the check itself catches a planted secret (it can fail)', () => {
    w.t.logs.push(`{"msg":"oops","cookie":"${w.cookie}"}`);
    expect(() => assertNoSecrets(w)).toThrow(/a session secret reached logs/);
    w.t.logs.pop();
    w.bodies.push(`{"ua":"${w.userAgent}"}`);
    expect(() => assertNoSecrets(w)).toThrow(/response/);
    w.bodies.pop();
  });

  it('runs every Vinted route, good and bad, with the known cookie, and finds it nowhere', async () => {
    expect(w.cookie).toContain(KNOWN_SESSION_TOKEN);
    const inject = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, body?: unknown, headers: Record<string, string> = {}) =>
      w.t.app.inject({ method, url, ...(body === undefined ? {} : { payload: JSON.stringify(body), headers: { 'content-type': 'application/json', ...headers } }) });
    // Bad input that carries the secret: refused without echoing it.
    expect((await inject('POST', '/vinted/auth/session', { cookie: `${w.cookie}\nX: 1`, user_agent: w.userAgent })).statusCode).toBe(400);
    expect((await inject('POST', '/vinted/auth/session', { cookie: `${w.cookie}; pad=${'x'.repeat(100 * 1024)}` })).statusCode).toBe(400);
    expect((await inject('POST', '/vinted/auth/session', { cookie: w.cookie, user_agent: `${w.userAgent}\r\n` })).statusCode).toBe(400);
    expect((await inject('POST', '/vinted/auth/session', { cookie: 12 })).statusCode).toBe(400);
    // The happy path.
    await inject('POST', '/vinted/auth/session', { cookie_value: w.cookie, user_agent: w.userAgent });
    await saveSession(w);
    await inject('GET', '/vinted/auth/check');
    await inject('GET', '/vinted/status');
    await inject('GET', '/vinted/settings');
    await enablePublication(w.t, { hourly_write_budget: 200 });
    const item = await makeItem(w.t);
    const p = (await prepare(w.t, { draft_id: item.id })).json();
    expect(p.ok).toBe(true);
    await publish(w.t, { confirm_token: p.confirm_token });
    const done = await publish(w.t, { confirm_token: p.confirm_token, dry_run: false }, 'secret-test');
    expect(done.json()).toMatchObject({ ok: true, dry_run: false });
    // Error paths on the site: a captcha, then an expired session.
    const item2 = await makeItem(w.t);
    w.fake.setFault({ kind: 'datadome', on: ['page'] });
    expect((await prepare(w.t, { draft_id: item2.id })).json()).toMatchObject({ needs_manual: true });
    w.fake.setFault({ kind: 'expired_session', on: ['page', 'current_user'] });
    await inject('POST', '/vinted/resume', {});
    expect((await prepare(w.t, { draft_id: item2.id })).json()).toMatchObject({ needs_manual: true, reason: 'session_expired' });
    expect((await inject('POST', '/vinted/auth/session', { cookie: w.cookie, user_agent: w.userAgent })).statusCode).toBe(401);
    w.fake.setFault(null);
    await inject('GET', '/vinted/auth/check');
    await inject('GET', '/vinted/publish/log');
    await inject('GET', '/vinted/publish/queue');
    await inject('POST', '/vinted/publish/queue/run', {});
    await inject('DELETE', '/vinted/auth/session');
    const checked = assertNoSecrets(w);
    expect(checked.secrets).toBeGreaterThanOrEqual(5);
    // Logs, console lines, ~20 answers, the database and the key file, at the least.
    expect(checked.places).toBeGreaterThan(25);
    expect(w.t.logs.length).toBeGreaterThan(20);
  });
});
