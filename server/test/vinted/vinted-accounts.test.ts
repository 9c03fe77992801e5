import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { type Kysely, type Migration, Migrator } from 'kysely';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { openDatabase } from '../../src/platform/db/database.ts';
import { MIGRATIONS } from '../../src/platform/db/migrator.ts';
import { ownerScope } from '../../src/platform/security/owner-scope.ts';
import { accountsApp, type Browser, inviteUser, setUpAdmin } from '../accounts/helpers.ts';
import type { TestApp } from '../helpers/test-app.ts';
import { browserSuite, enablePublication, json, makeItem, requireChromium, saveSession, vintedWorld, type VintedWorld } from './vinted-fixtures.ts';

// Several Vinted accounts per user (issue 20 point 4), through the real HTTP app on SQLite (or PostgreSQL when
// DATABASE_URL is set): each account has its own session, settings, queue and log; switching is stored; two users'
// accounts never meet; removing is refused while the queue has work; the quota refuses one account too many; an
// install migrated from one session per install keeps its data under a default account; and a publication queued
// for one account is sent with that account's session even when the seller switched to another meanwhile.

vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });

const apps: TestApp[] = [];
afterEach(async () => {
  for (const a of apps.splice(0)) await a.close();
});

const accounts = async (b: Browser) => (await b.get('/vinted/accounts')).json() as { active_account_id: string; accounts: { id: string; label: string; active: boolean; session: { present: boolean } }[] };
const userId = async (b: Browser): Promise<string> => (await b.get('/auth/session')).json().user.id;

