import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { json, type TestApp } from '../helpers/test-app.ts';
import { bulkTestApp } from './fixtures/bulk-test-app.ts';
import { files, multipart } from './fixtures/multipart.ts';
import { buildSession, type BuiltSession } from './fixtures/session-builder.ts';

// The bulk routes no other suite names, through the real API on the real database (SQLite, or PostgreSQL and
// BullMQ when CI sets DATABASE_URL and REDIS_URL): POST /bulk/photos/analyze and the plan it promises,
// GET /bulk/plans/{id}, and a batch photo's preview and thumbnail (GET /bulk/jobs/{id}/photos/{photo_id}[/thumb]).

interface PhotoView { id: string; filename: string; url: string; thumb_url: string }
const UNKNOWN = '01900000-0000-7000-8000-000000000000';

let t: TestApp;
let session: BuiltSession;

beforeAll(async () => {
  // 3 garments of the committed photos, one exact copy: about 12 photos of 800 × 600.
  session = await buildSession({ garments: 3, seed: 61, labelRate: 0, exactDuplicates: 1 });
  // Jobs start only when a test says so, to see the API before and after a job runs.
  t = await bulkTestApp({}, { runJobs: false });
}, 120_000);
afterAll(async () => {
  await t?.close();
});

let started = false;
/** Lets the job queue run (once: later jobs then run as they come), and waits until every job is done. */
async function runJobs() {
  if (!started) await t.ctx.jobs.start();
  started = true;
  await t.ctx.jobs.idle();
}

const get = (url: string) => t.app.inject({ method: 'GET', url });
const status = async (job: string) => (await get(`/bulk/status?job=${job}`)).json();

describe('POST /bulk/photos/analyze', () => {
  it('starts a bulk job and names the plan it will make, which exists once the photos are grouped', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/bulk/photos/analyze', ...files(session.photos) });
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    const n = session.photos.length;
    expect(body).toEqual({ job_id: expect.any(String), plan_id: expect.any(String), estimated_items: Math.round(n / 4), status: 'processing' });
    expect(body.plan_id).not.toBe(body.job_id);

    // Not yet: the job has not run.
    const early = await get(`/bulk/plans/${body.plan_id}`);
    expect(early.statusCode).toBe(404);
    expect(early.json().error.code).toBe('plan_not_found');
    expect((await get(`/bulk/jobs/${body.job_id}`)).json()).toMatchObject({ job_id: body.job_id, status: 'processing', total_photos: n, processed_photos: 0 });

    await runJobs();
    const s = await status(body.job_id);
    expect(s.status).toBe('completed');
    const plan = await get(`/bulk/plans/${body.plan_id}`);
    expect(plan.statusCode, plan.body).toBe(200);
    const p = plan.json();
    expect(p).toMatchObject({ ok: true, plan_id: body.plan_id, job_id: body.job_id, version: 1, mode: 'template' });
    // One planned listing per group, each with that group's photos, a title and a price.
    expect(p.items.map((i: { cluster_id: string }) => i.cluster_id).sort()).toEqual(s.clusters.map((c: { id: string }) => c.id).sort());
    for (const c of s.clusters as { id: string; photos: PhotoView[] }[]) {
      const item = p.items.find((i: { cluster_id: string }) => i.cluster_id === c.id);
      expect([...item.photo_ids].sort()).toEqual(c.photos.map((x) => x.id).sort());
      expect(item.title.length).toBeGreaterThanOrEqual(5);
      expect(item.price).toBeGreaterThanOrEqual(1);
      expect(item.publish).toBe(false);
    }
    expect((await get(`/bulk/jobs/${body.job_id}`)).json()).toMatchObject({ status: 'completed', progress: 100, total_photos: n });
  });

  it('refuses a request without photos, and makes no job', async () => {
    const before = await t.ctx.db.selectFrom('job_runs').select('id').execute();
    const empty = await t.app.inject({ method: 'POST', url: '/bulk/photos/analyze', ...multipart([{ name: 'mode', data: 'auto' }]) });
    expect(empty.statusCode).toBe(400);
    expect(empty.json().error.code).toBe('no_files');
    const notMultipart = await t.app.inject({ method: 'POST', url: '/bulk/photos/analyze', ...json({ files: [] }) });
    expect(notMultipart.statusCode).toBeGreaterThanOrEqual(400);
    expect(notMultipart.statusCode).toBeLessThan(500);
    expect(await t.ctx.db.selectFrom('job_runs').select('id').execute()).toHaveLength(before.length);
  });
});

