import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, json, type TestApp } from '../helpers/test-app.ts';

// A fuzzer's findings: `GET /analytics/summary?period=day&to=9999-12-31` never answered (the day after 9999-12-31
// is written "+010000-01-01", which sorts before every date, so the bucket loop never ended) and took the server
// down out of memory; `GET /orders?to=2026-13-45` answered 500 and its CSV export broke off after the header; a sale
// dated 2026-02-30 was stored as 2 March. Every day a query or a body gives is now a real day of a countable year,
// or a 400 `invalid_date` that changes nothing.

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ PRICE_DROP_CRON: 'off', PURGE_CRON: 'off' });
});
afterAll(async () => t?.close());

const inject = (method: string, url: string, body?: unknown) => t.app.inject({ method: method as 'GET', url, ...(body === undefined ? {} : json(body)) });
const issueCodes = (res: { json(): { error: { code: string; details?: { issues?: { path: string; code: string }[] } } } }) => {
  const e = res.json().error;
  return [e.code, ...(e.details?.issues ?? []).map((i) => `${i.path}:${i.code}`)];
};

describe('days that do not exist', () => {
  it('the analytics refuse them quickly and keep answering', async () => {
    for (const query of ['period=day&to=9999-12-31', 'period=week&to=9999-12-31', 'to=9999-12-31', 'from=2026-02-30', 'period=month&from=0000-01-01', 'to=2026-13-01']) {
      const res = await inject('GET', `/analytics/summary?${query}`);
      expect(res.statusCode, `${query}: ${res.body}`).toBe(400);
      expect(issueCodes(res).some((c) => c.endsWith(':invalid_date')), query).toBe(true);
    }
    // The last day of the last year still counts, day by day, without running away.
    const edge = await inject('GET', '/analytics/summary?period=day&from=2999-12-20&to=2999-12-31');
    expect(edge.statusCode, edge.body).toBe(200);
    expect(edge.json().buckets.map((b: { start: string }) => b.start).at(-1)).toBe('2999-12-31');
    expect(edge.json().buckets).toHaveLength(12);
    expect((await inject('GET', '/health')).statusCode).toBe(200);
  });

  it('the sales ledger and its export refuse them, and a sale is never moved to another day', async () => {
    const item = (await inject('POST', '/listings', { title: 'Jupe plissée Zara', price: 25, status: 'listed' })).json();
    const order = (await inject('POST', '/orders', { item_id: item.id, sale_price: 20, sold_at: '2025-05-02T09:00:00Z' })).json().order;
    for (const url of ['/orders?to=2026-13-45', '/orders?from=2026-12-32', '/orders?to=9999-12-31', '/orders/export.csv?to=2026-13-45']) {
      const res = await inject('GET', url);
      expect(res.statusCode, `${url}: ${res.body}`).toBe(400);
      expect(issueCodes(res).some((c) => c.endsWith(':invalid_date')), url).toBe(true);
    }
    for (const sold_at of ['2025-02-30', '2025-04-31T10:00:00Z', '2025-02-29T10:00:00+01:00']) {
      const res = await inject('PATCH', `/orders/${order.id}`, { sold_at });
      expect(res.statusCode, `${sold_at}: ${res.body}`).toBe(400);
      expect(issueCodes(res)).toContain('sold_at:invalid_date');
    }
    expect((await inject('GET', `/orders/${order.id}`)).json().sold_at).toBe('2025-05-02T09:00:00.000Z');
    // A real leap day and an offset are fine.
    expect((await inject('PATCH', `/orders/${order.id}`, { sold_at: '2024-02-29T23:30:00-01:00' })).statusCode).toBe(200);
    expect((await inject('GET', '/orders?from=2024-03-01&to=2024-03-01')).json().orders).toHaveLength(1);
  });
});