describe('Vinted accounts in accounts mode', () => {
  it('gives each user a first account; a user adds, renames and switches accounts; settings, status and log follow the active one; others never see them', async () => {
    const t = await accountsApp();
    apps.push(t);
    const admin = await setUpAdmin(t);
    const ann = await inviteUser(t, admin, 'ann@example.org', 'ann-password-123');

    const first = await accounts(ann);
    expect(first.accounts).toHaveLength(1);
    expect(first.accounts[0]).toMatchObject({ label: 'Vinted', active: true, session: { present: false } });
    const annPrivate = first.active_account_id;

    const added = await ann.post('/vinted/accounts', { label: '  Pro   shop ' });
    expect(added.statusCode, added.body).toBe(201);
    expect(added.json()).toMatchObject({ label: 'Pro shop', active: false });
    const annPro = added.json().id as string;
    // Labels are unique per user; bad ones are refused with nothing written.
    expect((await ann.post('/vinted/accounts', { label: 'Pro shop' })).json().error.code).toBe('vinted_account_label_taken');
    expect((await ann.post('/vinted/accounts', { label: '   ' })).json().error.code).toBe('invalid_account_label');
    expect((await accounts(ann)).accounts).toHaveLength(2);
    const renamed = await ann.patch(`/vinted/accounts/${annPrivate}`, { label: 'Perso' });
    expect(renamed.json()).toMatchObject({ id: annPrivate, label: 'Perso', active: true });

    // Settings are the active account's: turning publication on for "Perso" leaves "Pro shop" off.
    const on = await ann.patch('/vinted/settings', { publication_enabled: true, acknowledge_terms: true, dry_run: true, hourly_write_budget: 7 });
    expect(on.statusCode, on.body).toBe(200);
    const switched = await ann.post(`/vinted/accounts/${annPro}/activate`, {});
    expect(switched.statusCode, switched.body).toBe(200);
    expect(switched.json().active_account_id).toBe(annPro);
    // Stored, not per tab: a second browser of Ann's sees the same active account.
    expect((await accounts(ann)).active_account_id).toBe(annPro);
    expect((await ann.get('/vinted/settings')).json()).toMatchObject({ publication_enabled: false, hourly_write_budget: 20 });
    expect((await ann.get('/vinted/status')).json()).toMatchObject({ account_id: annPro, session: { present: false }, pace: { hourly_write_budget: 20 } });
    expect((await ann.get('/vinted/publish/queue')).json()).toMatchObject({ account_id: annPro, items: [] });
    expect((await ann.get('/vinted/publish/log')).json()).toMatchObject({ account_id: annPro, entries: [] });
    await ann.post(`/vinted/accounts/${annPrivate}/activate`, {});
    expect((await ann.get('/vinted/settings')).json()).toMatchObject({ publication_enabled: true, hourly_write_budget: 7 });

    // Bob has his own first account, and cannot see, switch to, rename or remove Ann's.
    const bob = await inviteUser(t, admin, 'bob@example.org', 'bob-password-123');
    const bobs = await accounts(bob);
    expect(bobs.accounts.map((a) => a.id)).not.toContain(annPro);
    expect((await bob.post(`/vinted/accounts/${annPro}/activate`, {})).statusCode).toBe(404);
    expect((await bob.patch(`/vinted/accounts/${annPro}`, { label: 'Mine' })).statusCode).toBe(404);
    expect((await bob.del(`/vinted/accounts/${annPro}`)).statusCode).toBe(404);
    expect((await bob.get('/vinted/settings')).json()).toMatchObject({ publication_enabled: false });
    expect((await accounts(ann)).accounts.map((a) => a.label)).toEqual(['Perso', 'Pro shop']);

    // A paired extension names the account active when its code was asked for.
    const code = (await ann.post('/extension/pairing-codes', {})).json();
    expect(code.account_id).toBe(annPrivate);

    // Removing: the last account of a user is refused; another one goes, and the active one hands over.
    expect((await bob.del(`/vinted/accounts/${bobs.active_account_id}`)).json().error.code).toBe('vinted_account_last');
    const removed = await ann.del(`/vinted/accounts/${annPrivate}`);
    expect(removed.statusCode, removed.body).toBe(200);
    expect(removed.json()).toMatchObject({ active_account_id: annPro, accounts: [{ id: annPro, active: true }] });
  });

  it('refuses a Vinted account past the quota with 402 and writes nothing', async () => {
    const t = await accountsApp();
    apps.push(t);
    const admin = await setUpAdmin(t);
    const ann = await inviteUser(t, admin, 'ann@example.org', 'ann-password-123');
    const set = await admin.req('PUT', `/admin/users/${await userId(ann)}/quotas`, { vinted_accounts: 2 });
    expect(set.statusCode, set.body).toBe(200);
    expect((await ann.post('/vinted/accounts', { label: 'Pro' })).statusCode).toBe(201);
    const refused = await ann.post('/vinted/accounts', { label: 'Third' });
    expect(refused.statusCode).toBe(402);
    expect(refused.json().error).toMatchObject({ code: 'quota_exceeded', details: { quota: 'vinted_accounts', limit: 2, used: 2 } });
    expect((await accounts(ann)).accounts.map((a) => a.label)).toEqual(['Vinted', 'Pro']);
    const mine = (await ann.get('/auth/quotas')).json();
    expect(mine.quotas.find((q: { metric: string }) => q.metric === 'vinted_accounts')).toMatchObject({ limit: 2, used: 2, remaining: 0 });
  });
});

