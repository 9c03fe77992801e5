import { findColour, resolveCategory } from '@vintedbot/catalog';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bulkTestApp } from '../bulk/fixtures/bulk-test-app.ts';
import { files } from '../bulk/fixtures/multipart.ts';
import { buildSession } from '../bulk/fixtures/session-builder.ts';
import { json, type TestApp } from '../helpers/test-app.ts';

// Issue 16, the lot board (points 5, 6, 8, 9, 16), through the real API on the real database: what a fix answers,
// what the board's typed fields become, what each step of a run reports, the grouping log's codes and parameters,
// and the second colour and category candidates a seller corrects. The browser half is server/test/e2e/bulk.e2e.test.ts.

interface Photo { id: string; filename: string }
interface Cluster {
  id: string; photos: Photo[]; category: string | null; color_secondary: string | null; color_secondary_key: string | null;
  category_candidates: { category: string; score: number }[]; listing: { title: string | null; price: number | null; publish: boolean | null };
}

let t: TestApp;
let job: string;

beforeAll(async () => {
  // Four garments of the committed photos, each shot several times in order (3 to 6 photos each).
  const session = await buildSession({ garments: 4, seed: 41, labelRate: 0, exactDuplicates: 0, nearDuplicates: 0 });
  t = await bulkTestApp({ PRICE_DROP_CRON: 'off' });
  const res = await t.app.inject({ method: 'POST', url: '/bulk/ingest/photos', ...files(session.photos) });
  expect(res.statusCode, res.body).toBe(200);
  job = res.json().job_id;
  await t.ctx.jobs.idle();
}, 180_000);
afterAll(async () => t?.close());

const board = async (): Promise<Cluster[]> => {
  const res = await t.app.inject({ method: 'GET', url: `/bulk/status?job=${job}` });
  expect(res.json().status).toBe('completed');
  return res.json().clusters;
};
const patch = (id: string, body: Record<string, unknown>) => t.app.inject({ method: 'PATCH', url: `/bulk/clusters/${id}`, ...json({ job_id: job, ...body }) });
const ok = async (id: string, body: Record<string, unknown>) => {
  const res = await patch(id, body);
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as { clusters: Cluster[]; removed: string[] };
};

