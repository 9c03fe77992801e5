import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { json, type TestApp } from '../helpers/test-app.ts';
import { bulkTestApp } from './fixtures/bulk-test-app.ts';
import { buildSession, type BuiltSession, scoreGrouping } from './fixtures/session-builder.ts';
import { files } from './fixtures/multipart.ts';

// A real session through the real API: upload, job, groups, decision log, plan, dry run, drafts.
describe('bulk: a photo session becomes drafts', () => {
  let t: TestApp;
  let session: BuiltSession;
  let jobId: string;

  beforeAll(async () => {
    session = await buildSession({ garments: 8, seed: 7, exactDuplicates: 1, nearDuplicates: 1 });
    t = await bulkTestApp();
    const res = await t.app.inject({ method: 'POST', url: '/bulk/ingest/photos', ...files(session.photos) });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ ok: true, files: session.photos.length, rejected: [] });
    jobId = body.job_id;
    await t.ctx.jobs.idle();
  }, 240_000);

  afterAll(async () => {
    await t?.close();
  });

  it('groups the photos into articles, keeps every photo and names the kept twins', async () => {
    const res = await t.app.inject({ method: 'GET', url: `/bulk/status?job=${jobId}` });
    expect(res.statusCode).toBe(200);
    const s = res.json();
    expect(s.status).toBe('completed');
    expect(s.progress).toMatchObject({ total: session.photos.length, queue: 0, errors: 0 });
    // Every photo is in exactly one group, or listed as a duplicate of a kept one.
    const grouped = s.clusters.flatMap((c: { photos: { filename: string }[] }) => c.photos.map((p) => p.filename));
    const dups = s.duplicates.map((d: { photo: { filename: string } }) => d.photo.filename);
    expect(new Set(grouped).size).toBe(grouped.length);
    expect([...grouped, ...dups].sort()).toEqual(session.photos.map((p) => p.filename).sort());
    const exact = session.photos.find((p) => p.kind === 'exact_duplicate')!;
    const d = s.duplicates.find((x: { photo: { filename: string } }) => x.photo.filename === exact.filename);
    expect(d).toMatchObject({ kind: 'exact', kept: { filename: exact.twinOf } });
    // Quality: the grouping matches the truth well on this small session.
    const truth = new Map(session.photos.map((p) => [p.filename, p.garment]));
    const groups = s.clusters.map((c: { photos: { filename: string }[] }) => c.photos.map((p) => p.filename));
    for (const x of s.duplicates) groups.find((g: string[]) => g.includes(x.kept.filename))?.push(x.photo.filename);
    const score = scoreGrouping(truth, groups);
    expect(score.f1).toBeGreaterThan(0.8);
    expect(s.clusters.length).toBeGreaterThanOrEqual(6);
    expect(s.clusters.length).toBeLessThanOrEqual(11);
    for (const c of s.clusters) {
      expect(c.id).toMatch(/^c\d+$/);
      expect(c.few_photos).toBe(c.photos.length < 3);
      expect(c.cover_photo_id).not.toBeNull();
    }
  });

  it('reads brand and size off the label close-ups of a group', async () => {
    const s = (await t.app.inject({ method: 'GET', url: `/bulk/status?job=${jobId}` })).json();
    const labels = new Map(session.photos.filter((p) => p.label).map((p) => [p.filename, p.label!]));
    const withLabel = s.clusters
      .map((c: { brand: string | null; size: string | null; photos: { filename: string; close_up: boolean }[] }) => ({ c, label: c.photos.map((p) => labels.get(p.filename)).find(Boolean) }))
      .filter((x: { label?: unknown }) => x.label);
    expect(withLabel.length).toBeGreaterThan(0);
    const read = withLabel.filter((x: { c: { brand: string | null; size: string | null }; label: { brand: string; size: string } }) =>
      x.c.brand?.toLowerCase() === x.label.brand.toLowerCase() || x.c.size === x.label.size);
    expect(read.length).toBeGreaterThanOrEqual(Math.ceil(withLabel.length / 2));
  });

  it('serves thumbnails and explains every group in the decision log', async () => {
    const s = (await t.app.inject({ method: 'GET', url: `/bulk/status?job=${jobId}` })).json();
    const thumb = await t.app.inject({ method: 'GET', url: s.clusters[0].photos[0].thumb_url });
    expect(thumb.statusCode).toBe(200);
    expect(thumb.headers['content-type']).toBe('image/webp');
    const log = (await t.app.inject({ method: 'GET', url: `/bulk/jobs/${jobId}/log` })).json();
    for (const c of s.clusters) {
      const why = log.entries.filter((e: { cluster_id: string; stage: string }) => e.cluster_id === c.id && e.stage === 'grouped');
      expect(why.length).toBeGreaterThan(0);
      expect(why[0].message).toMatch(/\.JPG/);
    }
    expect(log.entries.some((e: { rule: string }) => e.rule === 'exact_duplicate')).toBe(true);
  });

  it('plans from the groups, dry-runs by default, then creates one draft per group once', async () => {
    const unknown = await t.app.inject({ method: 'POST', url: '/bulk/listings/plan', ...json({ job_id: jobId, defaults: { gender: 'unisexe' } }) });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error.code).toBe('validation_failed');
    // A men's wardrobe, but for one group a women's piece.
    const plan = await t.app.inject({ method: 'POST', url: '/bulk/listings/plan', ...json({ job_id: jobId, defaults: { price: 25, condition: 'bon', publish: false, gender: 'homme' }, overrides: { c1: { gender: 'femme' }, c2: { price: 30, title: 'Mon titre à moi' } } }) });
    expect(plan.statusCode).toBe(200);
    const p = plan.json();
    for (const i of p.items as { cluster_id: string; gender: string; title: string }[]) {
      if (i.cluster_id === 'c1') expect(i).toMatchObject({ gender: 'women', title: expect.stringMatching(/ femme \(bon état\)/) });
      else expect(i.gender).toBe('men');
      if (i.cluster_id !== 'c1' && i.cluster_id !== 'c2') expect(i.title).toMatch(/ homme \(bon état\)/);
    }
    expect(p.items).toHaveLength((await t.app.inject({ method: 'GET', url: `/bulk/status?job=${jobId}` })).json().clusters.length);
    const c2 = p.items.find((i: { cluster_id: string }) => i.cluster_id === 'c2');
    expect(c2).toMatchObject({ price: 30, title: 'Mon titre à moi', publish: false });
    expect(p.items[0].title).toMatch(/\(bon état\)/);
    expect(p.items[0].description).toMatch(/#VintedBotStudio$/);
    expect(JSON.parse(fs.readFileSync(path.join(t.dataDir, 'plan.json'), 'utf8')).plan_id).toBe(p.plan_id);
    expect(JSON.parse(fs.readFileSync(path.join(t.dataDir, 'catalog.json'), 'utf8')).clusters).toHaveLength(p.items.length);

    const before = (await t.app.inject({ method: 'GET', url: '/listings?limit=100' })).json().items.length;
    // A dry run is "drafts only": the drafts of the groups asked for are made, nothing goes to Vinted.
    const real = (await t.app.inject({ method: 'POST', url: '/bulk/listings/execute', ...json({ plan_id: p.plan_id, dry_run: true, only: ['c1', 'c2'] }) })).json();
    expect(real.dry_run).toBe(true);
    expect(real.results).toHaveLength(2);
    for (const r of real.results) expect(r).toMatchObject({ ok: true, created: true, duplicate: false, publish: null, prepare: null });
    expect((await t.app.inject({ method: 'GET', url: '/listings?limit=100' })).json().items.length).toBe(before + 2);
    // The same plan again creates nothing twice.
    const twice = (await t.app.inject({ method: 'POST', url: '/bulk/listings/execute', ...json({ plan_id: p.plan_id, only: ['c1', 'c2'] }) })).json();
    expect(twice.results.map((r: { item_id: string }) => r.item_id)).toEqual(real.results.map((r: { item_id: string }) => r.item_id));
    expect(twice.results.every((r: { created: boolean; duplicate: boolean }) => !r.created && r.duplicate)).toBe(true);
    expect((await t.app.inject({ method: 'GET', url: '/listings?limit=100' })).json().items.length).toBe(before + 2);
    const item = (await t.app.inject({ method: 'GET', url: `/listings/${real.results[1].item_id}` })).json();
    expect(item).toMatchObject({ title: 'Mon titre à moi', price: 30, status: 'draft', gender: 'men' });
    expect((await t.app.inject({ method: 'GET', url: `/listings/${real.results[0].item_id}` })).json().gender).toBe('women');
    expect(item.photos.length).toBe(c2.photo_ids.length);

    const again = (await t.app.inject({ method: 'POST', url: '/bulk/generate', ...json({ plan_id: p.plan_id }) })).json();
    expect(again.drafts_created).toBe(p.items.length - 2);
    expect(again.draft_ids).toContain(real.results[0].item_id);
    expect((await t.app.inject({ method: 'GET', url: '/listings?limit=100' })).json().items.length).toBe(before + p.items.length);
  });

  it('plans with the full analyser when asked (mode "analysed"), keeping the seller\'s overrides', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/bulk/listings/plan', ...json({ job_id: jobId, mode: 'analysed', defaults: { gender: 'men' }, overrides: { c1: { price: 42 } } }) });
    expect(res.statusCode, res.body).toBe(200);
    const p = res.json();
    expect(p.mode).toBe('analysed');
    for (const item of p.items) {
      expect(item.title.length).toBeGreaterThanOrEqual(5);
      expect(item.title).not.toMatch(/\((bon|très bon) état\)/); // the writer's own title, not the template
      expect(item.hashtags.length).toBeGreaterThanOrEqual(3);
      expect(item.price).toBeGreaterThanOrEqual(1);
      expect(item.gender).toBe('men');
      expect(item.title).toMatch(/ homme\b/);
    }
    expect(p.items.find((i: { cluster_id: string }) => i.cluster_id === 'c1')).toMatchObject({ price: 42, price_source: 'override' });
  }, 120_000);
});
