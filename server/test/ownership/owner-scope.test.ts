import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCAL_OWNER_ID, ownerScope } from '../../src/platform/security/owner-scope.ts';
import { createTestApp, json, type TestApp } from '../helpers/test-app.ts';
import { devPhoto, multipart } from '../photos/photo-files.ts';
import { inviteUser, setUpAdmin } from '../accounts/helpers.ts';

// The owner scope through the real app (issue 20 point 3): accounts mode, two real accounts (the first admin, who owns
// the single seller's data, and a user the admin invited) calling with their own API tokens, real HTTP (a listening
// server, so bodies arrive through the socket as in production), the product's fail-closed rule (strictScope: no
// fallback owner for the test's own queries).
let t: TestApp;
let base: string;
const ALICE = LOCAL_OWNER_ID;
let BOB = '';
const tokens: Record<string, string> = {};
beforeAll(async () => {
  t = await createTestApp({ AUTH_MODE: 'accounts' }, { strictScope: true });
  const admin = await setUpAdmin(t);
  tokens[ALICE] = (await admin.post('/auth/tokens', { name: ALICE })).json().token;
  const bob = await inviteUser(t, admin, 'bob@example.org', 'bob-password-123');
  BOB = (await bob.get('/auth/session')).json().user.id;
  tokens[BOB] = (await bob.post('/auth/tokens', { name: BOB })).json().token;
  base = await t.app.listen({ port: 0, host: '127.0.0.1' });
});
afterAll(async () => t.close());

