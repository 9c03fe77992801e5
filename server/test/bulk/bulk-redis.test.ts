import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { type AppContext, closeContext, createContext } from '../../src/context.ts';
import { createTestApp } from '../helpers/test-app.ts';
import { blockNeeds } from '../helpers/tiers.ts';
import { files } from './fixtures/multipart.ts';
import { buildSession, type BuiltSession } from './fixtures/session-builder.ts';
import { LOCAL_OWNER_ID } from '../../src/platform/security/owner-scope.ts';

// The Redis path for real: BullMQ on the Redis of REDIS_URL. Several processes share a database only on PostgreSQL,
// so the cross-process tests also need DATABASE_URL. Without them (a fresh clone) the tests are skipped, saying so;
// CI runs this file with both (.ci/run, "bulk suites with the job queue on Redis").
const REDIS_URL = process.env.REDIS_URL ?? '';
const PG_URL = process.env.DATABASE_URL ?? '';
const noRedis = blockNeeds('redis');
const noRedisOrPg = noRedis || blockNeeds('postgres');
const WORKER = path.resolve(import.meta.dirname, 'fixtures/worker-process.ts');

async function pgSchema(name = `t_${randomBytes(6).toString('hex')}`) {
  const c = new pg.Client({ connectionString: PG_URL });
  await c.connect();
  await c.query(`create schema ${name}`);
  await c.end();
  return name;
}

function startWorker(env: Record<string, string>): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', WORKER], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let err = '';
    child.stderr!.on('data', (d) => (err += d));
    child.stdout!.on('data', (d) => String(d).includes('ready') && resolve(child));
    child.on('exit', (code) => reject(new Error(`worker exited ${code}: ${err.slice(-2000)}`)));
  });
}

const stopWorker = (child: ChildProcess) => new Promise<void>((resolve) => {
  if (child.exitCode !== null) return resolve();
  child.once('exit', () => resolve());
  child.kill('SIGTERM');
});

async function waitFor<T>(fn: () => Promise<T | null | undefined | false>, ms = 120_000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > until) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe.skipIf(noRedis)('bulk on BullMQ', () => {
  let session: BuiltSession;
  beforeAll(async () => {
    session = await buildSession({ garments: 5, seed: 21, exactDuplicates: 1 });
  }, 60_000);

  it('runs the bulk job through Redis in the same process', async () => {
    const t = await createTestApp({ REDIS_URL, REDIS_PREFIX: `vb-test-${randomBytes(4).toString('hex')}` });
    try {
      expect(t.ctx.jobs.driver).toBe('bullmq');
      const res = await t.app.inject({ method: 'POST', url: '/bulk/ingest/photos', ...files(session.photos) });
      expect(res.statusCode).toBe(200);
      await t.ctx.jobs.idle();
      const s = (await t.app.inject({ method: 'GET', url: `/bulk/status?job=${res.json().job_id}` })).json();
      expect(s.status).toBe('completed');
      expect(s.clusters.length).toBeGreaterThanOrEqual(4);
      expect(s.duplicates).toHaveLength(1);
    } finally {
      await t.close();
    }
  }, 120_000);

  describe.skipIf(noRedisOrPg)('with separate worker processes', () => {
    let schema: string;
    let ctx: AppContext;
    let app: Awaited<ReturnType<typeof buildApp>>;
    let env: Record<string, string>;
    let dataDir: string;

    beforeAll(async () => {
      dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vintedbot-redis-'));
      schema = await pgSchema();
      env = { DATA_DIR: dataDir, DATABASE_URL: PG_URL, REDIS_URL, REDIS_PREFIX: `vb-test-${randomBytes(4).toString('hex')}`, PG_SCHEMA: schema, LOG_LEVEL: 'warn', RATE_LIMIT_MAX: '100000' };
      // The API process: it only enqueues and reads the rows, like `npm start` with REDIS_URL.
      // unscopedOwner: the test's own reads of the rows run as the single seller (as createTestApp does).
      ctx = await createContext(loadConfig(env, 'test'), { runJobs: true, jobRole: 'api', pgSchema: schema, logger: pino({ level: 'warn' }), notify: () => {}, unscopedOwner: LOCAL_OWNER_ID });
      app = await buildApp(ctx);
      await app.ready();
    });
    afterAll(async () => {
      await app?.close();
      if (ctx) await closeContext(ctx);
      // The schema is left to the run's teardown (pg-global-setup.ts): a drop while other files run breaks their
      // migrator's catalogue read.
      fs.rmSync(dataDir, { recursive: true, force: true });
    });

    it('the API enqueues, a worker process runs the job, and its progress reaches the API\'s event stream', async () => {
      const seen: string[] = [];
      const off = ctx.events.on('job.progress', (e) => seen.push(`${e.data.state}:${(e.data.progress as { stage?: string }).stage ?? ''}`));
      const res = await app.inject({ method: 'POST', url: '/bulk/ingest/photos', ...files(session.photos) });
      expect(res.statusCode).toBe(200);
      const jobId = res.json().job_id;
      // Nothing runs in the API process.
      await new Promise((r) => setTimeout(r, 500));
      expect((await app.inject({ method: 'GET', url: `/bulk/jobs/${jobId}` })).json()).toMatchObject({ status: 'processing', processed_photos: 0 });
      const worker = await startWorker(env);
      try {
        const s = await waitFor(async () => {
          const st = (await app.inject({ method: 'GET', url: `/bulk/status?job=${jobId}` })).json();
          return st.status === 'completed' && st;
        });
        expect(s.clusters.length).toBeGreaterThanOrEqual(4);
        await waitFor(async () => seen.includes('completed:completed'), 10_000);
        expect(seen.some((x) => x.startsWith('running:scanned'))).toBe(true);
      } finally {
        off();
        await stopWorker(worker);
      }
    }, 180_000);

    it('a worker stopped mid-job hands it over: the next worker resumes it and no photo is scanned twice', async () => {
      const big = await buildSession({ garments: 6, seed: 22, width: 1600, height: 1200 });
      const res = await app.inject({ method: 'POST', url: '/bulk/ingest/photos', ...files(big.photos) });
      const jobId = res.json().job_id;
      const runId = (await ctx.db.selectFrom('job_runs').select('id').where('kind', '=', 'bulk.analyse').orderBy('created_at', 'desc').executeTakeFirstOrThrow()).id;
      const first = await startWorker(env);
      const thumbs = path.join(dataDir, 'bulk', jobId, 'thumbs');
      await waitFor(async () => fs.existsSync(thumbs) && fs.readdirSync(thumbs).length >= 3);
      await stopWorker(first);
      const before = new Map(fs.readdirSync(thumbs).map((f) => [f, fs.statSync(path.join(thumbs, f)).mtimeMs]));
      const mid = await ctx.jobRuns.get(runId);
      expect(mid!.state).toBe('queued');
      expect(before.size).toBeLessThan(big.photos.length);
      const second = await startWorker(env);
      try {
        await waitFor(async () => (await ctx.jobRuns.get(runId))!.state === 'completed');
        const after = fs.readdirSync(thumbs);
        expect(after.length).toBe(big.photos.length);
        for (const [f, mtime] of before) expect(fs.statSync(path.join(thumbs, f)).mtimeMs).toBe(mtime);
        expect((await ctx.jobRuns.get(runId))!.attempts).toBe(2);
      } finally {
        await stopWorker(second);
      }
    }, 240_000);
  });
});
