import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OWNED_TABLES } from '../../src/platform/security/owner-scope-plugin.ts';
import { LOCAL_OWNER_ID, ownerScope } from '../../src/platform/security/owner-scope.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';
import { devPhoto, multipart } from '../photos/photo-files.ts';
import { HOST, inviteUser, setUpAdmin } from '../accounts/helpers.ts';
import { files as filesPart } from '../bulk/fixtures/multipart.ts';

// The cross-owner walk (issue 20, "Bad input and attacks"): every route of the app, read from its own OpenAPI document
// so a new route is walked without touching this file, is called as owner B with owner A's ids. What B gets must be
// what B would get for an id that does not exist at all (never a 403, never A's data), and A's rows are left exactly
// as they were. Routes without an id are called as B too: A's ids and titles appear in none of their answers.
// A and B are real accounts of an AUTH_MODE=accounts server (A the first admin, who owns the single seller's data; B a
// user A invited), each calling with an API token of their own, as a script would.

type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
interface Route { method: Method; path: string; params: string[]; body?: Schema }
interface Schema { type?: string | string[]; properties?: Record<string, Schema>; required?: string[]; enum?: unknown[]; items?: Schema; minItems?: number; minimum?: number; format?: string; minLength?: number; anyOf?: Schema[]; oneOf?: Schema[]; const?: unknown; default?: unknown; maximum?: number }

let t: TestApp;
const A = LOCAL_OWNER_ID;
const B = 'bea';
const tokens: Record<string, string> = {};
const authAs = (owner: string): Record<string, string> => ({ host: HOST, authorization: `Bearer ${tokens[owner]}` });
const ids: Record<string, string> = {};
let secretTitle = '';
let secretBrand = '';

const call = (owner: string, method: Method, url: string, body?: unknown) => t.app.inject({
  method, url, headers: { ...authAs(owner), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
  ...(body === undefined ? {} : { payload: JSON.stringify(body) }),
});

/** A small body that satisfies a route's JSON schema, so B's call reaches the data rather than stopping at validation. */
function sample(s: Schema | undefined, key = ''): unknown {
  if (!s) return undefined;
  if (s.const !== undefined) return s.const;
  if (s.enum?.length) return s.enum[0];
  if (s.default !== undefined) return s.default;
  const alt = s.anyOf ?? s.oneOf;
  if (alt) return sample(alt.find((x) => x.type !== 'null') ?? alt[0], key);
  const type = Array.isArray(s.type) ? s.type.find((x) => x !== 'null') : s.type;
  if (type === 'object' || s.properties) {
    const out: Record<string, unknown> = {};
    for (const k of s.required ?? []) out[k] = sample(s.properties?.[k], k);
    return out;
  }
  if (type === 'array') return Array.from({ length: s.minItems ?? 0 }, () => sample(s.items, key));
  if (type === 'integer' || type === 'number') return s.minimum !== undefined ? Math.max(s.minimum, Math.min(1, s.maximum ?? 1)) : 1;
  if (type === 'boolean') return false;
  if (type === 'string') {
    if (s.format === 'uuid' || /_id$/.test(key)) return ids.sold;
    if (s.format === 'date-time') return '2025-06-01T10:00:00Z';
    if (s.format === 'uri' || /url/.test(key)) return 'https://example.com/x';
    return 'x'.repeat(Math.max(1, s.minLength ?? 1));
  }
  return undefined;
}

/** A's id for a path parameter, by the resource the path names. */
function idFor(path: string, param: string): string {
  if (param === 'photo_id' && !path.startsWith('/bulk')) return ids.photo;
  if (path.startsWith('/photos') || path.startsWith('/studio')) return ids.photo;
  if (path.startsWith('/orders')) return ids.order;
  if (path.startsWith('/templates')) return ids.template;
  if (path.startsWith('/webhooks')) return ids.webhook;
  if (path.startsWith('/bulk')) {
    if (param === 'photo_id') return ids.bulkPhoto;
    if (path.startsWith('/bulk/plans')) return ids.plan;
    return ids.bulkJob;
  }
  return ids.item;
}

/** Routes the walk cannot call with inject: an event stream never ends (it holds no id; its events are scoped). */
const STREAMS = new Set(['/events']);

async function routes(): Promise<Route[]> {
  const spec = (await t.app.inject({ url: '/openapi.json', headers: authAs(A) })).json() as { paths: Record<string, Record<string, { requestBody?: { content?: Record<string, { schema?: Schema }> } }>> };
  const out: Route[] = [];
  for (const [path, ops] of Object.entries(spec.paths)) {
    if (STREAMS.has(path) || path.startsWith('/docs')) continue;
    for (const [m, op] of Object.entries(ops)) {
      const method = m.toUpperCase() as Method;
      if (!['GET', 'POST', 'PATCH', 'PUT', 'DELETE'].includes(method)) continue;
      const params = [...path.matchAll(/\{([^}]+)\}/g)].map((x) => x[1]);
      out.push({ method, path, params, body: op.requestBody?.content?.['application/json']?.schema });
    }
  }
  return out;
}

