import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { A, B, call as callAs, type Method, routes, sample as sampleOf, setUpWalk, snapshot, type Walk } from './walk-setup.ts';

// The cross-owner walk (issue 20, "Bad input and attacks"): every route of the app, read from its own OpenAPI document
// so a new route is walked without touching this file, is called as owner B with owner A's ids. What B gets must be
// what B would get for an id that does not exist at all (never a 403, never A's data), and A's rows are left exactly
// as they were. Routes without an id are called as B too: A's ids and titles appear in none of their answers.
// A's ids inside request bodies are the other walk's (cross-owner-body-walk.test.ts).

let w: Walk;
const ids: Record<string, string> = {};
const call = (owner: string, method: Method, url: string, body?: unknown) => callAs(w, owner, method, url, body);

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

beforeAll(async () => {
  w = await setUpWalk();
  Object.assign(ids, w.ids);
}, 120_000);
afterAll(async () => w.t.close());

describe('another owner’s ids, through every route', () => {
  it('answers B as if A’s data did not exist, and changes nothing of A’s', async () => {
    const before = await snapshot(w);
    const { secretTitle, secretBrand } = w;
    const all = await routes(w);
    expect(all.length).toBeGreaterThan(100);
    const leaks: string[] = [];
    let walked = 0;
    let notFound = 0;
    for (const r of all.filter((x) => x.params.length > 0)) {
      const path = (values: (p: string) => string) => r.path.replace(/\{([^}]+)\}/g, (_, p: string) => encodeURIComponent(values(p)));
      const body = ['POST', 'PATCH', 'PUT'].includes(r.method) ? (sampleOf(w, r.body) ?? {}) : undefined;
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
    expect(await snapshot(w)).toEqual(before);
    // A still sees everything of A's.
    expect((await call(A, 'GET', `/listings/${ids.item}`)).json().title).toBe(secretTitle);
    expect((await call(A, 'GET', `/photos/${ids.photo}`)).statusCode).toBe(200);
  }, 300_000);
});
