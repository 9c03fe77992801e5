import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../src/platform/time.ts';
import { STREAM_TURN } from '../../src/platform/turn-sized-batches.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';

// Issue 23 point 5: a long read or job over the whole stock hands the event loop back between its batches, so the
// server keeps answering (/health, other requests) whatever the stock's size. The bench (bench/scale-jobs.ts) prints
// the latencies at a million items; here, on 20 k items, the test counts the turns of the event loop taken while
// each export or job runs (a setImmediate callback only runs when the loop gets a turn), and checks that a /health
// request sent once the work has started is answered before it ends. No times are asserted.
const ITEMS = 20_000;
let t: TestApp;

beforeAll(async () => {
  t = await createTestApp({ PRICE_DROP_CRON: 'off', PURGE_CRON: 'off' });
  const now = Date.now();
  const rows = Array.from({ length: ITEMS }, (_, i) => {
    const at = new Date(now - (ITEMS - i) * 60_000).toISOString();
    const price = 500 + ((i * 7919) % 9500);
    return {
      id: newId(), title: `Pull laine ${i}`, description: 'Bon état', brand: 'Zara', category: 'jumper', size: 'M', condition: 'good', colors: '[]',
      material: null, gender: null, keywords: '[]', hashtags: '[]', price_cents: price, suggestion_min_cents: Math.round(price * 0.6),
      suggestion_target_cents: price, suggestion_max_cents: null, suggestion_justification: null, status: 'listed', listed_at: at, sold_at: null,
      sold_price_cents: null, archived_at: null, possible_duplicate: 0, duplicate_of: '[]', estimated_sale_score: null, sale_score_breakdown: null,
      publish_ready: 0, missing_fields: '[]', vinted_listing_id: null, vinted_url: null, auto_drop: 1, drop_rate: null, floor_cents: null,
      publish_opt_in: 0, demo: 0, search_text: `pull laine ${i}`, extra: '{}', created_at: at, updated_at: at, sku: `SKU-${i}`,
    };
  });
  // Straight into the table (the bench's way to seed): 20 k items through the API would take minutes.
  await t.ctx.db.transaction().execute(async (trx) => {
    for (let i = 0; i < rows.length; i += 500) await trx.insertInto('items').values(rows.slice(i, i + 500)).execute();
  });
}, 300_000);

afterAll(async () => {
  await t?.close();
});

/** Runs `work`, counting the event loop's turns while it runs and sending /health once it has begun. */
async function whileRunning(work: () => Promise<unknown>) {
  let turns = 0;
  let running = true;
  const tick = () => {
    if (!running) return;
    turns++;
    setImmediate(tick);
  };
  let finished = false;
  const job = work().finally(() => {
    finished = true;
    running = false;
  });
  setImmediate(tick);
  // The first turn after the work began: the health request goes in while the work is under way.
  await new Promise<void>((r) => setImmediate(r));
  const health = await t.app.inject({ method: 'GET', url: '/health' });
  const answeredBeforeEnd = !finished;
  await job;
  return { turns, healthStatus: health.statusCode, answeredBeforeEnd };
}

const get = (url: string) => async () => {
  const res = await t.app.inject({ method: 'GET', url });
  expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
  return res;
};

describe('long reads and jobs yield the event loop between batches (issue 23)', () => {
  for (const url of ['/listings/all', '/export/csv', '/export/json', '/export/vinted', '/export/backup']) {
    it(`${url} over ${ITEMS.toLocaleString('en')} items`, { timeout: 120_000 }, async () => {
      const r = await whileRunning(get(url));
      expect(r.healthStatus).toBe(200);
      expect(r.answeredBeforeEnd).toBe(true);
      // At least one turn per batch of the keyset read: batches are sized by time, at most STREAM_TURN.max rows
      // (a fast machine reaches it, a slow one stays smaller and turns more often).
      expect(r.turns).toBeGreaterThanOrEqual(ITEMS / STREAM_TURN.max);
    });
  }

  it('the price-drop run and its dry run', { timeout: 120_000 }, async () => {
    const dry = await whileRunning(() => t.ctx.priceDrops.run({ trigger: 'manual', dryRun: true }));
    expect(dry.answeredBeforeEnd).toBe(true);
    expect(dry.turns).toBeGreaterThanOrEqual(ITEMS / 2000);
    let dropped = 0;
    const real = await whileRunning(async () => (dropped = (await t.ctx.priceDrops.run({ trigger: 'manual' })).dropped));
    expect(dropped).toBe(ITEMS);
    expect(real.healthStatus).toBe(200);
    expect(real.answeredBeforeEnd).toBe(true);
    expect(real.turns).toBeGreaterThanOrEqual(ITEMS / 2000);
  });
});
