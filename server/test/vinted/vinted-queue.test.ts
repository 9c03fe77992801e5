import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { browserSuite, enablePublication, json, makeItem, requireChromium, saveSession, vintedWorld, type VintedWorld } from './vinted-fixtures.ts';

// Drives Chromium: skipped, saying so, where it is missing (CI has it).
const browser = browserSuite();

// The publish queue in Chromium against the fake Vinted: only items opted in one by one, dry run by default,
// within the budget, a challenge stops the pass and waits for the seller, transient failures retry with back-off
// and land in the dead-letter state after N attempts.

// A real browser on a shared 2-core machine: generous per-test time (never asserted on).
vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });

let w: VintedWorld;
beforeAll(async () => {
  if (!browser) return;
  requireChromium();
  w = await vintedWorld({ VINTED_NAV_TIMEOUT_MS: '5000' });
  await saveSession(w);
});
afterAll(async () => w?.close());

const run = async () => (await w.t.app.inject({ method: 'POST', url: '/vinted/publish/queue/run', ...json({}) })).json();
const queue = async () => (await w.t.app.inject({ method: 'GET', url: '/vinted/publish/queue' })).json();
const settings = (body: Record<string, unknown>) => w.t.app.inject({ method: 'PATCH', url: '/vinted/settings', ...json(body) });
const entry = async (id: string) => (await queue()).items.find((i: { item_id: string }) => i.item_id === id);
const writesLastHour = async () => (await w.t.app.inject({ method: 'GET', url: '/vinted/status' })).json().pace.writes_last_hour as number;