describe('GET /bulk/plans/{id}', () => {
  let jobId: string;
  beforeAll(async () => {
    const res = await t.app.inject({ method: 'POST', url: '/bulk/ingest/photos', ...files(session.photos.slice(0, 6)) });
    jobId = res.json().job_id;
    await runJobs();
    expect((await status(jobId)).status).toBe('completed');
  }, 120_000);

  it('gives back a stored plan as it was made, and each version of a job\'s plan stays readable', async () => {
    const made = (await t.app.inject({ method: 'POST', url: '/bulk/listings/plan', ...json({ job_id: jobId, defaults: { price: 12 } }) })).json();
    expect(made.version).toBe(1);
    const read = await get(`/bulk/plans/${made.plan_id}`);
    expect(read.statusCode).toBe(200);
    expect(read.json()).toEqual(made);
    for (const i of made.items) expect(i.price).toBe(12);

    const again = (await t.app.inject({ method: 'POST', url: '/bulk/listings/plan', ...json({ job_id: jobId, defaults: { price: 20 } }) })).json();
    expect(again.version).toBe(2);
    expect(again.plan_id).not.toBe(made.plan_id);
    expect((await get(`/bulk/plans/${again.plan_id}`)).json().items.map((i: { price: number }) => i.price)).toEqual(made.items.map(() => 20));
    // The first version is unchanged.
    expect((await get(`/bulk/plans/${made.plan_id}`)).json()).toEqual(made);
  });

  it('answers 404 plan_not_found for an unknown or malformed id', async () => {
    for (const id of [UNKNOWN, 'not-a-plan', jobId]) {
      const res = await get(`/bulk/plans/${id}`);
      expect([id, res.statusCode, res.json().error?.code]).toEqual([id, 404, 'plan_not_found']);
    }
  });
});

describe('a batch photo: GET /bulk/jobs/{id}/photos/{photo_id} and /thumb', () => {
  let jobId: string;
  let s: { clusters: { photos: PhotoView[] }[]; duplicates: { photo: PhotoView; kept: { id: string } | null; kind: string }[]; errors: { photo_id: string; filename: string }[] };
  beforeAll(async () => {
    const text = { filename: 'notes.jpg', bytes: Buffer.from('not a photo at all\n'.repeat(50)) };
    const res = await t.app.inject({ method: 'POST', url: '/bulk/ingest/photos', ...files([...session.photos, text]) });
    jobId = res.json().job_id;
    await runJobs();
    s = await status(jobId);
  }, 120_000);

  it('serves a photo as a JPEG no larger than 1600 px, the same picture as uploaded', async () => {
    const photo = s.clusters[0].photos[0];
    expect(photo.url).toBe(`/bulk/jobs/${jobId}/photos/${photo.id}`);
    const res = await get(photo.url);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('image/jpeg');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['cache-control']).toBe('private, max-age=3600');
    expect(Number(res.headers['content-length'])).toBe(res.rawPayload.length);
    const m = await sharp(res.rawPayload).metadata();
    expect(m.format).toBe('jpeg');
    expect(Math.max(m.width!, m.height!)).toBeLessThanOrEqual(1600);
    const uploaded = session.photos.find((p) => p.filename === photo.filename)!;
    const u = await sharp(uploaded.bytes).metadata();
    expect(m.width! / m.height!).toBeCloseTo(u.width! / u.height!, 2);
    // Asked again, the same file (made once, on the first request).
    expect((await get(photo.url)).rawPayload.equals(res.rawPayload)).toBe(true);
  });

  it('serves a small WebP thumbnail, and a copy shows its twin\'s picture', async () => {
    const photo = s.clusters[0].photos[0];
    const res = await get(photo.thumb_url);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('image/webp');
    const m = await sharp(res.rawPayload).metadata();
    expect(m.format).toBe('webp');
    expect(Math.max(m.width!, m.height!)).toBeLessThanOrEqual(600);

    const copy = s.duplicates.find((d) => d.kind === 'exact')!;
    expect(copy?.kept).not.toBeNull();
    const twinThumb = (await get(`/bulk/jobs/${jobId}/photos/${copy.kept!.id}/thumb`)).rawPayload;
    const copyThumb = await get(copy.photo.thumb_url);
    expect(copyThumb.statusCode).toBe(200);
    expect(copyThumb.rawPayload.equals(twinThumb)).toBe(true);
  });

  it('answers 404 for a photo that is not in this job or could not be read', async () => {
    const photo = s.clusters[0].photos[0];
    const cases: [string, string][] = [
      [`/bulk/jobs/${jobId}/photos/${UNKNOWN}`, 'photo_not_found'],
      [`/bulk/jobs/${jobId}/photos/${UNKNOWN}/thumb`, 'photo_not_found'],
      [`/bulk/jobs/${UNKNOWN}/photos/${photo.id}`, 'photo_not_found'],
      [`/bulk/jobs/${jobId}/photos/..%2F..%2Fbulk.db`, 'photo_not_found'],
    ];
    const failed = s.errors.find((e) => e.filename === 'notes.jpg')!;
    expect(failed).toBeDefined();
    cases.push([`/bulk/jobs/${jobId}/photos/${failed.photo_id}`, 'photo_unavailable'], [`/bulk/jobs/${jobId}/photos/${failed.photo_id}/thumb`, 'photo_unavailable']);
    for (const [url, code] of cases) {
      const res = await get(url);
      expect([url, res.statusCode, res.json().error?.code]).toEqual([url, 404, code]);
    }
  });
});
