import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t.close());

describe('console notifications', () => {
  it('prints the lines sellers know, word for word', () => {
    t.ctx.events.emit('draft.created', { item_id: 'a', title: 'Pull col rond Ralph Lauren', target_price: 45 });
    t.ctx.events.emit('price.dropped', { item_id: 'b', title: 'Hoodie Nike', old_price: 50, new_price: 47.5, rule: 'rate_5' });
    t.ctx.events.emit('duplicate.detected', { item_id: 'c', title: 'Pull beige Zara M', matches: [] });
    expect(t.lines.slice(-3)).toEqual([
      '🧠 New AI draft created: Pull col rond Ralph Lauren (45€ target)',
      '💸 Price drop: Hoodie Nike from 50€ → 47.5€',
      '⚠️ Duplicate detected for "Pull beige Zara M"',
    ]);
  });
});

describe('live events over SSE', () => {
  it('streams events to a listening client, filtered by type', async () => {
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = t.app.server.address() as AddressInfo;
    const received = await new Promise<string>((resolve, reject) => {
      const req = http.get({ host: '127.0.0.1', port, path: '/events?types=item.created' }, (res) => {
        expect(res.statusCode).toBe(200);
        expect(res.headers['content-type']).toContain('text/event-stream');
        let buf = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          buf += chunk;
          if (buf.includes(': connected')) {
            t.ctx.events.emit('job.progress', { job_id: 'j', kind: 'k', state: 'running', progress: {} });
            t.ctx.events.emit('item.created', { item_id: 'x1', title: 'Jean Levis', publish_opt_in: false });
          }
          if (buf.includes('event: item.created')) {
            req.destroy();
            resolve(buf);
          }
        });
      });
      req.on('error', reject);
    });
    expect(received).not.toContain('job.progress');
    const data = received.split('\n').find((l) => l.startsWith('data: '))!;
    expect(JSON.parse(data.slice(6))).toMatchObject({ type: 'item.created', data: { item_id: 'x1', title: 'Jean Levis' } });
  });
});

describe('health', () => {
  it('reports uptime, version, scheduler, database and queue', async () => {
    const before = t.ctx.scheduler.armed().length;
    t.ctx.scheduler.add({ name: 'noop', cron: '0 3 * * *', run: async () => {} });
    const h = (await t.app.inject({ method: 'GET', url: '/health' })).json();
    expect(h.scheduler_jobs).toBe(before + 1);
    expect(h).toMatchObject({
      status: 'healthy', ok: true, version: '0.0.0-test', checks: { database: 'ok', redis: 'not_configured' },
      database: { dialect: process.env.DATABASE_URL ? 'postgres' : 'sqlite', ok: true },
      queue: { driver: 'embedded', pending: 0, running: 0 },
    });
    expect(h.uptime_seconds).toBeGreaterThanOrEqual(0);
    expect((await t.app.inject({ method: 'GET', url: '/ready' })).json()).toEqual({ ready: true });
    const root = (await t.app.inject({ method: 'GET', url: '/' })).json();
    expect(root).toMatchObject({ name: 'VintedBot', links: { docs: '/docs' } });
  });

  it('serves Swagger UI from its own files (no CDN)', async () => {
    const page = await t.app.inject({ method: 'GET', url: '/docs' });
    expect(page.statusCode).toBe(200);
    expect(page.body).not.toMatch(/https?:\/\/(cdn|unpkg|cdnjs)/);
    const bundle = await t.app.inject({ method: 'GET', url: '/docs/static/swagger-ui-bundle.js' });
    expect(bundle.statusCode).toBe(200);
  });
});

describe('scheduler', () => {
  it('runs a tick once even when two processes fire it', async () => {
    let runs = 0;
    const task = { name: 'nightly', cron: '0 3 * * *', run: async () => void runs++ };
    const tick = new Date('2026-11-21T03:00:00Z');
    const first = await t.ctx.scheduler.runTick(task, tick);
    // A second scheduler on the same database stands in for a second process.
    const { Scheduler } = await import('../../src/platform/jobs/scheduler.ts');
    const other = new Scheduler(t.ctx.db, t.ctx.log);
    const second = await other.runTick(task, tick);
    expect([first, second]).toEqual([true, false]);
    expect(runs).toBe(1);
    expect(await t.ctx.scheduler.runTick(task, new Date('2026-11-22T03:00:00Z'))).toBe(true);
    expect(runs).toBe(2);
  });

  it('waits, when stopping, for a tick under way, so no tick reads a database being closed', async () => {
    const { Scheduler } = await import('../../src/platform/jobs/scheduler.ts');
    const scheduler = new Scheduler(t.ctx.db, t.ctx.log);
    let release!: () => void;
    const started = new Promise<void>((resolve) => {
      scheduler.add({
        name: 'slow-sweep',
        cron: '* * * * * *',
        scope: 'system',
        run: () => {
          resolve();
          return new Promise<void>((r) => (release = r));
        },
      });
    });
    await started;
    let stopped = false;
    const stopping = scheduler.stop().then(() => (stopped = true));
    // The tick is still running: stop has not returned.
    await new Promise((r) => setImmediate(r));
    expect(stopped).toBe(false);
    release();
    await stopping;
    expect(stopped).toBe(true);
    expect(scheduler.armed()).toEqual([]);
  });
});
