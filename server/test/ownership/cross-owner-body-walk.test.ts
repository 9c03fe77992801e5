import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXT_ORIGIN } from '../extension/paired-extension.ts';
import { HOST } from '../accounts/helpers.ts';
import { A, B, bulkImport, call as callAs, type Method, resolve, type Route, routes, sample, type Schema, setUpWalk, snapshot, type Walk } from './walk-setup.ts';

// The cross-owner walk of request bodies (issue 20, "Bad input and attacks"): every POST, PUT and PATCH route whose
// JSON body names one of our rows (`item_id`, `photo_ids`, `job_id`, `ids`…) is called as owner B twice with the same
// otherwise-valid body, once with A's ids in those fields and once with ids that exist nowhere. Both answers must be
// the same (status, error code, and the body once ids and times are set aside): A's rows are as invisible to B inside
// a body as in a path. Afterwards A's rows are exactly as they were and none of B's rows names one of A's.
// The routes and their body schemas come from the app's OpenAPI document, so a new route is walked without touching
// this file; a body field that holds a row id but is not in BODY_IDS fails the walk until it is named here.

let w: Walk;
/** The extension's routes take the paired extension's token and origin; the rest, the owner's API token. */
const call = (owner: string, method: Method, url: string, body?: unknown) => (url.startsWith('/extension/') && extTokens[owner]
  ? w.t.app.inject({ method, url, headers: { host: HOST, origin: EXT_ORIGIN, authorization: `Bearer ${extTokens[owner]}`, 'content-type': 'application/json' }, payload: JSON.stringify(body) })
  : callAs(w, owner, method, url, body));
const extTokens: Record<string, string> = {};
/** B's own rows, for a path whose body is what the walk tests (B's template applied to A's items). */
const mine: Record<string, string> = {};

type Kind = 'item' | 'photo' | 'bulkPhoto' | 'bulkJob' | 'plan' | 'template' | 'webhook' | 'order' | 'vinted' | 'none';

/** What a body field holds, by its name: one of our rows, a Vinted listing id, or nothing of ours (`none`). */
function kindOf(route: Route, key: string): Kind | undefined {
  const bulk = route.path.startsWith('/bulk');
  if (['item_id', 'item_ids', 'draft_id', 'into'].includes(key)) return 'item';
  if (key === 'ids') return route.path.startsWith('/listings') ? 'item' : undefined;
  // A client-chosen id for the row it creates names nothing yet (see takenOf).
  if (key === 'id') return route.path === '/listings' || route.path === '/listings/{id}' || route.path === '/listings/bulk-edit/undo' ? 'item' : undefined;
  if (['photo_ids', 'photos', 'cover_photo_id', 'split_at', 'order'].includes(key)) return bulk ? 'bulkPhoto' : 'photo';
  if (key === 'job_id') return 'bulkJob';
  if (key === 'plan_id') return 'plan';
  if (key === 'template_id') return 'template';
  if (key === 'webhook_id') return 'webhook';
  if (key === 'order_id') return 'order';
  // The extension names items by their Vinted listing; elsewhere a listing id is what the seller types on an item.
  if (key === 'listing_id' || key === 'old_listing_id') return route.path.startsWith('/extension/') ? 'vinted' : 'none';
  // Vinted's own ids for a sale or an order, stored as given: no row of ours is looked up by them.
  if (key === 'sale_id' || key === 'external_id') return 'none';
  return undefined;
}

const looksLikeId = (key: string, s: Schema | undefined) => /(^|_)ids?$/.test(key) || s?.format === 'uuid' || s?.items?.format === 'uuid';

const AS_ID: Record<Exclude<Kind, 'none' | 'vinted'>, string> = {
  item: 'listed', photo: 'photo', bulkPhoto: 'bulkPhoto', bulkJob: 'bulkJob', plan: 'plan', template: 'template', webhook: 'webhook', order: 'order',
};

/** A listing sent whole (no draft) that is ready to publish, with A's photo in it. */
const READY_LISTING = (id: (k: Kind) => string) => ({
  title: 'Pull en laine bleu Zara', price: 20, brand: 'Zara', size: 'M', condition: 'Très bon état', color: 'Bleu', category_hint: 'pull',
  description: 'Pull en laine bleu, très bon état, porté quelques fois. Taille M, coupe droite. Envoi rapide et soigné.', photos: [id('photo')],
});

/**
 * Bodies the schema alone cannot make valid: a group edit takes one kind of change at a time, a bulk edit names its
 * action. `id` stands for the walk's value of each field (A's id, or one that exists nowhere).
 */
