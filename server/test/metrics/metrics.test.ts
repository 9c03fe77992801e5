import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { files } from '../bulk/fixtures/multipart.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';
import { testPhotos } from '../helpers/test-photos.ts';

// GET /metrics on a real app and a real database, read after real requests and a real bulk job: every family the
// monitoring reads is there, with the counts those requests and that job made. With API_TOKEN it needs the token.
const TOKEN = 'metrics-test-token-0123456789';
const auth = { authorization: `Bearer ${TOKEN}` };
let t: TestApp;

beforeAll(async () => {
  t = await createTestApp({ API_TOKEN: TOKEN, PRICE_DROP_CRON: 'off', PURGE_CRON: 'off' });
});
afterAll(async () => t?.close());

/** One sample's value from the exposition text, by its name and labels as written (`{method="GET",…}`). */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | null {
  for (const line of text.split('\n')) {
    if (!line.startsWith(name)) continue;
    const m = /^([a-zA-Z0-9_:]+)(\{[^}]*\})? (\S+)$/.exec(line);
    if (!m || m[1] !== name) continue;
    const got = Object.fromEntries([...(m[2] ?? '').matchAll(/(\w+)="([^"]*)"/g)].map((x) => [x[1], x[2]]));
    if (Object.entries(labels).every(([k, v]) => got[k] === v)) return Number(m[3]);
  }
  return null;
}

/** A JSON POST with the token. */
const post = (url: string, body: unknown) => t.app.inject({ method: 'POST', url, payload: JSON.stringify(body), headers: { 'content-type': 'application/json', ...auth } });

async function scrape(): Promise<string> {
  const res = await t.app.inject({ method: 'GET', url: '/metrics', headers: auth });
  expect(res.statusCode).toBe(200);
  expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
  return res.body;
}