describe('publish queue', () => {
  let a: { id: string };
  let b: { id: string };

  it('does nothing while publication is off, even for opted-in items', async () => {
    a = await makeItem(w.t, { publish_opt_in: true });
    expect(await run()).toEqual({ account_id: expect.any(String), ran: false, skipped: 'publication_disabled', processed: [] });
    expect(w.fake.count('page')).toBe(0);
  });

  it('lists opted-in drafts and where each stands; items not opted in stay out', async () => {
    b = await makeItem(w.t, { publish_opt_in: true, title: 'Chemise Zara blanche coton', category: 'shirt', brand: 'Zara', size: 'S', price: 14, colors: ['white'] });
    const notReady = (await w.t.app.inject({ method: 'POST', url: '/listings', ...json({ title: 'Jupe', price: 5, publish_opt_in: true }) })).json();
    const notOpted = await makeItem(w.t, { title: 'Pull gris Uniqlo laine', brand: 'Uniqlo', colors: ['grey'] });
    const q = await queue();
    expect(q.queue_size).toBe(2);
    expect(q.items.map((i: { item_id: string; state: string }) => [i.item_id, i.state])).toEqual([[a.id, 'pending'], [b.id, 'pending'], [notReady.id, 'not_ready']]);
    expect(q.items.find((i: { item_id: string }) => i.item_id === notOpted.id)).toBeUndefined();
  });

  it('runs in dry run by default: fills and checks each form, publishes nothing, and does not repeat itself', async () => {
    await enablePublication(w.t, { hourly_write_budget: 200 });
    const report = await run();
    expect(report.processed).toEqual([{ item_id: a.id, state: 'dry_run_ok' }, { item_id: b.id, state: 'dry_run_ok' }]);
    expect(w.fake.items.size + w.fake.drafts.size).toBe(0);
    const log = (await w.t.app.inject({ method: 'GET', url: `/vinted/publish/log?item_id=${a.id}` })).json();
    expect(log.entries.map((e: { action: string; dry_run: boolean; source: string }) => [e.action, e.dry_run, e.source])).toEqual([['publish', true, 'queue'], ['prepare', true, 'queue']]);
    expect((await run()).processed).toEqual([]);
  });

  it('publishes for real once dry run is off, within the hourly write budget', async () => {
    const c = await makeItem(w.t, { publish_opt_in: true, title: 'Jean Levis 501 brut W32', category: 'jeans', size: 'W32', brand: "Levi's", colors: ['blue'], price: 30 });
    // Room for exactly two listings of three photos (3 uploads + 1 publication each).
    await settings({ dry_run: false, hourly_write_budget: (await writesLastHour()) + 8 });
    const report = await run();
    expect(report.processed).toEqual([{ item_id: a.id, state: 'published' }, { item_id: b.id, state: 'published' }]);
    expect(report.stopped_by).toBe('write_budget_exhausted');
    expect(w.fake.items.size).toBe(2);
    for (const id of [a.id, b.id]) {
      const item = (await w.t.app.inject({ method: 'GET', url: `/listings/${id}` })).json();
      expect(item).toMatchObject({ status: 'listed', vinted: { listing_id: expect.stringMatching(/^\d+$/) } });
    }
    expect(await entry(c.id)).toMatchObject({ state: 'pending', attempts: 0 });
    expect((await queue()).queue_size).toBe(1);
    await settings({ hourly_write_budget: 200 });
    expect((await run()).processed).toEqual([{ item_id: c.id, state: 'published' }]);
    expect(w.fake.items.size).toBe(3);
  });

  it('saves Vinted drafts instead when the seller prefers it', async () => {
    const d = await makeItem(w.t, { publish_opt_in: true, title: 'Baskets Nike Air Max blanches', category: 'trainers', size: 'EU 42', brand: 'Nike', colors: ['white'], price: 40 });
    await settings({ prefer_vinted_draft: true });
    const report = await run();
    expect(report.processed).toEqual([{ item_id: d.id, state: 'drafted' }]);
    expect(w.fake.drafts.size).toBe(1);
    expect(await entry(d.id)).toMatchObject({ state: 'drafted', vinted_draft_id: expect.stringMatching(/^\d+$/) });
    expect((await w.t.app.inject({ method: 'GET', url: `/listings/${d.id}` })).json().status).toBe('draft');
    await settings({ prefer_vinted_draft: false });
  });

  it('stops the whole pass at a challenge; the item waits for the seller', async () => {
    const e = await makeItem(w.t, { publish_opt_in: true, title: 'Manteau laine camel Zara', category: 'coat', brand: 'Zara', size: 'M', colors: ['beige'], price: 55 });
    const f = await makeItem(w.t, { publish_opt_in: true, title: 'Veste en jean Levis bleue', category: 'jacket', brand: "Levi's", size: 'L', colors: ['blue'], price: 35 });
    const listings = w.fake.items.size;
    w.fake.setFault({ kind: 'datadome', on: ['publish'] });
    const report = await run();
    w.fake.setFault(null);
    expect(report.processed).toEqual([{ item_id: e.id, state: 'needs_manual', reason: 'captcha_or_verification' }]);
    expect(report.stopped_by).toBe('captcha_or_verification');
    expect(w.fake.items.size).toBe(listings);
    expect(await entry(f.id)).toMatchObject({ state: 'pending' });
    // Stopped until the seller acts: no request at all.
    const requests = w.fake.requests.length;
    expect(await run()).toMatchObject({ ran: false, skipped: 'stopped:captcha_or_verification' });
    expect(w.fake.requests.length).toBe(requests);
    await w.t.app.inject({ method: 'POST', url: '/vinted/resume', ...json({}) });
    expect((await run()).processed).toEqual([{ item_id: f.id, state: 'published' }]);
    const pages = w.fake.count('page');
    expect(await entry(e.id)).toMatchObject({ state: 'needs_manual', last_error: 'captcha_or_verification' });
    const requeued = await w.t.app.inject({ method: 'POST', url: `/vinted/publish/queue/${e.id}/requeue`, ...json({}) });
    expect(requeued.json()).toMatchObject({ item_id: e.id, state: 'pending', attempts: 0 });
    // Five publications reached Vinted (a, b, c, e's stopped one, f): within the minute, the global pace says wait.
    // On a slow machine they can span more than a real minute, so they are dated to the last seconds, as they would
    // be on a fast one; the guard reads the same log rows either way.
    await w.t.ctx.vinted!.deps.db.updateTable('vinted_publish_log').set({ at: new Date(Date.now() - 1000).toISOString() })
      .where('action', '=', 'publish').where('dry_run', '=', 0).where('outcome', '!=', 'rejected').execute();
    const paced = await run();
    expect(paced).toMatchObject({ ran: true, processed: [], stopped_by: 'publish_rate_limited' });
    expect(await entry(e.id)).toMatchObject({ state: 'pending', attempts: 0 });
    expect(w.fake.count('page')).toBe(pages);
    await w.t.app.inject({ method: 'PATCH', url: `/listings/${e.id}`, ...json({ publish_opt_in: false }) });
  });

  it('retries a transient failure with back-off, then dead-letters it after N attempts', async () => {
    const g = await makeItem(w.t, { publish_opt_in: true, title: 'Short en jean Kiabi bleu', category: 'shorts', brand: 'Kiabi', size: '38', colors: ['blue'], price: 8 });
    // In dry run: the minute's five publications are used up, and a retry is about the failure, not the click.
    await settings({ queue_max_attempts: 2, dry_run: true });
    const listings = w.fake.items.size;
    w.fake.setFault({ kind: 'server_error', on: ['photos'] });
    try {
      expect((await run()).processed).toEqual([{ item_id: g.id, state: 'retry', reason: 'vinted_unreachable' }]);
      const first = await entry(g.id);
      expect(first.attempts).toBe(1);
      expect(Date.parse(first.next_attempt_at) - Date.now()).toBeGreaterThan(50_000);
      // Not due yet: nothing happens.
      expect((await run()).processed).toEqual([]);
      // A minute later (the row's clock moved back), the second attempt fails too: dead letter.
      await w.t.ctx.vinted!.deps.db.updateTable('vinted_queue').set({ next_attempt_at: new Date(Date.now() - 1000).toISOString() }).where('item_id', '=', g.id).execute();
      expect((await run()).processed).toEqual([{ item_id: g.id, state: 'dead', reason: 'vinted_unreachable' }]);
      expect((await run()).processed).toEqual([]);
    } finally {
      w.fake.setFault(null);
    }
    expect(await entry(g.id)).toMatchObject({ state: 'dead', attempts: 2, last_error: 'vinted_unreachable' });
    expect(w.fake.items.size).toBe(listings);
  });
});
