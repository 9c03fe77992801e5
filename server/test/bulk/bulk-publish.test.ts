import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { browserSuite, enablePublication, json, requireChromium, saveSession, vintedWorld, type VintedWorld } from '../vinted/vinted-fixtures.ts';
import { testPrefix } from './fixtures/bulk-test-app.ts';
import { files } from './fixtures/multipart.ts';
import { buildSession } from './fixtures/session-builder.ts';

// Drives Chromium: skipped, saying so, where it is missing (CI has it).
const browser = browserSuite();

// Execution with publication opted in, against the fake Vinted in Chromium: the group marked publish goes through
// the connector's prepare and publish; the others stay drafts; a refusal is that group's report, not the batch's.
vi.setConfig({ testTimeout: 180_000, hookTimeout: 180_000 });

let w: VintedWorld;
let jobId: string;
beforeAll(async () => {
  if (!browser) return;
  requireChromium();
  w = await vintedWorld({ REDIS_PREFIX: testPrefix() });
  const session = await buildSession({ garments: 3, seed: 51, labelRate: 0 });
  jobId = (await w.t.app.inject({ method: 'POST', url: '/bulk/ingest/photos', ...files(session.photos) })).json().job_id;
  await w.t.ctx.jobs.idle();
});
afterAll(async () => w?.close());

describe('bulk execute with publication', () => {
  const planWith = async (overrides: Record<string, unknown>) => {
    const res = await w.t.app.inject({ method: 'POST', url: '/bulk/listings/plan', ...json({ job_id: jobId, defaults: { price: 25, condition: 'très bon' }, overrides }) });
    expect(res.statusCode, res.body).toBe(200);
    return res.json();
  };
  // Vinted needs a leaf category, a size and a brand for clothing: the seller sets them on the group to publish.
  const ready = { category: 'pull', size: 'M', brand: 'Ralph Lauren', color: 'marine', title: 'Pull marine Ralph Lauren M', description: 'Pull bleu marine Ralph Lauren, taille M, très bon état.' };

  it('with publication off, every group is still drafted and the refusal is reported per group', async () => {
    const plan = await planWith({ c1: ready });
    const res = (await w.t.app.inject({ method: 'POST', url: '/bulk/listings/execute', ...json({ plan_id: plan.plan_id, dry_run: false, set_publish_true: true }) })).json();
    expect(res.results).toHaveLength(plan.items.length);
    for (const r of res.results) {
      expect(r.item_id).toEqual(expect.any(String));
      expect(r.ok).toBe(false);
      expect(r.prepare).toMatchObject({ ok: false, error: { code: expect.any(String) } });
      expect(r.publish).toBeNull();
    }
    expect(w.fake.items.size).toBe(0);
  });

  it('with publication on, the group marked publish goes through prepare and publish; the others stay drafts', async () => {
    await enablePublication(w.t, { hourly_write_budget: 200 });
    await saveSession(w);
    const plan = await planWith({ c1: { ...ready, publish: true } });
    const res = (await w.t.app.inject({ method: 'POST', url: '/bulk/listings/execute', ...json({ plan_id: plan.plan_id, dry_run: false }) })).json();
    const c1 = res.results.find((r: { cluster_id: string }) => r.cluster_id === 'c1');
    expect(c1.duplicate).toBe(true); // drafted by the first run: the same draft goes on, no second one
    expect(c1.prepare, JSON.stringify(c1.prepare)).toMatchObject({ ok: true, status: 200 });
    expect(c1.publish).toMatchObject({ ok: true, listing_url: expect.stringContaining('/items/') });
    expect(w.fake.items.size).toBe(1);
    for (const r of res.results.filter((x: { cluster_id: string }) => x.cluster_id !== 'c1')) expect(r).toMatchObject({ ok: true, prepare: null, publish: null });
    const item = (await w.t.app.inject({ method: 'GET', url: `/listings/${c1.item_id}` })).json();
    expect(item.status).toBe('listed');
  });
});
