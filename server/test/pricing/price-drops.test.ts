import { spawn } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import readline from 'node:readline';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createTestApp, json, type TestApp } from '../helpers/test-app.ts';

const DAY = 24 * 3600_000;

/** Spawns fixtures/drop-process.ts on the same PostgreSQL schema; `go()` makes it run and answers its result. */
async function startDropProcess(pgSchema: string) {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(import.meta.dirname, 'fixtures/drop-process.ts'), pgSchema], { stdio: ['pipe', 'pipe', 'inherit'] });
  const lines = readline.createInterface({ input: child.stdout! })[Symbol.asyncIterator]();
  expect((await lines.next()).value).toBe('ready');
  return {
    async go(): Promise<{ dropped: number }> {
      child.stdin!.write('go\n');
      const out = JSON.parse((await lines.next()).value);
      await once(child, 'exit');
      return out;
    },
  };
}
let t: TestApp | undefined;
const extra: TestApp[] = [];
afterEach(async () => {
  for (const a of extra.splice(0)) await a.close();
  await t?.close();
  t = undefined;
});

async function item(app: TestApp, body: Record<string, unknown>) {
  const res = await app.app.inject({ method: 'POST', url: '/listings', ...json({ status: 'listed', price: 50, ...body }) });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string; title: string };
}
const get = async (app: TestApp, id: string) => (await app.app.inject({ method: 'GET', url: `/listings/${id}` })).json();
const run = async (app: TestApp, body: Record<string, unknown> = {}) => {
  const res = await app.app.inject({ method: 'POST', url: '/pricing/run', ...json({ dry_run: false, ...body }) });
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
};

