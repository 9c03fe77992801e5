import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { json, type TestApp } from '../helpers/test-app.ts';
import { bulkTestApp, testPrefix } from './fixtures/bulk-test-app.ts';
import { files } from './fixtures/multipart.ts';
import { buildSession, type BuiltSession } from './fixtures/session-builder.ts';

// The job's life: live progress over SSE, cancel, resume after a restart, and the seller's edits before the plan.
describe('bulk: the job', () => {
  let session: BuiltSession;
  beforeAll(async () => {
    session = await buildSession({ garments: 8, seed: 31, width: 1200, height: 900 });
  }, 60_000);

  it('streams its progress over SSE until it completes', async () => {
    const t = await bulkTestApp();
    try {
      await t.app.listen({ port: 0, host: '127.0.0.1' });
      const base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
      const ctrl = new AbortController();
      const sse = await fetch(`${base}/events?types=job.progress`, { signal: ctrl.signal });
      const reader = sse.body!.getReader();
      const res = await t.app.inject({ method: 'POST', url: '/bulk/ingest/photos', ...files(session.photos.slice(0, 12)) });
      const jobId = res.json().job_id;
      const stages = new Set<string>();
      let buf = '';
      let completed = false;
      while (!completed) {
        const { value, done } = await reader.read();
        if (done) break;
        buf += new TextDecoder().decode(value);
        for (const block of buf.split('\n\n').slice(0, -1)) {
          const data = block.split('\n').find((l) => l.startsWith('data: '));
          if (!data) continue;
          const e = JSON.parse(data.slice(6));
          if (e.data.progress?.job_id !== jobId) continue;
          stages.add(e.data.progress.stage);
          if (e.data.state === 'completed') completed = true;
        }
        buf = buf.slice(buf.lastIndexOf('\n\n') + 2);
      }
      ctrl.abort();
      expect(completed).toBe(true);
      expect([...stages]).toEqual(expect.arrayContaining(['scanned', 'deduplicated', 'analysed', 'grouped', 'categorised', 'completed']));
    } finally {
      await t.close();
    }
  }, 120_000);

  it('is cancelled with DELETE: it stops, its originals go, the status says so', async () => {
    const t = await bulkTestApp({ BULK_CONCURRENCY: '1' });
    try {
      let jobId = '';
      let cancelled: Promise<unknown> | null = null;
      t.ctx.events.on('job.progress', (e) => {
        const p = e.data.progress as { job_id?: string; scanned?: number };
        if (!cancelled && p.job_id === jobId && (p.scanned ?? 0) >= 2) cancelled = t.app.inject({ method: 'DELETE', url: `/bulk/jobs/${jobId}` });
      });
      const res = await t.app.inject({ method: 'POST', url: '/bulk/ingest/photos', ...files(session.photos) });
      jobId = res.json().job_id;
      await t.ctx.jobs.idle();
      expect(cancelled).not.toBeNull();
      expect((await cancelled!) as { statusCode: number }).toMatchObject({ statusCode: 200 });
      const s = (await t.app.inject({ method: 'GET', url: `/bulk/status?job=${jobId}` })).json();
      expect(s.status).toBe('cancelled');
      expect(s.progress.scanned).toBeLessThan(session.photos.length);
      expect(fs.existsSync(path.join(t.dataDir, 'bulk', jobId))).toBe(false);
      // Once stopped, a second DELETE removes the job itself.
      const del = (await t.app.inject({ method: 'DELETE', url: `/bulk/jobs/${jobId}` })).json();
      expect(del).toMatchObject({ deleted: true });
      expect((await t.app.inject({ method: 'GET', url: `/bulk/status?job=${jobId}` })).statusCode).toBe(404);
    } finally {
      await t.close();
    }
  }, 120_000);

  it('resumes after a restart where it stopped, without scanning a photo twice', async () => {
    const prefix = testPrefix();
    const t1 = await bulkTestApp({ BULK_CONCURRENCY: '1', REDIS_PREFIX: prefix }, { keepData: true });
    let jobId = '';
    let stopping: Promise<void> | null = null;
    t1.ctx.events.on('job.progress', (e) => {
      const p = e.data.progress as { job_id?: string; scanned?: number };
      if (!stopping && p.job_id === jobId && (p.scanned ?? 0) >= 3) stopping = t1.close();
    });
    const res = await t1.app.inject({ method: 'POST', url: '/bulk/ingest/photos', ...files(session.photos) });
    jobId = res.json().job_id;
    await t1.ctx.jobs.idle();
    await stopping;
    const thumbs = path.join(t1.dataDir, 'bulk', jobId, 'thumbs');
    const before = new Map(fs.readdirSync(thumbs).map((f) => [f, fs.statSync(path.join(thumbs, f)).mtimeMs]));
    expect(before.size).toBeGreaterThanOrEqual(3);
    expect(before.size).toBeLessThan(session.photos.length);

    const t2 = await bulkTestApp({ REDIS_PREFIX: prefix }, { dataDir: t1.dataDir, pgSchema: t1.pgSchema });
    try {
      await t2.ctx.jobs.idle();
      const s = (await t2.app.inject({ method: 'GET', url: `/bulk/status?job=${jobId}` })).json();
      expect(s.status).toBe('completed');
      expect(fs.readdirSync(thumbs).length).toBe(session.photos.length);
      for (const [f, mtime] of before) expect(fs.statSync(path.join(thumbs, f)).mtimeMs).toBe(mtime);
      const run = (await t2.ctx.jobRuns.list({ kind: 'bulk.analyse' }))[0];
      expect(run.attempts).toBe(2);
    } finally {
      await t2.close();
    }
  }, 180_000);

  it('refuses edits and plans while the job is still processing', async () => {
    const t = await bulkTestApp({}, { runJobs: false });
    try {
      const s = await buildSession({ garments: 1, seed: 5 });
      const id = (await t.app.inject({ method: 'POST', url: '/bulk/ingest/photos', ...files(s.photos) })).json().job_id;
      const r = await t.app.inject({ method: 'POST', url: '/bulk/listings/plan', ...json({ job_id: id }) });
      expect(r.statusCode).toBe(409);
      expect(r.json().error.code).toBe('job_not_ready');
      expect((await t.app.inject({ method: 'GET', url: `/bulk/jobs/${id}` })).json()).toMatchObject({ job_id: id, status: 'processing', progress: 0 });
    } finally {
      await t.close();
    }
  });
});

