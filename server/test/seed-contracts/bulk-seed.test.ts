import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { json, type TestApp } from '../helpers/test-app.ts';
import { bulkTestApp } from '../bulk/fixtures/bulk-test-app.ts';
import { files } from '../bulk/fixtures/multipart.ts';
import { buildSession, type BuiltSession } from '../bulk/fixtures/session-builder.ts';

// The seeds' bulk commands sent exactly as they write them (issue 15, points 1–4): upload, follow the job, then plan
// and execute without ids (the latest finished job and its latest plan), a dry run that makes the local drafts once,
// the real run of three groups with publication asked (off here: each group reports it), generate with the seed's
// body, and the later seed's routes (cluster, duplicates, generate-drafts, temp_photos).

let t: TestApp;
let session: BuiltSession;
let jobId: string;

const post = (url: string, body: unknown) => t.app.inject({ method: 'POST', url, ...json(body) });

beforeAll(async () => {
  t = await bulkTestApp();
  session = await buildSession({ garments: 15, seed: 7, labelRate: 0, exactDuplicates: 1, nearDuplicates: 0 });
  const up = await t.app.inject({ method: 'POST', url: '/bulk/photos/upload', ...files(session.photos) });
  expect(up.statusCode, up.body).toBe(200);
  expect(up.json()).toMatchObject({ ok: true, job_id: expect.any(String), status: 'processing', estimated_items: expect.any(Number) });
  jobId = up.json().job_id;
  await t.ctx.jobs.idle();
}, 240_000);
afterAll(async () => t?.close());