describe('automatic price drops', () => {
  it('lowers listed items by 5 %, records the history, prints the line, and never twice the same day', async () => {
    t = await createTestApp({ PRICE_DROP_CRON: 'off' });
    const a = await item(t, { title: 'Pull Ralph Lauren M', price_suggestion: { min: 30, target: 50, max: 60 } });
    const draft = await item(t, { title: 'Robe brouillon', status: 'draft' });
    const off = await item(t, { title: 'Jean sans baisse', auto_drop: false });
    const sold = await item(t, { title: 'Veste vendue', status: 'sold', sold_price: 40 });

    const first = await run(t);
    expect(first).toMatchObject({ dry_run: false, considered: 1, dropped: 1, already_dropped_that_day: 0 });
    const after = await get(t, a.id);
    expect(after.price).toBe(47.5);
    const last = after.price_history.at(-1);
    expect(last).toMatchObject({ old_price: 50, new_price: 47.5, reason: 'automatic_drop' });
    expect(JSON.parse(last.rule)).toEqual({ rate: 0.05, rounding: 'cents', floor: 30 });
    expect(t.lines).toContain('💸 Price drop: Pull Ralph Lauren M from 50€ → 47.5€');
    for (const other of [draft, off, sold]) expect((await get(t, other.id)).price).toBe(50);

    const second = await run(t);
    expect(second).toMatchObject({ considered: 0, dropped: 0, already_dropped_that_day: 1 });
    expect((await get(t, a.id)).price).toBe(47.5);
    expect((await get(t, a.id)).price_history.filter((h: { reason: string }) => h.reason === 'automatic_drop')).toHaveLength(1);
    expect(t.lines.filter((l) => l.startsWith('💸'))).toHaveLength(1);

    // The next calendar day it drops again, from the new price.
    const next = await t.ctx.priceDrops.run({ trigger: 'schedule', now: new Date(Date.now() + DAY) });
    expect(next.dropped).toBe(1);
    expect((await get(t, a.id)).price).toBe(45.13);
  });

  it('clamps at the floor with the per-item override first, then stops', async () => {
    t = await createTestApp({ PRICE_DROP_CRON: 'off' });
    const a = await item(t, { title: 'Sac à main cuir', price: 31, price_suggestion: { min: 30, target: 35, max: 40 } });
    const b = await item(t, { title: 'Manteau laine', price: 100, floor: 95, price_suggestion: { min: 50, target: 100, max: 120 } });
    const c = await item(t, { title: 'Baskets Nike', price: 20, floor: 1 });
    await t.app.inject({ method: 'PATCH', url: `/listings/${c.id}`, ...json({ drop_rate: 0.1 }) });

    const r1 = await run(t);
    expect(r1).toMatchObject({ dropped: 3, reached_floor: 2 });
    expect((await get(t, a.id)).price).toBe(30);
    expect((await get(t, b.id)).price).toBe(95);
    expect((await get(t, c.id)).price).toBe(18);
    expect(r1.changes.find((x: { item_id: string }) => x.item_id === c.id)).toMatchObject({ rate: 0.1, floor: 1, at_floor: false });

    const r2 = await t.ctx.priceDrops.run({ trigger: 'schedule', now: new Date(Date.now() + DAY) });
    expect(r2).toMatchObject({ considered: 3, dropped: 1, already_at_floor: 2 });
    expect((await get(t, a.id)).price_history).toHaveLength(2);
  });

  it('follows the seller-wide settings: rate, rounding, minimum floor, items without floor', async () => {
    t = await createTestApp({ PRICE_DROP_CRON: 'off' });
    expect((await t.app.inject({ method: 'GET', url: '/settings/pricing' })).json()).toEqual({
      auto_drop_enabled: true, drop_rate: 0.05, rounding: 'cents', min_floor: 1, drop_by_default: true, without_floor: 'skip',
    });
    const bad = await t.app.inject({ method: 'PATCH', url: '/settings/pricing', ...json({ drop_rate: 2 }) });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('validation_failed');
    const ok = await t.app.inject({ method: 'PATCH', url: '/settings/pricing', ...json({ rounding: 'ends_90', drop_rate: 0.1, min_floor: 10 }) });
    expect(ok.json()).toMatchObject({ rounding: 'ends_90', drop_rate: 0.1, min_floor: 10 });

    const a = await item(t, { title: 'Chemise lin', price: 50, price_suggestion: { min: 5, target: 50, max: 60 } });
    const b = await item(t, { title: 'Short jean', price: 10.5 });
    // Without a floor of its own an item does not drop (the default), until the seller lets it reach min_floor.
    expect(await run(t)).toMatchObject({ skipped_without_floor: 1, dropped: 1 });
    expect((await get(t, a.id)).price).toBe(45.9); // 45.00 rounded up to …,90: never more than the rate
    expect((await get(t, b.id)).price).toBe(10.5);

    await t.app.inject({ method: 'PATCH', url: '/settings/pricing', ...json({ without_floor: 'min_floor' }) });
    const r = await t.ctx.priceDrops.run({ trigger: 'manual', now: new Date(Date.now() + DAY) });
    expect(r).toMatchObject({ skipped_without_floor: 0, dropped: 2 });
    expect((await get(t, a.id)).price).toBe(41.9);
    expect((await get(t, b.id)).price).toBe(10); // the seller's 10 € minimum is its floor

    // Switched off: the schedule does nothing, a manual run still works.
    await t.app.inject({ method: 'PATCH', url: '/settings/pricing', ...json({ auto_drop_enabled: false }) });
    expect(await t.ctx.priceDrops.scheduled('schedule', new Date(Date.now() + 2 * DAY))).toBeNull();
    expect((await get(t, a.id)).price).toBe(41.9);
  });

  it('previews and dry-runs exactly what the run then does, writing nothing', async () => {
    t = await createTestApp({ PRICE_DROP_CRON: 'off' });
    const ids = [];
    for (let i = 0; i < 5; i++) ids.push((await item(t, { title: `Article ${i}`, price: 20 + i * 7.35, floor: i === 4 ? 60 : 5 })).id);
    const preview = (await t.app.inject({ method: 'GET', url: '/pricing/preview' })).json();
    const dry = await run(t, { dry_run: true });
    expect(dry.run_id).toBeNull();
    for (const id of ids) expect((await get(t, id)).price_history).toHaveLength(1);
    const real = await run(t);
    const strip = (r: { changes: unknown[]; considered: number; dropped: number }) => ({ changes: r.changes, considered: r.considered, dropped: r.dropped });
    expect(real.dropped).toBe(4); // the fifth is under its own 60 € floor already
    expect(strip(preview)).toEqual(strip(real));
    expect(strip(dry)).toEqual(strip(real));
    for (const ch of real.changes) expect((await get(t, ch.item_id)).price).toBe(ch.new_price);
    const runs = (await t.app.inject({ method: 'GET', url: '/pricing/runs' })).json();
    expect(runs.runs).toHaveLength(1);
    expect(runs.runs[0]).toMatchObject({ trigger: 'manual', considered: 5, dropped: 4 });
  });

  it('drops once when two runs race (two processes on PostgreSQL), and after a restart', { timeout: 90_000 }, async () => {
    t = await createTestApp({ PRICE_DROP_CRON: 'off' }, { keepData: true });
    const ids = [];
    for (let i = 0; i < 30; i++) ids.push((await item(t, { title: `Pièce ${i}`, price: 40, floor: 10 })).id);
    // On PostgreSQL a second process shares the database (on SQLite the data-folder lock forbids it): each runs
    // its own transaction at the same moment, and between them every item still drops once.
    const second = t.pgSchema ? await startDropProcess(t.pgSchema) : null;
    const [r1, r2] = await Promise.all([
      t.ctx.priceDrops.run({ trigger: 'manual' }),
      second ? second.go() : t.ctx.priceDrops.run({ trigger: 'schedule' }),
    ]);
    expect(r1.dropped + r2.dropped).toBe(30);
    for (const id of ids) expect((await get(t, id)).price_history).toHaveLength(2);
    const dataDir = t.dataDir;
    const pgSchema = t.pgSchema;
    await t.close();
    t = await createTestApp({ PRICE_DROP_CRON: 'off' }, { dataDir, pgSchema });
    expect((await run(t)).dropped).toBe(0);
    for (const id of ids) expect((await get(t, id)).price).toBe(38);
  });

  it('runs on its schedule, through the scheduler', async () => {
    // Every second (croner's six-field syntax). The test follows the scheduler's runs as they finish, not a clock.
    t = await createTestApp({ PRICE_DROP_CRON: '* * * * * *' });
    const drops = t.ctx.priceDrops;
    const scheduled = drops.scheduled.bind(drops);
    let finished = 0;
    const waiting: (() => void)[] = [];
    vi.spyOn(drops, 'scheduled').mockImplementation(async (...args) => {
      try {
        return await scheduled(...args);
      } finally {
        finished++;
        for (const w of waiting.splice(0)) w();
      }
    });
    const runsFinished = async (n: number) => {
      while (finished < n) await new Promise<void>((r) => waiting.push(r));
    };
    let runsBeforeDrop = -1;
    const dropped = new Promise<{ item_id: string; old_price: number; new_price: number }>((resolve) => {
      const off = t!.ctx.events.on('price.dropped', (e) => {
        if (e.data.title !== 'Polo Lacoste') return;
        runsBeforeDrop = finished;
        off();
        resolve(e.data);
      });
    });
    const a = await item(t, { title: 'Polo Lacoste', price: 30, floor: 10 });
    expect(t.ctx.scheduler.armed().map((x) => x.name)).toContain('pricing.drop');
    expect(await dropped).toMatchObject({ item_id: a.id, old_price: 30, new_price: 28.5 });
    expect((await get(t, a.id)).price).toBe(28.5);
    // The run that dropped it finishes, then a later tick the same day changes nothing.
    await runsFinished(runsBeforeDrop + 2);
    expect((await get(t, a.id)).price).toBe(28.5);
  });

  it('makes up a missed day once at start-up, and only for today', async () => {
    const env = { PRICE_DROP_CRON: '0 0 * * *', TZ: 'UTC' };
    t = await createTestApp(env, { keepData: true });
    const a = await item(t, { title: 'Doudoune', price: 80, floor: 20 });
    // The last run was three days ago; the app was off since.
    await t.ctx.priceDrops.run({ trigger: 'schedule', now: new Date(Date.now() - 3 * DAY) });
    expect((await get(t, a.id)).price).toBe(76);
    const { dataDir, pgSchema } = t;
    await t.close();

    t = await createTestApp(env, { dataDir, pgSchema, keepData: true });
    await t.ctx.jobs.idle();
    const after = await get(t, a.id);
    expect(after.price).toBe(72.2); // one step, not three
    expect(t.lines).toContain('💸 Price drop: Doudoune from 76€ → 72.2€');
    await t.close();

    t = await createTestApp(env, { dataDir, pgSchema });
    await t.ctx.jobs.idle();
    expect((await get(t, a.id)).price).toBe(72.2);
    expect((await t.app.inject({ method: 'GET', url: '/pricing/runs' })).json().runs.map((r: { trigger: string }) => r.trigger)).toEqual(['catch_up', 'schedule']);
  });
});