const call = (owner: string | undefined, method: string, url: string, body?: unknown) =>
  fetch(`${base}${url}`, {
    method,
    headers: { ...(owner ? { authorization: `Bearer ${tokens[owner]}` } : {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
/** Every owner's rows, read in a system scope as an admin's figures would. */
const everyone = <T>(fn: () => Promise<T>) => ownerScope.system(fn);

describe('owner scope', () => {
  it('fails closed: a query on an owned table outside any scope is refused, and a request with no login never reaches one', async () => {
    await expect(t.ctx.db.selectFrom('items').select('id').execute()).rejects.toMatchObject({ code: 'owner_scope_missing', status: 500 });
    await expect(t.ctx.db.insertInto('settings').values({ key: 'x', value: '1', updated_at: 'now' }).execute()).rejects.toMatchObject({ code: 'owner_scope_missing' });
    // Over HTTP nobody reaches the data unnamed: the login check refuses first.
    const res = await call(undefined, 'GET', '/listings');
    expect(res.status).toBe(401);
    expect((await res.json()).error.code).toBe('unauthorized');
  });

  it('writes a JSON POST as its owner and shows it to that owner only', async () => {
    const a = await call(ALICE, 'POST', '/listings', { title: 'Veste en jean Levi’s', price: 30 });
    expect(a.status).toBe(201);
    const item = await a.json();
    const b = await call(BOB, 'POST', '/listings', { title: 'Robe Sézane', price: 45 });
    expect(b.status).toBe(201);
    const owners = await everyone(() => t.ctx.db.selectFrom('items').select(['title', 'owner_id']).orderBy('title').execute());
    expect(owners).toEqual([{ title: 'Robe Sézane', owner_id: BOB }, { title: 'Veste en jean Levi’s', owner_id: ALICE }]);
    // The price history a trigger-free insert wrote beside the item carries the same owner.
    const history = await everyone(() => t.ctx.db.selectFrom('price_history').select('owner_id').where('item_id', '=', item.id).execute());
    expect(history).toEqual([{ owner_id: ALICE }]);
    const aliceList = await (await call(ALICE, 'GET', '/listings')).json();
    expect(aliceList.items.map((i: { title: string }) => i.title)).toEqual(['Veste en jean Levi’s']);
    expect((await call(BOB, 'GET', `/listings/${item.id}`)).status).toBe(404);
    expect((await call(BOB, 'PATCH', `/listings/${item.id}`, { title: 'pris' })).status).toBe(404);
    expect((await call(BOB, 'DELETE', `/listings/${item.id}`)).status).toBe(404);
    expect((await (await call(ALICE, 'GET', `/listings/${item.id}`)).json()).title).toBe('Veste en jean Levi’s');
  });

  it('keeps the scope through a multipart upload, and serves a photo file to its owner only', async () => {
    const body = multipart([{ filename: 'a.jpg', content: devPhoto('shirt/26bed63e-d57c-4a07-9bc9-4c17b5e85989.jpg') }]);
    const res = await fetch(`${base}/photos`, { method: 'POST', headers: { authorization: `Bearer ${tokens[ALICE]}`, ...body.headers }, body: body.payload });
    expect(res.status).toBe(201);
    const photo = (await res.json()).photos[0];
    const row = await everyone(() => t.ctx.db.selectFrom('photos').select('owner_id').where('id', '=', photo.id).executeTakeFirstOrThrow());
    expect(row.owner_id).toBe(ALICE);
    expect((await call(ALICE, 'GET', `/photos/${photo.id}`)).status).toBe(200);
    for (const url of [`/photos/${photo.id}`, `/photos/${photo.id}/thumb`, `/photos/${photo.id}/info`]) {
      expect((await call(BOB, 'GET', url)).status).toBe(404);
    }
  });

  it('streams an export of its owner’s stock only (the scope holds across a streamed answer)', async () => {
    const csv = await (await call(BOB, 'GET', '/export/csv')).text();
    expect(csv).toContain('Robe Sézane');
    expect(csv).not.toContain('Levi’s');
    const zip = await call(ALICE, 'GET', '/export/csv');
    expect(await zip.text()).toContain('Levi’s');
  });

  it('keeps settings per owner: the same key holds each owner’s own value', async () => {
    await ownerScope.run(ALICE, () => t.ctx.db.insertInto('settings').values({ key: 'shop', value: '"A"', updated_at: 'now' })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value: '"A"' })).execute());
    await ownerScope.run(BOB, () => t.ctx.db.insertInto('settings').values({ key: 'shop', value: '"B"', updated_at: 'now' })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value: '"B2"' })).execute());
    await ownerScope.run(BOB, () => t.ctx.db.insertInto('settings').values({ key: 'shop', value: '"B"', updated_at: 'now' })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value: '"B2"' })).execute());
    const read = (o: string) => ownerScope.run(o, () => t.ctx.db.selectFrom('settings').select('value').where('key', '=', 'shop').execute());
    expect(await read(ALICE)).toEqual([{ value: '"A"' }]);
    expect(await read(BOB)).toEqual([{ value: '"B2"' }]);
  });

  it('scopes joins (a left join stays one), subqueries and raw templates', async () => {
    const rows = await ownerScope.run(BOB, () => t.ctx.db.selectFrom('items as i')
      .leftJoin('item_photos as ip', 'ip.item_id', 'i.id')
      .select(['i.title', 'ip.photo_id'])
      .where('i.id', 'in', (eb) => eb.selectFrom('items').select('id'))
      .execute());
    expect(rows).toEqual([{ title: 'Robe Sézane', photo_id: null }]);
    const updated = await ownerScope.run(BOB, () => t.ctx.db.updateTable('items').set({ storage_location: 'B1' }).execute());
    expect(Number(updated[0].numUpdatedRows)).toBe(1);
    // Raw templates (ownedBy): bob's stock ageing counts bob's one draft, not alice's.
    const ageing = await (await call(BOB, 'GET', '/analytics/stock-ageing')).json();
    expect(ageing.buckets.reduce((n: number, b: { items: number }) => n + b.items, 0)).toBe(1);
  });

  it('runs a job in the scope of the owner who queued it', async () => {
    const seen: (string | undefined)[] = [];
    t.ctx.jobs.register('test.owner', async () => {
      seen.push(ownerScope.current());
      return (await t.ctx.db.selectFrom('items').select('title').execute()).map((r) => r.title);
    });
    const job = await ownerScope.run(ALICE, () => t.ctx.jobs.enqueue('test.owner', {}));
    await t.ctx.jobs.idle();
    expect(seen).toEqual([ALICE]);
    const done = await ownerScope.run(ALICE, () => t.ctx.jobRuns.get(job.id));
    expect(done).toMatchObject({ state: 'completed', result: ['Veste en jean Levi’s'] });
    // Another owner does not see the job at all.
    expect(await ownerScope.run(BOB, () => t.ctx.jobRuns.get(job.id))).toBeNull();
  });

  it('runs a scheduled sweep once per owner (every active account), each in its own scope; a system task once', async () => {
    const perOwner: (string | undefined)[] = [];
    await t.ctx.scheduler.runTick({ name: 'test.sweep', cron: '0 3 * * *', run: async () => void perOwner.push(ownerScope.current()) }, new Date('2026-01-01T03:00:00Z'));
    // Every active account, with or without items (the first admin is the single seller's owner).
    expect(perOwner).toEqual([ALICE, BOB].sort());
    const system: boolean[] = [];
    await t.ctx.scheduler.runTick({ name: 'test.system', cron: '0 3 * * *', scope: 'system', run: async () => void system.push(ownerScope.isSystem()) }, new Date('2026-01-01T03:00:00Z'));
    expect(system).toEqual([true]);
  });
});

describe('single-seller mode', () => {
  it('gives every request to the local seller, as before', async () => {
    const s = await createTestApp({}, { strictScope: true });
    try {
      const res = await s.app.inject({ method: 'POST', url: '/listings', ...json({ title: 'Pull Petit Bateau', price: 12 }) });
      expect(res.statusCode).toBe(201);
      const row = await ownerScope.system(() => s.ctx.db.selectFrom('items').select('owner_id').executeTakeFirstOrThrow());
      expect(row.owner_id).toBe(LOCAL_OWNER_ID);
    } finally {
      await s.close();
    }
  });
});
