import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import { OWNED_TABLES } from '../../src/platform/security/owner-scope-plugin.ts';
import { LOCAL_OWNER_ID, ownerScope } from '../../src/platform/security/owner-scope.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';
import { devPhoto, multipart } from '../photos/photo-files.ts';
import { type Browser, HOST, inviteUser, setUpAdmin } from '../accounts/helpers.ts';
import { files as filesPart } from '../bulk/fixtures/multipart.ts';

// What the two cross-owner walks share (issue 20, "Bad input and attacks"): an AUTH_MODE=accounts server with two
// real accounts, A (the first admin, who owns the single seller's data) and B (a user A invited), each calling with
// an API token of their own as a script would; A's stock (items, photos, an order, a template, a webhook, a bulk
// import with its plan); the routes read from the app's own OpenAPI document; and a snapshot of A's rows.

export type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
export interface Schema {
  type?: string | string[]; properties?: Record<string, Schema>; required?: string[]; enum?: unknown[]; items?: Schema; minItems?: number; minimum?: number;
  format?: string; minLength?: number; anyOf?: Schema[]; oneOf?: Schema[]; const?: unknown; default?: unknown; maximum?: number; pattern?: string; $ref?: string;
}
export interface Route { method: Method; path: string; params: string[]; body?: Schema }

export const A = LOCAL_OWNER_ID;
export const B = 'bea';

/** A's ids by what they are, its secret title and brand, and the Vinted listing id of A's item. */
export interface Walk {
  t: TestApp;
  tokens: Record<string, string>;
  /** A's and B's logged-in browsers (what only a session may do: pair the extension). */
  browsers: Record<string, Browser>;
  /** The owner ids behind the labels A and B (B's is a random user id). */
  userIds: Record<string, string>;
  ids: Record<string, string>;
  secretTitle: string;
  secretBrand: string;
  /** The OpenAPI document's named schemas, for `$ref`s in request bodies. */
  components: Record<string, Schema>;
}

export const authAs = (w: Walk, owner: string): Record<string, string> => ({ host: HOST, authorization: `Bearer ${w.tokens[owner]}` });

export const call = (w: Walk, owner: string, method: Method, url: string, body?: unknown) => w.t.app.inject({
  method, url, headers: { ...authAs(w, owner), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
  ...(body === undefined ? {} : { payload: JSON.stringify(body) }),
});

export const resolve = (w: Walk, s: Schema | undefined): Schema | undefined =>
  (s?.$ref ? resolve(w, w.components[s.$ref.split('/').pop()!]) : s);

/** A small body that satisfies a route's JSON schema, so B's call reaches the data rather than stopping at validation. */
export function sample(w: Walk, schema: Schema | undefined, key = ''): unknown {
  const s = resolve(w, schema);
  if (!s) return undefined;
  if (s.const !== undefined) return s.const;
  if (s.enum?.length) return s.enum[0];
  if (s.default !== undefined) return s.default;
  const alt = s.anyOf ?? s.oneOf;
  if (alt) return sample(w, alt.find((x) => x.type !== 'null') ?? alt[0], key);
  const type = Array.isArray(s.type) ? s.type.find((x) => x !== 'null') : s.type;
  if (type === 'object' || s.properties) {
    const out: Record<string, unknown> = {};
    for (const k of s.required ?? []) out[k] = sample(w, s.properties?.[k], k);
    return out;
  }
  if (type === 'array') return Array.from({ length: s.minItems ?? 0 }, () => sample(w, s.items, key));
  if (type === 'integer' || type === 'number') return s.minimum !== undefined ? Math.max(s.minimum, Math.min(1, s.maximum ?? 1)) : 1;
  if (type === 'boolean') return false;
  if (type === 'string') {
    if (s.format === 'uuid' || /_id$/.test(key)) return w.ids.sold;
    if (s.format === 'date-time') return '2025-06-01T10:00:00Z';
    if (s.format === 'uri' || /url/.test(key)) return 'https://example.com/x';
    return 'x'.repeat(Math.max(1, s.minLength ?? 1));
  }
  return undefined;
}

export async function routes(w: Walk): Promise<Route[]> {
  const spec = (await w.t.app.inject({ url: '/openapi.json', headers: authAs(w, A) })).json() as {
    paths: Record<string, Record<string, { requestBody?: { content?: Record<string, { schema?: Schema }> } }>>;
    components?: { schemas?: Record<string, Schema> };
  };
  Object.assign(w.components, spec.components?.schemas ?? {});
  const out: Route[] = [];
  for (const [path, ops] of Object.entries(spec.paths)) {
    // An event stream never ends under inject (it holds no id; its events are scoped).
    if (path === '/events' || path.startsWith('/docs')) continue;
    for (const [m, op] of Object.entries(ops)) {
      const method = m.toUpperCase() as Method;
      if (!['GET', 'POST', 'PATCH', 'PUT', 'DELETE'].includes(method)) continue;
      const params = [...path.matchAll(/\{([^}]+)\}/g)].map((x) => x[1]);
      out.push({ method, path, params, body: op.requestBody?.content?.['application/json']?.schema });
    }
  }
  return out;
}

/** Every row of `who`'s (A or B) in every owned table, read across owners: what A's walk must leave untouched. */
export const snapshot = (w: Walk, who = A) => ownerScope.system(async () => {
  const owner = w.userIds[who];
  const all: Record<string, unknown[]> = {};
  for (const table of OWNED_TABLES) {
    all[table] = await w.t.ctx.db.selectFrom(table as 'items').selectAll().where('owner_id', '=', owner).execute();
  }
  return all;
});

