import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { OWNED_TABLES } from '../../src/platform/security/owner-scope-plugin.ts';
import { ownerScope } from '../../src/platform/security/owner-scope.ts';
import { A, B, call, setUpWalk, uploadPhoto, type Walk } from '../ownership/walk-setup.ts';
import { inviteUser } from './helpers.ts';
import { everyRowOf, ownerColumns, photoFiles, rowsOf } from './owner-tables.ts';

// The admin deletes a person with their data, or hands it to someone else (issue 20 point 5), through the real
// route on a real database and photo folder. A is the first admin with a full stock (items, photos, an order, a
// template, a webhook, a bulk import and its plan) to which each test adds settings, a Vinted account and a price
// change; B is a user whom A made admin, so that B can delete A.

const SHIRT = 'shirt/26bed63e-d57c-4a07-9bc9-4c17b5e85989.jpg';
const DRESS = 'dress/15eb72dd-9ab6-4c31-8b87-17f56e9f1290.jpg';

let w: Walk;
beforeEach(async () => {
  w = await setUpWalk();
  // A's per-person state: a setting, a Vinted account, a price change (price history), an SKU of their choosing.
  expect((await call(w, A, 'PUT', '/settings/signature', { signature: 'A la prochaine' })).statusCode).toBe(200);
  expect((await call(w, A, 'POST', '/vinted/accounts', { label: 'Boutique A' })).statusCode).toBe(201);
  expect((await call(w, A, 'PATCH', `/listings/${w.ids.item}`, { price: 75, sku: 'REF-1' })).statusCode).toBe(200);
  // B is admin, so B can delete A (the last admin cannot go, nor can an admin delete themselves).
  expect((await w.browsers[A].patch(`/admin/users/${w.userIds[B]}`, { role: 'admin' })).statusCode).toBe(200);
}, 120_000);
afterEach(async () => {
  await w.t.close();
});

const del = (query: string) => call(w, B, 'DELETE', `/admin/users/${A}${query}`);
const shaOf = (photoId: string) => ownerScope.system(() => w.t.ctx.db.selectFrom('photos').select('sha256').where('id', '=', photoId).executeTakeFirstOrThrow()).then((r) => r.sha256);

