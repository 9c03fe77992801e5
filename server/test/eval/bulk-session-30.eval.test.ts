import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { json, type TestApp } from '../helpers/test-app.ts';
import { bulkTestApp } from '../bulk/fixtures/bulk-test-app.ts';
import { DEV_DATASET, buildSession, type BuiltSession, scoreGrouping } from '../bulk/fixtures/session-builder.ts';
import { files } from '../bulk/fixtures/multipart.ts';
import { figure, requireDatasets } from './eval-datasets.ts';

// The "done when": a session of about 150 photos (30 garments of the dev photos, never trained on, each shot
// 3–6 times, with duplicates and label close-ups) becomes about 30 correct drafts through the API. Part of
// `npm run eval` (it needs the full dev set: the committed sample has 60 photos, and a session this size takes minutes).
describe('bulk: a 150-photo session becomes about 30 drafts', () => {
  requireDatasets(DEV_DATASET);
  let t: TestApp;
  let session: BuiltSession;
  let jobId: string;

  beforeAll(async () => {
    session = await buildSession({ garments: 30, seed: 150, dataset: DEV_DATASET, exactDuplicates: 2, nearDuplicates: 2 });
    t = await bulkTestApp();
    const res = await t.app.inject({ method: 'POST', url: '/bulk/ingest/photos', ...files(session.photos) });
    expect(res.statusCode, res.body).toBe(200);
    jobId = res.json().job_id;
    await t.ctx.jobs.idle();
  }, 600_000);

  afterAll(async () => {
    await t?.close();
  });

  it('groups them into about one cluster per garment', async () => {
    expect(session.photos.length).toBeGreaterThanOrEqual(120);
    const s = (await t.app.inject({ method: 'GET', url: `/bulk/status?job=${jobId}` })).json();
    expect(s.status).toBe('completed');
    expect(s.progress).toMatchObject({ total: session.photos.length, errors: 0 });
    const truth = new Map(session.photos.map((p) => [p.filename, p.garment]));
    const groups: string[][] = s.clusters.map((c: { photos: { filename: string }[] }) => c.photos.map((p) => p.filename));
    for (const d of s.duplicates) groups.find((g) => g.includes(d.kept.filename))?.push(d.photo.filename);
    const score = scoreGrouping(truth, groups);
    figure(`grouping pairwise F1, 30 garments (${groups.length} clusters)`, score.f1, 0.9, '');
    console.log(`[eval] grouping: precision ${score.precision.toFixed(3)}, recall ${score.recall.toFixed(3)}, garments kept whole ${(100 * score.whole).toFixed(0)} %`);
    expect(score.f1).toBeGreaterThanOrEqual(0.9);
    expect(s.clusters.length).toBeGreaterThanOrEqual(27);
    expect(s.clusters.length).toBeLessThanOrEqual(33);
  });

  it('plans and creates one draft per cluster, every kept photo on exactly one draft', async () => {
    const s = (await t.app.inject({ method: 'GET', url: `/bulk/status?job=${jobId}` })).json();
    const plan = (await t.app.inject({ method: 'POST', url: '/bulk/listings/plan', ...json({ job_id: jobId }) })).json();
    expect(plan.items).toHaveLength(s.clusters.length);
    const run = (await t.app.inject({ method: 'POST', url: '/bulk/generate', ...json({ plan_id: plan.plan_id }) })).json();
    expect(run).toMatchObject({ ok: true, drafts_created: s.clusters.length, drafts_failed: 0 });

    const photoIds = new Set<string>();
    for (const id of run.draft_ids as string[]) {
      const item = (await t.app.inject({ method: 'GET', url: `/listings/${id}` })).json();
      expect(item.status).toBe('draft');
      expect(item.title.length).toBeGreaterThanOrEqual(5);
      expect(item.price).toBeGreaterThanOrEqual(1);
      expect(item.photos.length).toBeGreaterThan(0);
      for (const p of item.photos) photoIds.add(p.id);
    }
    const kept = s.clusters.reduce((n: number, c: { photos: unknown[] }) => n + c.photos.length, 0);
    // Photos are stored once per content, so the drafts hold at most as many distinct photos as the groups did.
    expect(photoIds.size).toBeGreaterThan(kept * 0.9);
    expect(photoIds.size).toBeLessThanOrEqual(kept);
  }, 300_000);
});