/** Every row of A's in every owned table, read across owners: what the walk must leave untouched. */
const snapshot = () => ownerScope.system(async () => {
  const all: Record<string, unknown[]> = {};
  for (const table of OWNED_TABLES) {
    all[table] = await t.ctx.db.selectFrom(table as 'items').selectAll().where('owner_id', '=', A).execute();
  }
  return all;
});

beforeAll(async () => {
  // The walk makes a few hundred calls in a minute: the rate limit is not what it tests.
  t = await createTestApp({ AUTH_MODE: 'accounts', PRICE_DROP_CRON: 'off', PURGE_CRON: 'off', RATE_LIMIT_MAX: '100000' }, { strictScope: true });
  const admin = await setUpAdmin(t);
  tokens[A] = (await admin.post('/auth/tokens', { name: 'walk A' })).json().token;
  const bea = await inviteUser(t, admin, 'bea@example.org', 'bea-password-123');
  tokens[B] = (await bea.post('/auth/tokens', { name: 'walk B' })).json().token;
  expect(Object.values(tokens).every((x) => typeof x === 'string' && x.length > 20)).toBe(true);
  const up = multipart([{ filename: 'a.jpg', content: devPhoto('shirt/26bed63e-d57c-4a07-9bc9-4c17b5e85989.jpg') }]);
  const photo = await t.app.inject({ method: 'POST', url: '/photos', headers: { ...authAs(A), ...up.headers }, payload: up.payload });
  expect(photo.statusCode, photo.body).toBe(201);
  ids.photo = photo.json().photos[0].id;
  secretTitle = `Manteau secret ${randomUUID().slice(0, 8)}`;
  secretBrand = `Maison ${randomUUID().slice(0, 8)}`;
  const item = await call(A, 'POST', '/listings', { title: secretTitle, price: 80, brand: secretBrand, photos: [ids.photo] });
  expect(item.statusCode, item.body).toBe(201);
  ids.item = item.json().id;
  const other = await call(A, 'POST', '/listings', { title: `${secretTitle} bis`, price: 30, status: 'listed' });
  ids.sold = other.json().id;
  const order = await call(A, 'POST', '/orders', { item_id: ids.sold, sale_price: 25, sold_at: '2025-06-01T10:00:00Z', platform: 'vinted' });
  expect(order.statusCode, order.body).toBe(201);
  ids.order = order.json().order.id;
  const template = await call(A, 'POST', '/templates', { name: 'Mon modèle', body: 'État : {etat}' });
  expect(template.statusCode, template.body).toBe(201);
  ids.template = template.json().id;
  const hook = await call(A, 'POST', '/webhooks', { url: 'http://127.0.0.1:9/hook', events: ['item.sold'], allow_local: true });
  expect(hook.statusCode, hook.body).toBe(201);
  ids.webhook = hook.json().id;
  // A bulk import (its job, photos, clusters, plan), analysed to the end.
  const batch = filesPart([
    { filename: 'b1.jpg', bytes: devPhoto('t-shirt/03103065-f445-44a5-b707-53b73534f57d.jpg') },
    { filename: 'b2.jpg', bytes: devPhoto('shirt/26bed63e-d57c-4a07-9bc9-4c17b5e85989.jpg') },
  ]);
  const bulk = await t.app.inject({ method: 'POST', url: '/bulk/ingest/photos', headers: { ...authAs(A), ...batch.headers }, payload: batch.payload });
  expect(bulk.statusCode, bulk.body).toBe(200);
  ids.bulkJob = bulk.json().job_id;
  await t.ctx.jobs.idle();
  const plan = await call(A, 'POST', '/bulk/listings/plan', { job_id: ids.bulkJob, defaults: { price: 12 } });
  expect(plan.statusCode, plan.body).toBe(200);
  ids.plan = plan.json().plan_id;
  ids.bulkPhoto = (await ownerScope.run(A, () => t.ctx.db.selectFrom('bulk_photos' as 'items').select('id').executeTakeFirstOrThrow())).id;
}, 120_000);
afterAll(async () => t.close());