describe('the seeds\' bulk flow, sent as written', () => {
  let planId: string;

  it('POST /bulk/listings/plan {"defaults":{"price":25,"condition":"bon","publish":false}} plans the latest finished job', async () => {
    const res = await post('/bulk/listings/plan', { defaults: { price: 25, condition: 'bon', publish: false } });
    expect(res.statusCode, res.body).toBe(200);
    const plan = res.json();
    expect(plan).toMatchObject({ ok: true, plan_id: expect.any(String), job_id: jobId, job_source: 'latest' });
    expect(plan.items.length).toBeGreaterThanOrEqual(12);
    for (const i of plan.items) {
      expect(i).toMatchObject({ cluster_id: expect.stringMatching(/^c\d+$/), title: expect.any(String), price: expect.any(Number), description: expect.any(String), publish: false, warnings: expect.any(Array) });
      expect(i.condition).toBe('good');
      // Priced like a single listing when the category is known, with the suggestion and a sale score.
      expect(i.sale_score).toEqual(expect.any(Number));
      expect(i.price_suggestion).toMatchObject({ min: expect.any(Number), target: expect.any(Number), max: expect.any(Number) });
      expect(i.price).toBe(i.category ? i.price_suggestion.target : 25);
      expect(i.title.length).toBeLessThanOrEqual(70);
    }
    planId = plan.plan_id;
  });

  it('POST /bulk/listings/execute {"dry_run":true} makes the local drafts of the latest plan, once', async () => {
    const before = t.lines.filter((l) => l.startsWith('🧠')).length;
    const res = await post('/bulk/listings/execute', { dry_run: true });
    expect(res.statusCode, res.body).toBe(200);
    const run = res.json();
    expect(run).toMatchObject({ ok: true, plan_id: planId, job_id: jobId, plan_source: 'latest', dry_run: true });
    for (const r of run.results) {
      expect(r).toMatchObject({ cluster_id: expect.any(String), ok: true, item_id: expect.any(String), created: true, prepare: null, publish: null });
      const item = (await t.app.inject({ method: 'GET', url: `/listings/${r.item_id}` })).json();
      expect(item).toMatchObject({ status: 'draft', price_target: expect.any(Number), estimated_sale_score: expect.any(Number) });
      expect(item.price_suggestion).not.toBeNull();
    }
    expect(t.lines.filter((l) => l.startsWith('🧠')).length - before).toBe(run.results.length);
    const drafts = (await t.app.inject({ method: 'GET', url: '/listings?status=draft&limit=1000' })).json().items.length;
    // Executing the same plan twice creates the drafts once.
    const again = (await post('/bulk/listings/execute', { dry_run: true })).json();
    expect(again.results.map((r: { item_id: string }) => r.item_id)).toEqual(run.results.map((r: { item_id: string }) => r.item_id));
    expect(again.results.every((r: { created: boolean; duplicate: boolean }) => !r.created && r.duplicate)).toBe(true);
    expect((await t.app.inject({ method: 'GET', url: '/listings?status=draft&limit=1000' })).json().items.length).toBe(drafts);
  });

  it('POST /bulk/listings/execute {"dry_run":false,"only":["c3","c7","c12"],"set_publish_true":true} runs those groups, each saying why Vinted was not reached', async () => {
    const res = await post('/bulk/listings/execute', { dry_run: false, only: ['c3', 'c7', 'c12'], set_publish_true: true });
    expect(res.statusCode, res.body).toBe(200);
    const run = res.json();
    expect(run).toMatchObject({ ok: true, dry_run: false, plan_source: 'latest' });
    expect(run.results.map((r: { cluster_id: string }) => r.cluster_id)).toEqual(['c3', 'c7', 'c12']);
    for (const r of run.results) {
      expect(r.item_id).toEqual(expect.any(String));
      // Publication is off by default: the refusal is the group's report, in the one error shape.
      expect(r.prepare).toMatchObject({ ok: false, error: { code: 'publication_disabled' } });
      expect(r.publish).toBeNull();
    }
  });

  it('POST /bulk/generate {"plan_id":…,"skip_validation":false,"style":"minimal"} is accepted and says which drafts are ready', async () => {
    const res = await post('/bulk/generate', { plan_id: planId, skip_validation: false, style: 'minimal' });
    expect(res.statusCode, res.body).toBe(200);
    const g = res.json();
    expect(g).toMatchObject({ ok: true, drafts_created: 0, drafts_failed: 0, draft_ids: expect.any(Array), style: 'minimal', validation: 'checked' });
    expect(g.ready + g.not_ready.length).toBe(g.draft_ids.length);
    const other = await post('/bulk/generate-drafts', { plan_id: planId, skip_validation: true, style: 'amical' });
    expect(other.statusCode, other.body).toBe(200);
    expect(other.json()).toMatchObject({ ok: true, style: 'amical', validation: 'skipped' });
    expect(other.json().not_ready).toBeUndefined();
    expect((await post('/bulk/generate', { plan_id: planId, style: 'baroque' })).json().error.code).toBe('unknown_style');
  });

  it('the later seed\'s routes: POST /bulk/cluster, GET /bulk/duplicates, GET /temp_photos/{job_id}/{file}', async () => {
    const clusters = await post('/bulk/cluster', {});
    expect(clusters.statusCode, clusters.body).toBe(200);
    expect(clusters.json()).toMatchObject({ ok: true, job_id: jobId, status: 'completed', total_clusters: expect.any(Number) });
    const dups = await t.app.inject({ method: 'GET', url: '/bulk/duplicates' });
    expect(dups.statusCode, dups.body).toBe(200);
    expect(dups.json()).toMatchObject({ ok: true, job_id: jobId, count: expect.any(Number) });
    // The session's exact copy is there, naming the twin kept in the groups (near-identical shots may be too).
    expect(dups.json().duplicates).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'exact', kept: expect.objectContaining({ filename: expect.any(String), cluster_id: expect.any(String) }) })]));
    const name = session.photos[0].filename;
    const photo = await t.app.inject({ method: 'GET', url: `/temp_photos/${jobId}/${encodeURIComponent(name)}` });
    expect(photo.statusCode).toBe(200);
    expect(photo.headers['content-type']).toBe('image/jpeg');
    expect((await t.app.inject({ method: 'GET', url: `/temp_photos/${jobId}/nope.jpg` })).json().error.code).toBe('photo_not_found');
  });
});

describe('without a finished job or a plan', () => {
  it('answers 404 with a clear code', async () => {
    const empty = await bulkTestApp();
    try {
      const plan = await empty.app.inject({ method: 'POST', url: '/bulk/listings/plan', ...json({ defaults: { price: 25 } }) });
      expect(plan.statusCode).toBe(404);
      expect(plan.json().error.code).toBe('no_finished_job');
      const run = await empty.app.inject({ method: 'POST', url: '/bulk/listings/execute', ...json({ dry_run: true }) });
      expect(run.statusCode).toBe(404);
      expect(run.json().error.code).toBe('no_finished_job');
      const s = await buildSession({ garments: 1, seed: 3, labelRate: 0 });
      await empty.app.inject({ method: 'POST', url: '/bulk/ingest/photos', ...files(s.photos) });
      await empty.ctx.jobs.idle();
      const noPlan = await empty.app.inject({ method: 'POST', url: '/bulk/listings/execute', ...json({ dry_run: true }) });
      expect(noPlan.statusCode).toBe(404);
      expect(noPlan.json().error).toMatchObject({ code: 'no_plan', details: { job_id: expect.any(String) } });
    } finally {
      await empty.close();
    }
  }, 120_000);
});
