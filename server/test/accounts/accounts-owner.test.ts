import { afterEach, describe, expect, it } from 'vitest';
import { LOCAL_OWNER_ID, ownerScope } from '../../src/platform/security/owner-scope.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';
import { ADMIN, bearer, Browser, inviteUser, setUpAdmin } from './helpers.ts';

// The contract with the ownership work (platform/security/owner-scope.ts): once the caller is verified and active,
// the request's scope names them as the owner, for reads and for writes whose body is parsed after the check.
// Passwords are argon2id hashes.

const apps: TestApp[] = [];
afterEach(async () => {
  for (const a of apps.splice(0)) await a.close();
});

const whoami = (app: import('fastify').FastifyInstance) => {
  app.get('/test/whoami', async () => ({ owner: ownerScope.current() ?? null }));
  app.post('/test/whoami', async (req) => ({ owner: ownerScope.current() ?? null, body: req.body }));
};

describe('accounts mode and the owner scope', () => {
  it("names the verified user as the request's owner: the first admin is the single-seller owner, others their own id", async () => {
    const p = await createTestApp({ AUTH_MODE: 'accounts', PRICE_DROP_CRON: 'off', PURGE_CRON: 'off' }, { extraRoutes: whoami });
    apps.push(p);
    expect((await new Browser(p).get('/test/whoami')).statusCode).toBe(401);
    const admin = await setUpAdmin(p);
    expect((await admin.get('/test/whoami')).json()).toEqual({ owner: LOCAL_OWNER_ID });
    expect((await admin.post('/test/whoami', { a: 1 })).json()).toEqual({ owner: LOCAL_OWNER_ID, body: { a: 1 } });
    const bea = await inviteUser(p, admin, 'bea@example.org', 'bea-password-123');
    const beaId = (await bea.get('/auth/session')).json().user.id;
    expect((await bea.get('/test/whoami')).json()).toEqual({ owner: beaId });
    expect((await bea.post('/test/whoami', { b: 2 })).json()).toEqual({ owner: beaId, body: { b: 2 } });
    const token = (await bea.post('/auth/tokens', { name: 'x' })).json().token;
    expect((await bearer(p, token, 'POST', '/test/whoami', { c: 3 })).json()).toEqual({ owner: beaId, body: { c: 3 } });

    const rows = await p.ctx.db.withTables<{ users: { email: string; password_hash: string } }>().selectFrom('users').select(['email', 'password_hash']).execute();
    for (const r of rows) expect(r.password_hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(JSON.stringify(rows)).not.toContain(ADMIN.password);
  });
});