describe('another owner’s ids, through every route', () => {
  it('answers B as if A’s data did not exist, and changes nothing of A’s', async () => {
    const before = await snapshot();
    const all = await routes();
    expect(all.length).toBeGreaterThan(100);
    const leaks: string[] = [];
    let walked = 0;
    let notFound = 0;
    for (const r of all.filter((x) => x.params.length > 0)) {
      const path = (values: (p: string) => string) => r.path.replace(/\{([^}]+)\}/g, (_, p: string) => encodeURIComponent(values(p)));
      const body = ['POST', 'PATCH', 'PUT'].includes(r.method) ? (sample(r.body) ?? {}) : undefined;
      const started = Date.now();
      const asB = await call(B, r.method, path((p) => idFor(r.path, p)), body);
      if (process.env.WALK_DEBUG) console.log(r.method, r.path, asB.statusCode, Date.now() - started);
      const ghost = await call(B, r.method, path(() => randomUUID()), body);
      walked++;
      if (asB.statusCode === 404) notFound++;
      // A refusal that does not depend on the id (publication switched off: 403 for any id) confirms nothing.
      if (asB.statusCode !== ghost.statusCode) leaks.push(`${r.method} ${r.path}: ${asB.statusCode} for A's id, ${ghost.statusCode} for none (${asB.body.slice(0, 200)} / ${ghost.body.slice(0, 200)})`);
      if (asB.body.includes(secretTitle)) leaks.push(`${r.method} ${r.path}: answers with A's item`);
    }
    for (const r of all.filter((x) => x.params.length === 0 && x.method === 'GET')) {
      const res = await call(B, 'GET', r.path);
      const text = res.body;
      for (const [what, id] of Object.entries(ids)) if (text.includes(id)) leaks.push(`GET ${r.path}: shows A's ${what}`);
      if (text.includes(secretTitle)) leaks.push(`GET ${r.path}: shows A's item title`);
      // Figures too: A's brand in B's statistics would say what A sells.
      if (text.includes(secretBrand)) leaks.push(`GET ${r.path}: shows A's brand`);
    }
    expect(leaks).toEqual([]);
    expect(walked).toBeGreaterThan(40);
    // Most id routes reach the lookup and answer 404; the rest refuse the request the same way for any id.
    expect(notFound).toBeGreaterThan(walked / 2);
    expect(await snapshot()).toEqual(before);
    // A still sees everything of A's.
    expect((await call(A, 'GET', `/listings/${ids.item}`)).json().title).toBe(secretTitle);
    expect((await call(A, 'GET', `/photos/${ids.photo}`)).statusCode).toBe(200);
  }, 300_000);
});