// A database of the former shape (one session per install), migrated through 0023 on SQLite or PostgreSQL.
describe('migration 0023 (Vinted accounts)', () => {
  it("moves an install's session, guard, queue, log, prepared forms, pairings and settings to each owner's default account", async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vacc-mig-'));
    const url = process.env.DATABASE_URL;
    let schema: string | undefined;
    if (url) {
      schema = `t_${randomBytes(6).toString('hex')}`;
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      await c.query(`create schema ${schema}`);
      await c.end();
    }
    const handle = openDatabase({ dataDir, databaseUrl: url, pgSchema: schema });
    const db = handle.db as unknown as Kysely<any>;
    try {
      await ownerScope.system(async () => {
        const before = Object.keys(MIGRATIONS).filter((n) => n < '0023');
        await migrate(db, before, schema);
        const at = '2026-01-01T00:00:00.000Z';
        await db.insertInto('vinted_session').values({ id: 'default', owner_id: 'seller', sealed: 'x', username: 'marie_dressing', user_id: '1', state: 'active', expires_at: null, verified_at: at, created_at: at, updated_at: at }).execute();
        await db.insertInto('vinted_guard').values({ id: 'default', stopped_reason: 'captcha', stopped_at: at, backoff_until: null, backoff_ms: null, updated_at: at }).execute();
        await db.insertInto('vinted_queue').values([
          { item_id: 'i1', owner_id: 'seller', state: 'retry', attempts: 1, next_attempt_at: null, last_error: null, content_hash: null, vinted_draft_id: null, created_at: at, updated_at: at },
          { item_id: 'i2', owner_id: 'bea', state: 'published', attempts: 0, next_attempt_at: null, last_error: null, content_hash: null, vinted_draft_id: null, created_at: at, updated_at: at },
        ]).execute();
        await db.insertInto('vinted_publish_log').values({ id: 'l1', owner_id: 'seller', at, action: 'publish', item_id: 'i1', idempotency_key: null, dry_run: 0, outcome: 'ok', reason: null, listing_id: '9', listing_url: null, writes: 1, duration_ms: 1, source: 'queue' }).execute();
        await db.insertInto('settings').values([
          { owner_id: 'seller', key: 'vinted.publication', value: '{"publication_enabled":true}', updated_at: at },
          { owner_id: 'seller', key: 'pricing.drops', value: '{}', updated_at: at },
        ]).execute();

        await migrate(db, [...before, '0023-vinted-accounts'], schema);

        const accs = await db.selectFrom('vinted_accounts').select(['id', 'owner_id', 'label', 'active']).orderBy('owner_id').execute();
        expect(accs.map((a) => [a.owner_id, a.label, Number(a.active)])).toEqual([['bea', 'Vinted', 1], ['seller', 'marie_dressing', 1]]);
        const [bea, seller] = accs.map((a) => a.id as string);
        expect(await db.selectFrom('vinted_session').select(['id', 'username']).execute()).toEqual([{ id: seller, username: 'marie_dressing' }]);
        expect(await db.selectFrom('vinted_guard').select(['id', 'owner_id', 'stopped_reason']).execute()).toEqual([{ id: seller, owner_id: 'seller', stopped_reason: 'captcha' }]);
        expect(await db.selectFrom('vinted_queue').select(['item_id', 'account_id', 'state']).orderBy('item_id').execute()).toEqual([
          { item_id: 'i1', account_id: seller, state: 'retry' }, { item_id: 'i2', account_id: bea, state: 'published' },
        ]);
        expect(await db.selectFrom('vinted_publish_log').select(['id', 'account_id']).execute()).toEqual([{ id: 'l1', account_id: seller }]);
        expect(await db.selectFrom('settings').select(['key', 'value']).orderBy('key').execute()).toEqual([
          { key: 'pricing.drops', value: '{}' }, { key: `vinted.publication:${seller}`, value: '{"publication_enabled":true}' },
        ]);
      });
    } finally {
      await handle.close();
      // The schema is left to the run's teardown (pg-global-setup.ts): dropped while other files run, it made their
      // migrator's catalogue read fail ('schema "t_…" does not exist', in storage-s3-app.test.ts on CI).
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

async function migrate(db: Kysely<any>, names: string[], schema?: string) {
  const migrations = Object.fromEntries(names.map((n) => [n, MIGRATIONS[n]])) as Record<string, Migration>;
  const m = new Migrator({ db, provider: { getMigrations: async () => migrations }, allowUnorderedMigrations: true, ...(schema ? { migrationTableSchema: schema } : {}) });
  const { error } = await m.migrateToLatest();
  if (error) throw error;
}

// Drives Chromium against the fake Vinted.
const browser = browserSuite();

describe('a publication queued for one account, after a switch to another', () => {
  let w: VintedWorld;
  beforeAll(async () => {
    if (!browser) return;
    requireChromium();
    w = await vintedWorld({ VINTED_NAV_TIMEOUT_MS: '5000' });
  });
  afterAll(async () => w?.close());

  it.runIf(browser)("is sent with its own account's session, counted and logged there; the other account's queue and log stay empty", async () => {
    const req = (method: string, url: string, body?: unknown) => w.t.app.inject({ method: method as 'GET', url, ...(body !== undefined ? json(body) : {}) });
    const list = (await req('GET', '/vinted/accounts')).json();
    const a = list.active_account_id as string;
    // Account A: Marie's private account, publication on, publishing for real.
    await saveSession(w);
    await enablePublication(w.t, { hourly_write_budget: 200, dry_run: false });
    // Account B: Paul's Pro account, with its own session, publication on too.
    const b = (await req('POST', '/vinted/accounts', { label: 'Pro' })).json().id as string;
    expect((await req('POST', `/vinted/accounts/${b}/activate`, {})).statusCode).toBe(200);
    const paul = w.fake.addSession('paul_pro');
    expect((await req('POST', '/vinted/auth/session', { cookie: paul.cookie, expires_at: null })).json()).toMatchObject({ username: 'paul_pro' });
    await enablePublication(w.t, { hourly_write_budget: 200, dry_run: false });

    // Back on A, the seller opts a draft in: it is queued for A.
    await req('POST', `/vinted/accounts/${a}/activate`, {});
    const item = await makeItem(w.t, { publish_opt_in: true });
    const queued = (await req('GET', '/vinted/publish/queue')).json();
    expect(queued).toMatchObject({ account_id: a, items: [{ account_id: a, item_id: item.id, state: 'pending' }] });

    // The seller switches to B before the queue runs: B's queue does not hold it, and B's pass does not send it.
    await req('POST', `/vinted/accounts/${b}/activate`, {});
    expect((await req('GET', '/vinted/publish/queue')).json()).toMatchObject({ account_id: b, items: [] });
    expect((await req('POST', '/vinted/publish/queue/run', {})).json()).toMatchObject({ account_id: b, processed: [] });
    expect(w.fake.items.size).toBe(0);

    // The scheduled pass runs every account: A's entry goes out with A's session, not B's.
    const report = await w.t.ctx.vinted!.queue.runOnce();
    expect(report.processed).toEqual([{ item_id: item.id, state: 'published' }]);
    expect([...w.fake.items.values()].map((l) => l.login)).toEqual(['marie_dressing']);

    // A's log holds the prepare and the publication, each naming A; B's log and pace hold nothing.
    const logB = (await req('GET', '/vinted/publish/log')).json();
    expect(logB).toMatchObject({ account_id: b, entries: [] });
    expect((await req('GET', '/vinted/status')).json().pace.writes_last_hour).toBe(0);
    await req('POST', `/vinted/accounts/${a}/activate`, {});
    const logA = (await req('GET', '/vinted/publish/log')).json();
    expect(logA.entries.map((e: { action: string; account_id: string }) => [e.action, e.account_id])).toEqual([['publish', a], ['prepare', a]]);
    expect((await req('GET', '/vinted/status')).json().pace.writes_last_hour).toBeGreaterThan(0);
    expect((await req('GET', '/vinted/publish/queue')).json().items).toMatchObject([{ account_id: a, item_id: item.id, state: 'published' }]);
  });

  it.runIf(browser)('refuses to remove an account while its queue has work, with a clear 409', async () => {
    const req = (method: string, url: string, body?: unknown) => w.t.app.inject({ method: method as 'GET', url, ...(body !== undefined ? json(body) : {}) });
    const { active_account_id: a, accounts: all } = (await req('GET', '/vinted/accounts')).json();
    // Publication off for A: the entry stays pending.
    await req('PATCH', '/vinted/settings', { publication_enabled: false });
    const item = await makeItem(w.t, { publish_opt_in: true });
    await w.t.ctx.vinted!.queue.runOnce();
    // The pass did not take it (publication off): it stays bound to A; a requeue makes it waiting work.
    await req('POST', `/vinted/publish/queue/${item.id}/requeue`, {});
    const refused = await req('DELETE', `/vinted/accounts/${a}`);
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error).toMatchObject({ code: 'vinted_account_busy', details: { account_id: a, waiting: 1 } });
    expect((await req('GET', '/vinted/accounts')).json().accounts).toHaveLength(all.length);
  });
});
