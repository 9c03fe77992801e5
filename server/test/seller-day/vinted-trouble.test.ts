import { afterEach, describe, expect, it } from 'vitest';
import { createTestApp, json, type TestApp } from '../helpers/test-app.ts';
import { startFakeVinted, type FakeVinted } from '../fakes/vinted-site/fake-vinted.ts';
import { troubleOfFailure } from '../../src/modules/vinted/vinted-trouble.ts';
import { SiteUnavailableError } from '../../src/modules/vinted/browser/site-watch.ts';

// Issue 16, point 14: Vinted troubles told apart (unreachable, not logged in, blocked by a check, form changed), each
// with a code and what to do; the session check never says Vinted refused a session when Vinted never answered.

let t: TestApp | undefined;
let fake: FakeVinted | undefined;
afterEach(async () => {
  await t?.close();
  await fake?.close();
  t = undefined;
  fake = undefined;
});

const COOKIE = 'access_token_web=atw.some-session-token-1234567890; anon_id=abc';

describe('Vinted troubles (issue 16 point 14)', () => {
  it('says "Vinted did not answer" when it is unreachable, never that it refused the session', async () => {
    // Port 9 (discard) is closed here: the connection is refused, Vinted never answers.
    t = await createTestApp({ VINTED_BASE_URL: 'http://127.0.0.1:9', VINTED_NAV_TIMEOUT_MS: '2000' });
    const saved = await t.app.inject({ method: 'POST', url: '/vinted/auth/session', ...json({ cookie: COOKIE }) });
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.json()).toMatchObject({
      persisted: true, verified: false, reason: 'site_unreachable',
      trouble: { kind: 'unreachable', code: 'vinted_unreachable', action: 'retry_later', vinted_answered: false },
    });
    const check = (await t.app.inject({ method: 'GET', url: '/vinted/auth/check' })).json();
    expect(check).toMatchObject({ authenticated: null, state: 'unreachable', trouble: { code: 'vinted_unreachable', vinted_answered: false } });
    // After a reload, the panel must not show a confirmed session.
    const status = (await t.app.inject({ method: 'GET', url: '/vinted/status' })).json();
    expect(status.session).toMatchObject({ present: true, state: 'active', confirmed: false, verified_at: null });
  });

  it('says "not logged in" only when Vinted answered so, with what to do', async () => {
    fake = await startFakeVinted();
    t = await createTestApp({ VINTED_BASE_URL: fake.url, VINTED_NAV_TIMEOUT_MS: '4000' });
    const refused = await t.app.inject({ method: 'POST', url: '/vinted/auth/session', ...json({ cookie: 'access_token_web=unknown-token-123; anon_id=abc' }) });
    expect(refused.statusCode).toBe(401);
    expect(refused.json().error).toMatchObject({ code: 'session_expired', details: { params: { action: 'log_in_again' }, trouble: { kind: 'not_logged_in', vinted_answered: true } } });

    const { cookie } = fake.addSession('marie_dressing');
    expect((await t.app.inject({ method: 'POST', url: '/vinted/auth/session', ...json({ cookie }) })).json()).toMatchObject({ verified: true });
    expect((await t.app.inject({ method: 'GET', url: '/vinted/status' })).json().session).toMatchObject({ confirmed: true });
    fake.setFault({ kind: 'datadome', on: ['current_user'] });
    expect((await t.app.inject({ method: 'GET', url: '/vinted/auth/check' })).json()).toMatchObject({
      authenticated: null, state: 'blocked', trouble: { kind: 'blocked', code: 'vinted_blocked', action: 'solve_on_vinted' },
    });
  });

  it('reads a browser that never reached Vinted as unreachable, and a crash as something else', () => {
    expect(troubleOfFailure(new Error('page.goto: net::ERR_CONNECTION_REFUSED at http://127.0.0.1:9/items/new'))).toMatchObject({ code: 'vinted_unreachable' });
    expect(troubleOfFailure(Object.assign(new Error('Timeout 8000ms exceeded.'), { name: 'TimeoutError' }))).toMatchObject({ code: 'vinted_unreachable' });
    expect(troubleOfFailure(new SiteUnavailableError(503))).toMatchObject({ action: 'retry_later' });
    expect(troubleOfFailure(new TypeError('Cannot read properties of undefined'))).toBeNull();
  });
});