describe('the lot board (issue 16)', () => {
  it('point 6: a fix answers the touched groups and the removed ones; every other group is still on the board', async () => {
    const before = await board();
    expect(before.length).toBeGreaterThanOrEqual(3);
    const [a, b, c] = before;
    // A move: the source and the destination, nothing else.
    const moved = a.photos[0].id;
    const move = await ok(a.id, { move: { photo_ids: [moved], to: b.id } });
    expect(move.clusters.map((x) => x.id).sort()).toEqual([a.id, b.id].sort());
    expect(move.removed).toEqual([]);
    expect(move.clusters.find((x) => x.id === b.id)!.photos.map((p) => p.id)).toContain(moved);
    const afterMove = await board();
    expect(afterMove.map((x) => x.id)).toEqual(before.map((x) => x.id));
    expect(afterMove.flatMap((x) => x.photos).length).toBe(before.flatMap((x) => x.photos).length);

    // A split: the group and its new one.
    const cPhotos = afterMove.find((x) => x.id === c.id)!.photos;
    const split = await ok(c.id, { split_at: cPhotos[1].id });
    expect(split.clusters).toHaveLength(2);
    const created = split.clusters.find((x) => x.id !== c.id)!;
    expect(created.photos.map((p) => p.id)).toEqual(cPhotos.slice(1).map((p) => p.id));
    expect((await board()).map((x) => x.id)).toEqual([...before.map((x) => x.id), created.id]);

    // A merge: the target, and the absorbed group in `removed`.
    const merge = await ok(c.id, { merge: [created.id] });
    expect(merge.clusters.map((x) => x.id)).toEqual([c.id]);
    expect(merge.removed).toEqual([created.id]);
    expect((await board()).map((x) => x.id)).toEqual(before.map((x) => x.id));
    // Put back as it was, for the tests below.
    await ok(b.id, { move: { photo_ids: [moved], to: a.id } });
  });

  it('point 8: the board\'s title, price and "Publier" are saved as typed, survive a reload and make the plan', async () => {
    const [a, b] = await board();
    // Typed one field at a time (as the board saves, half a second after each key): each save keeps the others.
    const first = await ok(a.id, { title: 'Pull marin Armor Lux' });
    expect(first.clusters).toHaveLength(1);
    expect(first.clusters[0].listing).toEqual({ title: 'Pull marin Armor Lux', price: null, publish: null });
    await ok(a.id, { price: 30 });
    await ok(a.id, { publish: true });
    // An unfinished price (typed "0,5" on the way to "0,50 €"…) is kept as typed but is no listing price yet.
    await ok(b.id, { title: 'Robe', price: 0.5 });
    const reloaded = await board();
    expect(reloaded.find((x) => x.id === a.id)!.listing).toEqual({ title: 'Pull marin Armor Lux', price: 30, publish: true });
    expect(reloaded.find((x) => x.id === b.id)!.listing).toEqual({ title: 'Robe', price: 0.5, publish: null });

    // The plan built without overrides takes what the board holds, when it is a listing's (5+ characters, 1 € or more).
    const res = await t.app.inject({ method: 'POST', url: '/bulk/listings/plan', ...json({ job_id: job, defaults: { price: 20, condition: 'très bon' } }) });
    expect(res.statusCode, res.body).toBe(200);
    const items = res.json().items as { cluster_id: string; title: string; price: number; publish: boolean; price_source: string }[];
    expect(items.find((i) => i.cluster_id === a.id)).toMatchObject({ title: 'Pull marin Armor Lux', price: 30, publish: true, price_source: 'override' });
    const bItem = items.find((i) => i.cluster_id === b.id)!;
    expect(bItem.title).not.toBe('Robe');
    expect(bItem.price_source).not.toBe('override');
    expect(bItem.publish).toBe(false);

    // Emptied on the board: cleared, the plan's own title comes back.
    await ok(b.id, { title: null, price: null });
    expect((await board()).find((x) => x.id === b.id)!.listing).toEqual({ title: null, price: null, publish: null });
  });

  it('point 5: a group ticked "Publier" run for real with publication off reports its draft created and the Vinted step\'s reason code', async () => {
    const [a] = await board();
    const plan = (await t.app.inject({ method: 'POST', url: '/bulk/listings/plan', ...json({ job_id: job, defaults: { price: 20, condition: 'très bon' } }) })).json();
    const res = await t.app.inject({ method: 'POST', url: '/bulk/listings/execute', ...json({ plan_id: plan.plan_id, dry_run: false }) });
    expect(res.statusCode, res.body).toBe(200);
    const results = res.json().results as Record<string, unknown>[];
    const ticked = results.find((r) => r.cluster_id === a.id)!;
    // The draft exists: that step went through.
    expect(ticked).toMatchObject({ item_id: expect.any(String), created: true, error: null });
    expect((await t.app.inject({ method: 'GET', url: `/listings/${ticked.item_id}` })).statusCode).toBe(200);
    // The Vinted step: refused, with the code the board turns into words (the connector's own failure shape).
    expect(ticked.ok).toBe(false);
    expect(ticked.prepare).toMatchObject({ ok: false, status: 403, reason: 'publication_disabled', error: { code: 'publication_disabled' } });
    expect(ticked.publish).toBeNull();
    // The groups not ticked: drafted, no Vinted step at all.
    for (const r of results.filter((x) => x.cluster_id !== a.id)) expect(r).toMatchObject({ ok: true, item_id: expect.any(String), prepare: null, publish: null });
  });

  it('point 9: the grouping log gives each decision as a code with its parameters (catalogue keys, numbers), for the web app to word', async () => {
    const clusters = await board();
    const CODES = /^(consecutive_shots|new_garment|look_alike|no_dense_neighbourhood|close_up_[a-z_]+|few_photos|categorised|edit_[a-z_]+)$/;
    let categorised = 0;
    for (const c of clusters) {
      const res = await t.app.inject({ method: 'GET', url: `/bulk/jobs/${job}/log?cluster=${c.id}` });
      expect(res.statusCode, res.body).toBe(200);
      const entries = res.json().entries as { rule: string; cluster_id: string; photos: Photo[]; evidence: Record<string, unknown> }[];
      expect(entries.length).toBeGreaterThan(0);
      for (const e of entries) {
        expect(e.rule).toMatch(CODES);
        expect(e.cluster_id).toBe(c.id);
        for (const p of e.photos) expect(p.filename).toEqual(expect.any(String));
        if (e.rule === 'consecutive_shots' && e.photos.length > 1) expect(e.evidence.mean_probability).toEqual(expect.any(Number));
        if (e.rule !== 'categorised') continue;
        categorised++;
        // Category votes and colours as catalogue keys: never a French or English word the web app would have to parse.
        for (const k of Object.keys(e.evidence.votes as object)) expect(resolveCategory(k)?.key).toBe(k);
        const colours = e.evidence.colours as string[];
        expect(colours.length).toBeGreaterThan(0);
        for (const k of colours) expect(findColour(k)?.key).toBe(k);
        expect(e.evidence).toHaveProperty('brand');
        expect(e.evidence).toHaveProperty('size');
      }
    }
    expect(categorised).toBeGreaterThan(0);
  });

  it('point 16: the second colour is on the board and editable; each group offers the classifier\'s top 3 categories', async () => {
    const clusters = await board();
    for (const c of clusters) {
      // The key a picker needs beside the French word, both null for a group of one colour.
      expect(c.color_secondary_key === null).toBe(c.color_secondary === null);
      expect(c.category_candidates.length).toBeGreaterThan(0);
      expect(c.category_candidates.length).toBeLessThanOrEqual(3);
      const scores = c.category_candidates.map((x) => x.score);
      expect(scores).toEqual([...scores].sort((x, y) => y - x));
      for (const x of c.category_candidates) expect(resolveCategory(x.category)?.key).toBe(x.category);
    }
    const [a] = clusters;
    // The table's green, then no second colour at all; the seller's word or our key are both understood.
    let answer = await ok(a.id, { color_secondary: 'Vert' });
    expect(answer.clusters[0]).toMatchObject({ color_secondary_key: 'green', color_secondary: 'vert' });
    answer = await ok(a.id, { color_secondary: null });
    expect(answer.clusters[0]).toMatchObject({ color_secondary_key: null, color_secondary: null });
    expect((await board()).find((x) => x.id === a.id)!.color_secondary_key).toBeNull();
    const bad = await patch(a.id, { color_secondary: 'Pêche melba' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error).toMatchObject({ code: 'unknown_colour', details: { params: { value: 'Pêche melba' } } });
    // One of the suggestions picked: the group's category, the candidates still offered.
    const pick = (a.category_candidates[1] ?? a.category_candidates[0]).category;
    answer = await ok(a.id, { category: pick });
    expect(answer.clusters[0].category).toBe(pick);
    expect(answer.clusters[0].category_candidates).toEqual(a.category_candidates);
  });
});