describe('price-drop simulation', () => {
  it('answers one trajectory, with the floor and the true percentage', async () => {
    t = await createTestApp({ PRICE_DROP_CRON: 'off' });
    const res = await t.app.inject({ method: 'POST', url: '/pricing/simulate', ...json({ initial_price: 50, min_price: 45, days: 3 }) });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual([
      { day: 0, price: 50, drop_percentage: 0, at_floor: false, held_by_rounding: false },
      { day: 1, price: 47.5, drop_percentage: 5, at_floor: false, held_by_rounding: false },
      { day: 2, price: 45.13, drop_percentage: 4.99, at_floor: false, held_by_rounding: false },
      { day: 3, price: 45, drop_percentage: 0.29, at_floor: true, held_by_rounding: false },
    ]);
    const ends9 = (await t.app.inject({ method: 'POST', url: '/pricing/simulate', ...json({ initial_price: 20, rate: 0.1, days: 2, rounding: 'ends_9' }) })).json();
    expect(ends9.map((p: { price: number }) => p.price)).toEqual([20, 18.09, 16.29]);
  });

  it('answers several trajectories for the bonus /simulate', async () => {
    t = await createTestApp({ PRICE_DROP_CRON: 'off' });
    const res = await t.app.inject({ method: 'POST', url: '/simulate', ...json({ initial_prices: [20, 5], min_price: 10, days: 2 }) });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.map((b: { initial_price: number }) => b.initial_price)).toEqual([20, 5]);
    expect(body[0].trajectory.map((p: { price: number }) => p.price)).toEqual([20, 19, 18.05]);
    expect(body[1].trajectory.every((p: { price: number; at_floor: boolean }) => p.price === 5 && p.at_floor)).toBe(true);
  });

  it('refuses impossible simulations with a clear 400', async () => {
    t = await createTestApp({ PRICE_DROP_CRON: 'off' });
    const cases: [Record<string, unknown>, string][] = [
      [{ initial_price: 10, min_price: 20 }, 'min_above_initial'],
      [{ initial_price: 10, rate: 0 }, 'validation_failed'],
      [{ initial_price: 'abc' }, 'validation_failed'],
      [{ initial_price: 10, days: 10_000 }, 'validation_failed'],
      [{ initial_price: 10, rounding: 'up' }, 'validation_failed'],
    ];
    for (const [body, code] of cases) {
      const res = await t.app.inject({ method: 'POST', url: '/pricing/simulate', ...json(body) });
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      expect(res.json().error.code).toBe(code);
    }
    const badRun = await t.app.inject({ method: 'POST', url: '/pricing/run', ...json({ dry_run: 'yes' }) });
    expect(badRun.statusCode).toBe(400);
    // A run is asked for explicitly: no body, or a body without dry_run, runs nothing.
    const bare = await t.app.inject({ method: 'POST', url: '/pricing/run' });
    expect([bare.statusCode, bare.json().error.code]).toEqual([400, 'body_required']);
    const empty = await t.app.inject({ method: 'POST', url: '/pricing/run', ...json({}) });
    expect([empty.statusCode, empty.json().error.code]).toEqual([400, 'validation_failed']);
    expect((await t.app.inject({ method: 'POST', url: '/pricing/run', ...json({ dry_run: false }) })).json()).toMatchObject({ dry_run: false, trigger: 'manual' });
  });
});
