import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { json, type TestApp } from '../helpers/test-app.ts';
import { bulkTestApp } from '../bulk/fixtures/bulk-test-app.ts';
import { files } from '../bulk/fixtures/multipart.ts';
import { buildSession, type BuiltSession } from '../bulk/fixtures/session-builder.ts';

// Issue 15, points 8–10: the same photos imported twice are caught against the stock (set aside, each naming the
// item that shows it), a set-aside photo can be brought back, and every bulk draft goes through the stock's
// duplicate check with its flags and console line; a resized copy far from its original in the batch is caught.

let t: TestApp;
let session: BuiltSession;
const post = (url: string, body: unknown) => t.app.inject({ method: 'POST', url, ...json(body) });
const upload = async (photos: { filename: string; bytes: Buffer }[]) => {
  const res = await t.app.inject({ method: 'POST', url: '/bulk/ingest/photos', ...files(photos) });
  expect(res.statusCode, res.body).toBe(200);
  await t.ctx.jobs.idle();
  return res.json().job_id as string;
};
const status = async (job: string) => (await t.app.inject({ method: 'GET', url: `/bulk/status?job=${job}` })).json();

beforeAll(async () => {
  t = await bulkTestApp();
  session = await buildSession({ garments: 3, seed: 21, labelRate: 0, exactDuplicates: 0, nearDuplicates: 0 });
}, 120_000);
afterAll(async () => t?.close());

describe('bulk drafts and the stock\'s duplicates', () => {
  let first: { item_id: string }[];
  let secondJob: string;

  it('a first import becomes drafts', async () => {
    const job = await upload(session.photos);
    const plan = (await post('/bulk/listings/plan', { job_id: job })).json();
    first = (await post('/bulk/listings/execute', { plan_id: plan.plan_id })).json().results;
    expect(first.length).toBeGreaterThan(0);
    expect(first.every((r) => r.item_id)).toBe(true);
  });

  it('the same photos imported again are set aside as already in stock, each naming the item that shows it', async () => {
    secondJob = await upload(session.photos);
    const s = await status(secondJob);
    expect(s.clusters).toHaveLength(0);
    expect(s.duplicates).toHaveLength(session.photos.length);
    const drafted = new Set(first.map((r) => r.item_id));
    for (const d of s.duplicates) {
      expect(d.kind).toBe('in_stock');
      expect(drafted.has(d.in_stock_item_id)).toBe(true);
      expect(d.message).toMatch(/already in the stock/);
    }
    const listed = (await t.app.inject({ method: 'GET', url: `/bulk/duplicates?job=${secondJob}` })).json();
    expect(listed).toMatchObject({ ok: true, job_id: secondJob, count: session.photos.length });
    const log = (await t.app.inject({ method: 'GET', url: `/bulk/jobs/${secondJob}/log` })).json();
    expect(log.entries.filter((e: { rule: string }) => e.rule === 'in_stock_duplicate')).toHaveLength(session.photos.length);
  });

  it('a set-aside photo is brought back, and its draft is flagged as the duplicate it is, with the console line', async () => {
    const s = await status(secondJob);
    const photo = s.duplicates[0].photo.id;
    const kept = await post(`/bulk/jobs/${secondJob}/duplicates/${photo}/keep`, {});
    expect(kept.statusCode, kept.body).toBe(200);
    expect(kept.json()).toMatchObject({ ok: true, photo_id: photo, cluster: { id: 'c1', photos: [{ id: photo }], few_photos: true } });
    const after = await status(secondJob);
    expect(after.clusters).toHaveLength(1);
    expect(after.duplicates).toHaveLength(session.photos.length - 1);
    // Twice: the photo is no longer set aside.
    expect((await post(`/bulk/jobs/${secondJob}/duplicates/${photo}/keep`, {})).json().error.code).toBe('photo_not_set_aside');

    const lines = t.lines.length;
    const plan = (await post('/bulk/listings/plan', { job_id: secondJob })).json();
    const run = (await post('/bulk/listings/execute', { plan_id: plan.plan_id })).json();
    expect(run.results).toHaveLength(1);
    const r = run.results[0];
    expect(r).toMatchObject({ ok: true, created: true, possible_duplicate: true });
    expect(first.map((x) => x.item_id)).toContain(r.duplicate_of[0].item_id);
    expect(r.duplicate_of[0]).toMatchObject({ reason: 'image', score: 1 });
    const item = (await t.app.inject({ method: 'GET', url: `/listings/${r.item_id}` })).json();
    expect(item).toMatchObject({ possible_duplicate: true, duplicate_of: [{ reason: 'image' }] });
    expect(t.lines.slice(lines).some((l) => l.startsWith(`⚠️ Duplicate detected for "${item.title}"`))).toBe(true);
    // The board lists the group's duplicates too (GET /duplicates groups the stock's flagged items).
    const groups = (await t.app.inject({ method: 'GET', url: '/duplicates' })).json().groups;
    expect(groups.some((g: { items: { id: string }[] }) => g.items.some((i) => i.id === r.item_id))).toBe(true);
  });

  it('a resized copy far from its original in the batch is caught (no window)', async () => {
    const other = await buildSession({ garments: 6, seed: 33, labelRate: 0, exactDuplicates: 0, nearDuplicates: 0 });
    const original = other.photos[0];
    const resized = await sharp(original.bytes).resize({ width: 560 }).jpeg({ quality: 80 }).toBuffer();
    const photos = [...other.photos, { ...original, filename: 'copie-redimensionnee.jpg', bytes: resized }];
    expect(photos.length - 1).toBeGreaterThan(15); // far beyond the old window of 6 neighbours
    const job = await upload(photos);
    const s = await status(job);
    const copy = s.duplicates.find((d: { photo: { filename: string } }) => d.photo.filename === 'copie-redimensionnee.jpg')
      ?? s.duplicates.find((d: { kept: { filename: string } | null }) => d.kept?.filename === 'copie-redimensionnee.jpg');
    expect(copy, JSON.stringify(s.duplicates)).toBeDefined();
    expect(copy.kind).toBe('near');
    expect([copy.photo.filename, copy.kept.filename].sort()).toEqual(['copie-redimensionnee.jpg', original.filename].sort());
  });
});