describe('deleting a person with their data', () => {
  it('has a handler for every table that keys rows by a person, and for every owner-scoped table', async () => {
    const handled = new Set(w.t.ctx.ownerData.tables());
    const found = (await ownerColumns(w.t)).map((c) => c.table);
    expect(found.length).toBeGreaterThan(30);
    expect(found.filter((t) => !handled.has(t))).toEqual([]);
    expect([...OWNED_TABLES].filter((t) => !handled.has(t))).toEqual([]);
  });

  it('erases every row of theirs in every owner-keyed table and their photo files, and leaves the others as they were', async () => {
    // B holds the same bytes as one of A's photos: that file is B's too and stays.
    const shared = await shaOf(w.ids.photo);
    const bPhoto = await uploadPhoto(w, B, SHIRT);
    const aOnly = await uploadPhoto(w, A, DRESS);
    const aOnlySha = await shaOf(aOnly);
    const before = await rowsOf(w.t, A);
    expect(Object.entries(before).filter(([, n]) => n > 0).map(([t]) => t)).toEqual(expect.arrayContaining([
      'items', 'photos', 'item_photos', 'price_history', 'orders', 'description_templates', 'webhooks', 'history', 'settings',
      'bulk_jobs', 'bulk_photos', 'bulk_plans', 'job_runs', 'vinted_accounts', 'quota_usage',
    ]));
    expect(photoFiles(w.t, aOnlySha).length).toBeGreaterThan(0);
    const bBefore = await everyRowOf(w.t, w.userIds[B]);

    const res = await del('?data=delete');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ ok: true, data: 'delete', to: null, moved: [] });
    expect(res.json().erased).toEqual(expect.arrayContaining(['items', 'photos', 'settings', 'vinted_accounts']));

    const after = await rowsOf(w.t, A);
    expect(Object.entries(after).filter(([, n]) => n > 0)).toEqual([]);
    expect(photoFiles(w.t, aOnlySha)).toEqual([]);
    expect(photoFiles(w.t, shared).length).toBeGreaterThan(0);
    expect(await everyRowOf(w.t, w.userIds[B])).toEqual(bBefore);
    expect((await call(w, B, 'GET', `/photos/${bPhoto}`)).statusCode).toBe(200);
    // A's token died with A; B sees none of A's things.
    expect((await call(w, A, 'GET', '/listings')).statusCode).toBe(401);
    expect((await call(w, B, 'GET', `/listings/${w.ids.item}`)).statusCode).toBe(404);
    expect((await call(w, B, 'GET', '/admin/users')).json().users.map((u: { id: string }) => u.id)).toEqual([w.userIds[B]]);
  });

  it("hands the stock to the recipient, erases the per-person state, and leaves the recipient's own rows as they were", async () => {
    // B already has the bytes of A's photo (it merges into B's row), the SKU A chose, and a template of the same name.
    const bPhoto = await uploadPhoto(w, B, SHIRT);
    const bItem = await call(w, B, 'POST', '/listings', { title: 'Veste de B', price: 20, sku: 'REF-1', photos: [bPhoto] });
    expect(bItem.statusCode, bItem.body).toBe(201);
    expect((await call(w, B, 'POST', '/templates', { name: 'Mon modèle', body: 'B : {etat}' })).statusCode).toBe(201);
    const aOnly = await uploadPhoto(w, A, DRESS);
    // A's edit of the photo that merges into B's row follows it (B has no edit of it).
    expect((await call(w, A, 'PUT', `/listings/${w.ids.item}/photos/${w.ids.photo}/edit`, { flip_h: true })).statusCode).toBe(200);
    const aItems = (await call(w, A, 'GET', '/listings?limit=100&include_total=true')).json();
    const bItems = (await call(w, B, 'GET', '/listings?limit=100&include_total=true')).json();
    const aOrders = (await call(w, A, 'GET', '/orders')).json().orders.length;
    const bOrders = (await call(w, B, 'GET', '/orders')).json().orders.length;
    const bBefore = await everyRowOf(w.t, w.userIds[B]);
    const aBefore = await rowsOf(w.t, A);

    const res = await del(`?data=transfer&to=${w.userIds[B]}`);
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ ok: true, data: 'transfer', to: w.userIds[B] });
    expect(body.moved).toEqual(expect.arrayContaining(['items', 'photos', 'item_photos', 'price_history', 'orders', 'history', 'description_templates', 'photo_edits']));
    expect(body.erased).toEqual(expect.arrayContaining(['settings', 'vinted_accounts', 'billing_accounts', 'bulk_jobs', 'job_runs', 'webhooks', 'extension_tokens', 'quota_usage']));

    // Nothing of A's is left under A's id.
    expect(Object.entries(await rowsOf(w.t, A)).filter(([, n]) => n > 0)).toEqual([]);
    // B sees A's items beside theirs through the normal API, with their photos served.
    const list = (await call(w, B, 'GET', '/listings?limit=100&include_total=true')).json();
    expect(list.total).toBe(aItems.total + bItems.total);
    const mine = list.items.find((i: { id: string }) => i.id === w.ids.item);
    expect(mine.sku).toBe('REF-1-2');
    expect(mine.price).toBe(75);
    // A's photo had the bytes of B's: A's item now shows B's photo row, whose file B gets.
    expect(mine.photos.map((p: { id: string }) => p.id)).toEqual([bPhoto]);
    expect((await call(w, B, 'GET', `/photos/${bPhoto}`)).statusCode).toBe(200);
    expect((await call(w, B, 'GET', `/photos/${w.ids.photo}`)).statusCode).toBe(404);
    const edits = (await call(w, B, 'GET', `/listings/${w.ids.item}/photo-edits`)).json().photos;
    expect(edits.map((e: { photo_id: string; edited: boolean; params: { flip_h?: boolean } }) => [e.photo_id, e.edited, e.params.flip_h])).toEqual([[bPhoto, true, true]]);
    const moved = await call(w, B, 'GET', `/photos/${aOnly}`);
    expect(moved.statusCode).toBe(200);
    expect(moved.rawPayload.length).toBeGreaterThan(1000);
    expect((await call(w, B, 'GET', `/history?item_id=${w.ids.item}`)).json().entries.length).toBeGreaterThan(0);
    expect((await call(w, B, 'GET', '/orders')).json().orders.length).toBe(aOrders + bOrders);
    expect(aOrders).toBeGreaterThan(0);
    const templates = (await call(w, B, 'GET', '/templates')).json().templates.map((x: { name: string }) => x.name);
    expect(templates.filter((n: string) => n === 'Mon modèle')).toHaveLength(2);
    // A's per-person state did not come along.
    expect((await call(w, B, 'GET', '/settings/signature')).json().signature).toBeNull();
    expect((await call(w, B, 'GET', '/vinted/accounts')).json().accounts.map((x: { label: string }) => x.label)).not.toContain('Boutique A');
    // B's own rows are all still there, unchanged.
    const bAfter = await everyRowOf(w.t, w.userIds[B]);
    for (const [table, rows] of Object.entries(bBefore)) {
      if (table === 'seller_memory_versions' || table === 'quota_usage') continue;
      expect(bAfter[table], table).toEqual(expect.arrayContaining(rows));
    }
    expect(aBefore.items).toBeGreaterThan(0);
    expect((await call(w, A, 'GET', '/listings')).statusCode).toBe(401);
  });

  it('changes nothing when the database fails half-way through a transfer', async () => {
    const aBefore = await everyRowOf(w.t, A);
    const bBefore = await everyRowOf(w.t, w.userIds[B]);
    const sha = await shaOf(w.ids.photo);
    // A real failure of the database, after the items have moved: orders refuse every change of owner.
    const pg = !!w.t.config.DATABASE_URL;
    if (pg) {
      await sql`create function refuse_order_move() returns trigger language plpgsql as $$ begin raise exception 'refused by the test'; end $$`.execute(w.t.ctx.db);
      await sql`create trigger refuse_order_move before update on orders for each row when (old.owner_id is distinct from new.owner_id) execute function refuse_order_move()`.execute(w.t.ctx.db);
    } else {
      await sql`create trigger refuse_order_move before update on orders when old.owner_id is not new.owner_id begin select raise(abort, 'refused by the test'); end`.execute(w.t.ctx.db);
    }
    const res = await del(`?data=transfer&to=${w.userIds[B]}`);
    expect(res.statusCode).toBe(500);
    expect(await everyRowOf(w.t, A)).toEqual(aBefore);
    expect(await everyRowOf(w.t, w.userIds[B])).toEqual(bBefore);
    expect(photoFiles(w.t, sha).length).toBeGreaterThan(0);
    expect((await call(w, A, 'GET', `/listings/${w.ids.item}`)).statusCode).toBe(200);

    await sql`drop trigger refuse_order_move${sql.raw(pg ? ' on orders' : '')}`.execute(w.t.ctx.db);
    const again = await del(`?data=transfer&to=${w.userIds[B]}`);
    expect(again.statusCode, again.body).toBe(200);
    expect((await call(w, B, 'GET', `/listings/${w.ids.item}`)).statusCode).toBe(200);
  });

  it('lets only one of two deletions that hand data to each other through: the other finds its recipient gone', async () => {
    const carl = await inviteUser(w.t, w.browsers[A], 'carl@example.org', 'carl-password-123');
    const carlId = (await carl.get('/auth/session')).json().user.id as string;
    const beaId = w.userIds[B];
    expect((await call(w, B, 'POST', '/listings', { title: 'Article de B', price: 10 })).statusCode).toBe(201);
    expect((await carl.post('/listings', { title: 'Article de C', price: 10 })).statusCode).toBe(201);
    const [one, two] = await Promise.all([
      w.browsers[A].del(`/admin/users/${beaId}?data=transfer&to=${carlId}`),
      w.browsers[A].del(`/admin/users/${carlId}?data=transfer&to=${beaId}`),
    ]);
    const answers = [one, two].map((r) => [r.statusCode, r.json().error?.code ?? 'ok']).sort();
    expect(answers).toEqual([[200, 'ok'], [404, 'transfer_target_not_found']]);
    const [gone, kept] = one.statusCode === 200 ? [beaId, carlId] : [carlId, beaId];
    expect(Object.entries(await rowsOf(w.t, gone)).filter(([, n]) => n > 0)).toEqual([]);
    const titles = await ownerScope.system(() => w.t.ctx.db.selectFrom('items').select('title').where('owner_id', '=', kept).execute());
    expect(titles.map((r) => r.title).sort()).toEqual(['Article de B', 'Article de C']);
  });

  it('answers a missing or wrong choice with a stable 4xx and changes nothing', async () => {
    const aBefore = await everyRowOf(w.t, A);
    const cases: [string, number, string][] = [
      ['', 400, 'data_choice_required'],
      ['?data=transfer', 400, 'transfer_target_required'],
      [`?data=delete&to=${w.userIds[B]}`, 400, 'transfer_target_unexpected'],
      ['?data=erase', 400, 'validation_failed'],
      ['?data=transfer&to=nobody', 404, 'transfer_target_not_found'],
      [`?data=transfer&to=${A}`, 409, 'transfer_to_same_user'],
    ];
    for (const [q, status, code] of cases) {
      const res = await del(q);
      expect([q, res.statusCode, res.json().error?.code]).toEqual([q, status, code]);
    }
    expect((await call(w, B, 'DELETE', `/admin/users/${w.userIds[B]}?data=delete`)).json().error.code).toBe('cannot_change_self');
    expect((await call(w, B, 'DELETE', '/admin/users/nobody?data=delete')).json().error.code).toBe('user_not_found');
    expect(await everyRowOf(w.t, A)).toEqual(aBefore);
  });
});