export async function uploadPhoto(w: Walk, owner: string, file: string): Promise<string> {
  const up = multipart([{ filename: 'a.jpg', content: devPhoto(file) }]);
  const photo = await w.t.app.inject({ method: 'POST', url: '/photos', headers: { ...authAs(w, owner), ...up.headers }, payload: up.payload });
  expect(photo.statusCode, photo.body).toBe(201);
  return photo.json().photos[0].id;
}

/** A bulk import of two photos as `owner`, analysed to the end: its job id and the first of its photos. */
export async function bulkImport(w: Walk, owner: string): Promise<{ job: string; photo: string }> {
  const batch = filesPart([
    { filename: 'b1.jpg', bytes: devPhoto('t-shirt/03103065-f445-44a5-b707-53b73534f57d.jpg') },
    { filename: 'b2.jpg', bytes: devPhoto('shirt/26bed63e-d57c-4a07-9bc9-4c17b5e85989.jpg') },
  ]);
  const bulk = await w.t.app.inject({ method: 'POST', url: '/bulk/ingest/photos', headers: { ...authAs(w, owner), ...batch.headers }, payload: batch.payload });
  expect(bulk.statusCode, bulk.body).toBe(200);
  await w.t.ctx.jobs.idle();
  const job = bulk.json().job_id as string;
  const photo = (await ownerScope.run(w.userIds[owner], () => w.t.ctx.db.selectFrom('bulk_photos' as 'items').select('id').where('job_id' as 'id', '=', job).executeTakeFirstOrThrow())).id;
  return { job, photo };
}

/** The app, A and B with their tokens, and A's stock. */
export async function setUpWalk(): Promise<Walk> {
  // The walk makes a few hundred calls in a minute: the rate limit is not what it tests.
  const t = await createTestApp({ AUTH_MODE: 'accounts', PRICE_DROP_CRON: 'off', PURGE_CRON: 'off', RATE_LIMIT_MAX: '100000' }, { strictScope: true });
  const w: Walk = { t, tokens: {}, browsers: {}, userIds: {}, ids: {}, secretTitle: `Manteau secret ${randomUUID().slice(0, 8)}`, secretBrand: `Maison ${randomUUID().slice(0, 8)}`, components: {} };
  const admin = await setUpAdmin(t);
  w.tokens[A] = (await admin.post('/auth/tokens', { name: 'walk A' })).json().token;
  const bea = await inviteUser(t, admin, 'bea@example.org', 'bea-password-123');
  w.tokens[B] = (await bea.post('/auth/tokens', { name: 'walk B' })).json().token;
  w.browsers[A] = admin;
  w.browsers[B] = bea;
  for (const who of [A, B]) w.userIds[who] = (await call(w, who, 'GET', '/auth/session')).json().user.id;
  expect(w.userIds[A]).toBe(A);
  expect(Object.values(w.tokens).every((x) => typeof x === 'string' && x.length > 20)).toBe(true);
  w.ids.photo = await uploadPhoto(w, A, 'shirt/26bed63e-d57c-4a07-9bc9-4c17b5e85989.jpg');
  const item = await call(w, A, 'POST', '/listings', { title: w.secretTitle, price: 80, brand: w.secretBrand, photos: [w.ids.photo] });
  expect(item.statusCode, item.body).toBe(201);
  w.ids.item = item.json().id;
  const other = await call(w, A, 'POST', '/listings', { title: `${w.secretTitle} bis`, price: 30, status: 'listed' });
  w.ids.sold = other.json().id;
  // An item of A's on Vinted: the extension's reports name items by their Vinted listing id.
  w.ids.vintedListing = String(9_000_000_000 + Math.floor(Math.random() * 1_000_000));
  const listed = await call(w, A, 'POST', '/listings', {
    title: `${w.secretTitle} ter`, price: 40, status: 'listed', photos: [w.ids.photo],
    vinted: { listing_id: w.ids.vintedListing, url: `https://www.vinted.fr/items/${w.ids.vintedListing}` },
  });
  expect(listed.statusCode, listed.body).toBe(201);
  w.ids.listed = listed.json().id;
  const order = await call(w, A, 'POST', '/orders', { item_id: w.ids.sold, sale_price: 25, sold_at: '2025-06-01T10:00:00Z', platform: 'vinted' });
  expect(order.statusCode, order.body).toBe(201);
  w.ids.order = order.json().order.id;
  const template = await call(w, A, 'POST', '/templates', { name: 'Mon modèle', body: 'État : {etat}' });
  expect(template.statusCode, template.body).toBe(201);
  w.ids.template = template.json().id;
  const hook = await call(w, A, 'POST', '/webhooks', { url: 'http://127.0.0.1:9/hook', events: ['item.sold'], allow_local: true });
  expect(hook.statusCode, hook.body).toBe(201);
  w.ids.webhook = hook.json().id;
  const bulk = await bulkImport(w, A);
  w.ids.bulkJob = bulk.job;
  w.ids.bulkPhoto = bulk.photo;
  const plan = await call(w, A, 'POST', '/bulk/listings/plan', { job_id: w.ids.bulkJob, defaults: { price: 12 } });
  expect(plan.statusCode, plan.body).toBe(200);
  w.ids.plan = plan.json().plan_id;
  return w;
}