const EXAMPLES: Record<string, (id: (k: Kind) => string) => unknown[]> = {
  // A's job, then B's own job with A's photos in it.
  'PATCH /bulk/clusters/{id}': (id) => [
    { job_id: id('bulkJob'), title: 'Chemise bleue' },
    { job_id: mine.bulkJob, cover_photo_id: id('bulkPhoto') },
    { job_id: mine.bulkJob, move: { photo_ids: [id('bulkPhoto')], to: 'new' } },
    { job_id: mine.bulkJob, split_at: id('bulkPhoto') },
    { job_id: mine.bulkJob, order: [id('bulkPhoto'), mine.bulkPhoto] },
  ],
  'POST /listings/bulk-edit': (id) => [
    { ids: [id('item')], action: { type: 'status', status: 'archived' } },
    { ids: [id('item')], action: { type: 'template', template_id: id('template') } },
    { ids: [mine.item], action: { type: 'template', template_id: id('template') } },
  ],
  // An undo names the items a bulk edit answered, with what it changed: A's item never goes back, nor is it seen.
  'POST /listings/bulk-edit/undo': (id) => [
    { items: [{ id: id('item'), changes: { price: { from: 20, to: 18 } } }] },
    { items: [{ id: id('item'), changes: { status: { from: 'listed', to: 'archived' } } }, { id: mine.item, changes: {} }] },
  ],
  'POST /templates/{id}/apply': (id) => [{ item_ids: [id('item')] }, { item_ids: [id('item')], dry_run: true }],
  // A listing sent whole (no draft) with A's photos in it.
  'POST /vinted/listings/prepare': (id) => [{ draft_id: id('item') }, READY_LISTING(id)],
  'POST /vinted/listing/prepare': (id) => [{ draft_id: id('item') }, READY_LISTING(id)],
  // A relist names the item and its old listing; the copy's listing is new.
  'POST /extension/relists': (id) => [
    { outcome: 'relisted', item_id: id('item'), old_listing_id: id('vinted'), listing_id: '777001', url: 'https://www.vinted.fr/items/777001' },
    { outcome: 'stopped', item_id: id('item'), old_listing_id: id('vinted'), step: 'publish' },
  ],
};

/**
 * The body for `route` with `id(kind)` in the id field at `only` (a dotted path; `*`: every id field) and in every
 * required one, the rest of it sampled from the schema. `leaves` collects the paths of the id fields met.
 */
function bodyFor(route: Route, id: (k: Kind) => string, only: string, leaves: string[], unknown: Set<string>): unknown {
  const build = (schema: Schema | undefined, key: string, path: string): unknown => {
    const s = resolve(w, schema);
    if (!s) return undefined;
    const kind = key ? kindOf(route, key) : undefined;
    if (!kind && looksLikeId(key, s)) unknown.add(`${route.method} ${route.path}: body field "${path}"`);
    const alt = (s.anyOf ?? s.oneOf)?.filter((x) => resolve(w, x)?.type !== 'null');
    if (alt?.length) return build(alt.find((x) => holdsIds(x)) ?? alt[0], key, path);
    const type = Array.isArray(s.type) ? s.type.find((x) => x !== 'null') : s.type;
    if (kind === 'none') return s.format === 'uuid' ? randomUUID() : '4242';
    if (kind) {
      leaves.push(path);
      const items = resolve(w, s.items);
      if (type === 'array' && items?.type === 'string') return [id(kind)];
      if (type === 'string') return id(kind);
    }
    // The extension's addresses are Vinted listing pages, of the listing the body names.
    if (key === 'url' && s.pattern?.includes('vinted')) return `https://www.vinted.fr/items/${id('vinted')}`;
    if (type === 'object' || s.properties) {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(s.properties ?? {})) {
        const at = path ? `${path}.${k}` : k;
        if (s.required?.includes(k) || (holdsIds(v, k) && (only === '*' || only === at || only.startsWith(`${at}.`)))) out[k] = build(v, k, at);
      }
      return out;
    }
    if (type === 'array' && holdsIds(s.items)) return Array.from({ length: Math.max(1, s.minItems ?? 1) }, () => build(s.items, '', path));
    return sample(w, s, key);
  };
  return build(route.body, '', '');
}