describe('GET /metrics', () => {
  it('needs the API token when one is set, like every non-public route', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/metrics' });
    expect(res.statusCode).toBe(401);
    expect(res.json().error.code).toBe('unauthorized');
  });

  it('counts requests by route pattern and status, a bulk job by kind and state, its photos, and the duplicate checks', async () => {
    const created = await post('/listings', { title: 'Sweat Nike noir', price: 25, brand: 'Nike' });
    expect(created.statusCode).toBe(201);
    const id = created.json().id as string;
    for (let i = 0; i < 3; i++) expect((await t.app.inject({ method: 'GET', url: `/listings/${id}`, headers: auth })).statusCode).toBe(200);
    expect((await t.app.inject({ method: 'GET', url: '/listings/00000000-0000-7000-8000-000000000000', headers: auth })).statusCode).toBe(404);

    const photos = testPhotos('hoodie', 3).map((f) => ({ filename: path.basename(f), bytes: fs.readFileSync(f) }));
    const intake = files(photos);
    const up = await t.app.inject({ method: 'POST', url: '/bulk/ingest/photos', payload: intake.payload, headers: { ...intake.headers, ...auth } });
    expect(up.statusCode, up.body).toBe(200);
    await t.ctx.jobs.idle();
    const plan = await post('/bulk/listings/plan', { job_id: up.json().job_id });
    expect(plan.statusCode, plan.body).toBe(200);
    const exec = await post('/bulk/listings/execute', { plan_id: plan.json().plan_id, dry_run: true });
    expect(exec.statusCode, exec.body).toBe(200);

    const text = await scrape();
    expect(sample(text, 'vintedbot_http_requests_total', { method: 'GET', route: '/listings/:id', status: '200' })).toBe(3);
    expect(sample(text, 'vintedbot_http_requests_total', { method: 'GET', route: '/listings/:id', status: '404' })).toBe(1);
    expect(sample(text, 'vintedbot_http_requests_total', { method: 'POST', route: '/listings', status: '201' })).toBe(1);
    expect(sample(text, 'vintedbot_http_request_duration_seconds_count', { method: 'GET', route: '/listings/:id' })).toBe(4);
    expect(sample(text, 'vintedbot_job_runs_total', { kind: 'bulk.analyse', state: 'completed' })).toBe(1);
    expect(sample(text, 'vintedbot_job_duration_seconds_count', { kind: 'bulk.analyse', state: 'completed' })).toBe(1);
    expect(sample(text, 'vintedbot_bulk_photos_processed_total')).toBe(3);
    // Every draft of the execution went through the stock's duplicate check.
    expect(sample(text, 'vintedbot_duplicate_checks_total')).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'vintedbot_queue_depth', { state: 'pending' })).toBe(0);
    expect(sample(text, 'vintedbot_queue_depth', { state: 'running' })).toBe(0);
    // PostgreSQL's pool (CI's second run): connections counted; on SQLite the family is there without samples.
    if (t.ctx.database.dialect === 'postgres') expect(sample(text, 'vintedbot_db_pool_connections', { state: 'total' })).toBeGreaterThan(0);
    // prom-client's process families: memory and event-loop lag.
    expect(sample(text, 'process_resident_memory_bytes')).toBeGreaterThan(0);
    expect(sample(text, 'nodejs_eventloop_lag_p99_seconds')).not.toBeNull();
    // The families with nothing recorded yet still say what they are, so dashboards find them.
    for (const family of ['vintedbot_price_drops_applied_total', 'vintedbot_publications_total', 'vintedbot_vinted_challenges_total',
      'vintedbot_llm_tokens_total', 'vintedbot_llm_cost_usd_total', 'vintedbot_analysis_seconds_per_photo', 'vintedbot_db_pool_connections']) {
      expect(text).toContain(`# TYPE ${family} `);
    }
    // The scrape itself is not counted, and raw ids never become labels.
    expect(text).not.toContain('route="/metrics"');
    expect(text).not.toContain(id);
  });

  it('counts price drops, publications by outcome and Vinted challenges from the services\' events', async () => {
    t.ctx.events.emit('price.dropped', { item_id: 'a', title: 'Sweat', old_price: 50, new_price: 47.5, rule: 'daily' });
    t.ctx.events.emit('publish.result', { item_id: 'a', ok: true });
    t.ctx.events.emit('publish.result', { item_id: 'b', ok: false, needs_manual: true, reason: 'captcha_or_verification' });
    t.ctx.events.emit('publish.result', { item_id: 'c', ok: false, reason: 'vinted_refused' });
    const text = await scrape();
    expect(sample(text, 'vintedbot_price_drops_applied_total')).toBe(1);
    expect(sample(text, 'vintedbot_publications_total', { outcome: 'published' })).toBe(1);
    expect(sample(text, 'vintedbot_publications_total', { outcome: 'needs_manual' })).toBe(1);
    expect(sample(text, 'vintedbot_publications_total', { outcome: 'failed' })).toBe(1);
    expect(sample(text, 'vintedbot_vinted_challenges_total', { reason: 'captcha_or_verification' })).toBe(1);
  });

  it('the Grafana dashboard in deploy/ reads only families this endpoint exposes', async () => {
    const text = await scrape();
    const dashboard = JSON.parse(fs.readFileSync(path.resolve(import.meta.dirname, '../../../deploy/grafana-dashboard.json'), 'utf8')) as { panels: { targets: { expr: string }[] }[] };
    const names = new Set(dashboard.panels.flatMap((p) => p.targets.flatMap((t) => t.expr.match(/\b(vintedbot|process|nodejs)_[a-z0-9_]+/g) ?? [])));
    expect(names.size).toBeGreaterThan(10);
    const exposed = new Set([...text.matchAll(/^# TYPE (\S+) (\S+)$/gm)].flatMap((m) => m[2] === 'histogram' ? [`${m[1]}_bucket`, `${m[1]}_count`, `${m[1]}_sum`] : [m[1]]));
    expect([...names].filter((n) => !exposed.has(n))).toEqual([]);
  });
});