describe('bulk: the seller fixes the groups before the plan', () => {
  let t: TestApp;
  let jobId: string;
  const status = async () => (await t.app.inject({ method: 'GET', url: `/bulk/status?job=${jobId}` })).json();
  const patch = (id: string, body: Record<string, unknown>) => t.app.inject({ method: 'PATCH', url: `/bulk/clusters/${id}`, ...json({ job_id: jobId, ...body }) });

  beforeAll(async () => {
    const session = await buildSession({ garments: 4, seed: 41, labelRate: 0 });
    t = await bulkTestApp();
    jobId = (await t.app.inject({ method: 'POST', url: '/bulk/ingest/photos', ...files(session.photos) })).json().job_id;
    await t.ctx.jobs.idle();
  }, 120_000);
  afterAll(async () => {
    await t?.close();
  });

  it('moves, splits, merges, reorders and sets the cover; every photo stays in exactly one group', async () => {
    const s0 = await status();
    const all = s0.clusters.flatMap((c: { photos: { id: string }[] }) => c.photos.map((p) => p.id)).sort();
    const [c1, c2] = s0.clusters;
    const moved = c1.photos.at(-1).id;
    let r = await patch(c1.id, { move: { photo_ids: [moved], to: c2.id } });
    expect(r.statusCode).toBe(200);
    expect(r.json().clusters.find((c: { id: string }) => c.id === c2.id).photos.map((p: { id: string }) => p.id)).toContain(moved);
    r = await patch(c2.id, { split_at: moved });
    const created = r.json().clusters.find((c: { id: string }) => c.id !== c2.id);
    expect(created.photos.map((p: { id: string }) => p.id)).toEqual([moved]);
    expect(created.few_photos).toBe(true);
    r = await patch(c1.id, { merge: [created.id] });
    expect(r.json().removed).toEqual([created.id]);
    const ids = r.json().clusters[0].photos.map((p: { id: string }) => p.id);
    r = await patch(c1.id, { order: [...ids].reverse(), cover_photo_id: ids[1] });
    expect(r.json().clusters[0]).toMatchObject({ cover_photo_id: ids[1], edited: true });
    expect(r.json().clusters[0].photos[0].id).toBe(ids[1]);
    const s1 = await status();
    expect(s1.clusters.flatMap((c: { photos: { id: string }[] }) => c.photos.map((p) => p.id)).sort()).toEqual(all);
    const log = (await t.app.inject({ method: 'GET', url: `/bulk/jobs/${jobId}/log` })).json();
    expect(log.entries.map((e: { rule: string }) => e.rule)).toEqual(expect.arrayContaining(['edit_move', 'edit_merge', 'edit_order', 'edit_cover']));
  });

  it('fixes category and colour by hand, which the plan then uses', async () => {
    const c = (await status()).clusters[1];
    // One colour by hand: the main one set, a detected second one cleared (the group may have had one).
    const r = await patch(c.id, { category: 'veste', color: 'Bleu marine', color_secondary: null, size: 'M' });
    expect(r.json().clusters[0]).toMatchObject({ category: 'jacket', color: 'marine', color_key: 'navy', color_secondary: null, size: 'M' });
    const plan = (await t.app.inject({ method: 'POST', url: '/bulk/listings/plan', ...json({ job_id: jobId, city: 'Nantes' }) })).json();
    const item = plan.items.find((i: { cluster_id: string }) => i.cluster_id === c.id);
    expect(item).toMatchObject({ title: 'Veste marine (bon état) – Taille M', category: 'jacket', colors: ['navy'] });
    expect(item.description).toContain('Envoi rapide depuis Nantes.');
    expect(plan.version).toBe(1);
    expect((await t.app.inject({ method: 'POST', url: '/bulk/listings/plan', ...json({ job_id: jobId }) })).json().version).toBe(2);
  });

  it('refuses unknown vocabulary, photos of other groups and unknown groups with clear codes', async () => {
    const [a, b] = (await status()).clusters;
    expect((await patch(a.id, { category: 'spaceship' })).json().error.code).toBe('unknown_category');
    expect((await patch(a.id, { color: 'octarine' })).json().error.code).toBe('unknown_colour');
    expect((await patch(a.id, { cover_photo_id: b.photos[0].id })).json().error.code).toBe('photo_not_in_cluster');
    expect((await patch('c999', { merge: [a.id] })).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'POST', url: '/bulk/listings/plan', ...json({ job_id: jobId, overrides: { c999: { price: 10 } } }) })).json().error.code).toBe('unknown_cluster');
  });
});
