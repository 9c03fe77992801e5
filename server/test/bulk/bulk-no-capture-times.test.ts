import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp } from '../helpers/test-app.ts';
import { bulkTestApp } from './fixtures/bulk-test-app.ts';
import { buildSession, type BuiltSession, scoreGrouping } from './fixtures/session-builder.ts';
import { files } from './fixtures/multipart.ts';

// Photos that went through a messaging app: no capture time, random names, so the order says nothing. The garments'
// detail shots (a 30–40 % crop of the print or fabric) must still find their garment, through the real API.
describe('bulk: a session without capture times still groups, details included', () => {
  let t: TestApp;
  let session: BuiltSession;
  let jobId: string;

  beforeAll(async () => {
    session = await buildSession({ garments: 8, seed: 23, exif: false, names: 'random', labelRate: 0 });
    t = await bulkTestApp();
    const res = await t.app.inject({ method: 'POST', url: '/bulk/ingest/photos', ...files(session.photos) });
    expect(res.statusCode, res.body).toBe(200);
    jobId = res.json().job_id;
    await t.ctx.jobs.idle();
  }, 240_000);

  afterAll(async () => {
    await t?.close();
  });

  it('groups by the pixels alone and puts the detail shots with their garment, saying why', async () => {
    const s = (await t.app.inject({ method: 'GET', url: `/bulk/status?job=${jobId}` })).json();
    expect(s.status).toBe('completed');
    const clusterOf = new Map<string, string>();
    for (const c of s.clusters) for (const p of c.photos) clusterOf.set(p.filename, c.id);
    const details = session.photos.filter((p) => p.kind === 'detail');
    expect(details.length).toBeGreaterThan(0);
    expect(s.grouping.mode).toBe('density');
    const withGarment = details.filter((d) => clusterOf.get(d.filename) === clusterOf.get(session.photos.find((p) => p.garment === d.garment && p.kind === 'front')!.filename));
    // On this sample three of the four details find their garment; the fourth is kept on its own, flagged.
    expect(withGarment.length / details.length).toBeGreaterThanOrEqual(0.75);
    const truth = new Map(session.photos.map((p) => [p.filename, p.garment]));
    const score = scoreGrouping(truth, s.clusters.map((c: { photos: { filename: string }[] }) => c.photos.map((p) => p.filename)));
    expect(score.f1).toBeGreaterThan(0.85);
    const log = (await t.app.inject({ method: 'GET', url: `/bulk/jobs/${jobId}/log` })).json();
    const why = log.entries.filter((e: { rule: string }) => e.rule === 'close_up_detail_region');
    expect(why.length).toBeGreaterThan(0);
    expect(why[0].message).toMatch(/^Detail shot [0-9a-f]{12}\.jpg matches a region of [0-9a-f]{12}\.jpg/);
  });
});