/** True when the schema has a field holding one of our ids, itself or inside. */
function holdsIds(schema: Schema | undefined, key = '', depth = 0): boolean {
  const s = resolve(w, schema);
  if (!s || depth > 8) return false;
  const kind = key ? kindOf({ method: 'POST', path: '', params: [] }, key) ?? (key === 'ids' || key === 'id' ? 'item' : undefined) : undefined;
  if (kind && kind !== 'none') return true;
  if (looksLikeId(key, s)) return true;
  if ([...(s.anyOf ?? []), ...(s.oneOf ?? [])].some((x) => holdsIds(x, key, depth + 1))) return true;
  if (s.items && holdsIds(s.items, '', depth + 1)) return true;
  return Object.entries(s.properties ?? {}).some(([k, v]) => holdsIds(v, k, depth + 1));
}

/**
 * A client-chosen id for the row a route creates (POST /listings {id}) names no row to look up: A's id there must
 * answer what an id B has taken already answers (409 item_already_exists), not what a fresh one does.
 */
const takenOf = (ghost: (k: Kind) => string) => (k: Kind) => (k === 'item' ? mine.item : ghost(k));
const ghostId = (k: Kind) => (k === 'vinted' ? String(8_000_000_000 + Math.floor(Math.random() * 1_000_000)) : randomUUID());
const aId = (k: Kind) => (k === 'vinted' ? w.ids.vintedListing : w.ids[AS_ID[k as keyof typeof AS_ID]]);

/** An answer with its ids, times and the walk's own values set aside: what must not depend on whose id was sent. */
function shape(body: string, values: string[]): unknown {
  let text = body;
  for (const v of values) text = text.split(v).join('<id>');
  try {
    return JSON.parse(text, (_k, v: unknown) => (typeof v === 'string'
      ? v.replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi, '<id>').replace(/\d{4}-\d\d-\d\dT[\d:.]+Z/g, '<time>')
      : v));
  } catch {
    return text;
  }
}

/** The path of `route` with B's own rows in it: what the walk tests is the body. */
function pathForB(route: Route): string {
  return route.path.replace(/\{([^}]+)\}/g, () => {
    if (route.path.startsWith('/bulk/clusters')) return 'c1';
    if (route.path.startsWith('/templates')) return mine.template;
    if (route.path.startsWith('/listings') || route.path.startsWith('/duplicates')) return mine.item;
    return randomUUID();
  });
}

beforeAll(async () => {
  w = await setUpWalk();
  // Reads the OpenAPI document's named schemas, which the example bodies below resolve `$ref`s against.
  await routes(w);
  const item = await call(B, 'POST', '/listings', { title: 'Pull de B', price: 20 });
  expect(item.statusCode, item.body).toBe(201);
  mine.item = item.json().id;
  const template = await call(B, 'POST', '/templates', { name: 'Modèle de B', body: 'Taille {taille}' });
  expect(template.statusCode, template.body).toBe(201);
  mine.template = template.json().id;
  const bulk = await bulkImport(w, B);
  mine.bulkJob = bulk.job;
  mine.bulkPhoto = bulk.photo;
  // B's extension, paired from B's session, and publication switched on, so that those routes reach their ids.
  const code = await w.browsers[B].post('/extension/pairing-codes', {});
  expect(code.statusCode, code.body).toBe(200);
  const paired = await w.t.app.inject({ method: 'POST', url: '/extension/pair', payload: { code: code.json().code, name: 'Walk' }, headers: { host: HOST, origin: EXT_ORIGIN } });
  expect(paired.statusCode, paired.body).toBe(200);
  extTokens[B] = paired.json().token;
  const publishing = await call(B, 'PATCH', '/vinted/settings', { publication_enabled: true, acknowledge_terms: true });
  expect(publishing.statusCode, publishing.body).toBe(200);
}, 120_000);
afterAll(async () => w.t.close());

describe('another owner’s ids, inside request bodies', () => {
  it('answers B as if A’s rows did not exist, changes nothing of A’s and links nothing of B’s to them', async () => {
    const before = await snapshot(w);
    const all = (await routes(w)).filter((r) => ['POST', 'PUT', 'PATCH'].includes(r.method) && r.body && holdsIds(r.body));
    const leaks: string[] = [];
    const unknown = new Set<string>();
    const invalid: string[] = [];
    const queued: { route: string; read: string; mine: string; ghost: string; values: string[] }[] = [];
    let walked = 0;
    for (const r of all) {
      const example = EXAMPLES[`${r.method} ${r.path}`];
      const ghostValues: string[] = [];
      // One ghost value per kind and body, so that a listing id and its address agree.
      const ghostOf = () => {
        const made = new Map<Kind, string>();
        return (k: Kind) => {
          if (!made.has(k)) made.set(k, ghostId(k));
          ghostValues.push(made.get(k)!);
          return made.get(k)!;
        };
      };
      const leaves: string[] = [];
      bodyFor(r, aId, '*', leaves, unknown);
      // Each id field on its own (the required ones always), so that one refusal does not hide the next field.
      const pairs: [unknown, unknown][] = example
        ? example(aId).map((b, i) => [b, example(ghostOf())[i]])
        : [...new Set(leaves)].map((leaf) => [bodyFor(r, aId, leaf, [], unknown), bodyFor(r, leaf === 'id' && r.method === 'POST' ? takenOf(ghostOf()) : ghostOf(), leaf, [], unknown)]);
      // Two id fields filled together (a listing id and its address) make one body: sent once, as a creation is.
      const seen = new Set<string>();
      for (const [mineBody, ghostBody] of pairs) {
        if (seen.has(JSON.stringify(mineBody))) continue;
        seen.add(JSON.stringify(mineBody));
        const path = pathForB(r);
        const asB = await call(B, r.method, path, mineBody);
        const ghost = await call(B, r.method, path, ghostBody);
        walked++;
        if (process.env.WALK_DEBUG) console.log(r.method, r.path, JSON.stringify(mineBody).slice(0, 160), asB.statusCode, ghost.statusCode, ghost.body.slice(0, 160));
        const code = (res: typeof asB) => (String(res.headers['content-type'] ?? '').includes('json') ? res.json()?.error?.code : undefined);
        // A body the route refuses as malformed tests nothing: the example table must make it valid.
        if (ghost.statusCode === 400 && ['validation_error', 'validation_failed'].includes(code(ghost))) invalid.push(`${r.method} ${r.path}: ${ghost.body.slice(0, 300)}`);
        const values = [...Object.values(w.ids), ...ghostValues];
        const same = asB.statusCode === ghost.statusCode && code(asB) === code(ghost)
          && JSON.stringify(shape(asB.body, values)) === JSON.stringify(shape(ghost.body, values));
        if (!same) leaks.push(`${r.method} ${r.path} ${JSON.stringify(mineBody).slice(0, 120)}: ${asB.statusCode} ${asB.body.slice(0, 240)} for A's ids, ${ghost.statusCode} ${ghost.body.slice(0, 240)} for none`);
        if (asB.body.includes(w.secretTitle)) leaks.push(`${r.method} ${r.path}: answers with A's item`);
        // Work queued for later (202 and a job): its outcome, read once the jobs have run, must not differ either.
        if (asB.statusCode === 202 && asB.json().job_id && ghost.json().job_id) queued.push({ route: `${r.method} ${r.path}`, read: r.path, mine: asB.json().job_id, ghost: ghost.json().job_id, values });
      }
    }
    await w.t.ctx.jobs.idle();
    for (const q of queued) {
      const [mineJob, ghostJob] = [await call(B, 'GET', `${q.read}/${q.mine}`), await call(B, 'GET', `${q.read}/${q.ghost}`)];
      expect(mineJob.statusCode, mineJob.body).toBe(200);
      if (JSON.stringify(shape(mineJob.body, q.values)) !== JSON.stringify(shape(ghostJob.body, q.values))) leaks.push(`${q.route} (its job): ${mineJob.body.slice(0, 300)} for A's ids, ${ghostJob.body.slice(0, 300)} for none`);
    }
    // Body fields that look like ids but are not named in kindOf; bodies refused as malformed; differing answers.
    expect({ unknown: [...unknown], invalid, leaks }).toEqual({ unknown: [], invalid: [], leaks: [] });
    expect(walked).toBeGreaterThan(20);
    // Work the calls queued (a studio batch) has run too.
    await w.t.ctx.jobs.idle();
    expect(await snapshot(w)).toEqual(before);
    // Nothing of B's names one of A's rows (an order on A's item, B's item holding A's photo…). A job's row keeps the
    // request B sent (its payload) and its results, which the answers above compared with the ghost's.
    const rowsOfB = Object.entries(await snapshot(w, B)).filter(([table]) => table !== 'job_runs').flatMap(([table, rows]) => rows.map((row) => ({ table, row: JSON.stringify(row) })));
    const named = Object.entries(w.ids).filter(([what]) => what !== 'vintedListing')
      .flatMap(([what, id]) => rowsOfB.filter((r) => r.row.includes(id)).map((r) => `${r.table} names A's ${what}: ${r.row.slice(0, 400)}`));
    expect(named).toEqual([]);
    // A still sees everything of A's.
    expect((await call(A, 'GET', `/listings/${w.ids.item}`)).json().title).toBe(w.secretTitle);
    expect((await call(A, 'GET', `/photos/${w.ids.photo}`)).statusCode).toBe(200);
  }, 300_000);
});
