import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testPhotos } from '../helpers/test-photos.ts';
import { suiteNeeds } from '../helpers/tiers.ts';
import { vintedbot } from '../cli/cli-run.ts';

// The compose file's topology without containers: `npm start` (the API) and `npm run worker` as two real processes on
// one PostgreSQL database (a fresh one of the test's) and one Redis (a prefix of the test's). A bulk job posted to the
// API runs in the worker; the price drop, armed every second in both processes, lowers a price once.
const ok = suiteNeeds('postgres', 'redis');
const ROOT = path.resolve(import.meta.dirname, '../../..');
const PG_URL = process.env.DATABASE_URL ?? '';
const dbName = `vintedbot_topology_${randomBytes(4).toString('hex')}`;
let dbUrl = '';
let dataDir = '';
const procs: { child: ChildProcess; exited: Promise<number | null> }[] = [];

async function admin(sql: string) {
  const c = new pg.Client({ connectionString: PG_URL });
  await c.connect();
  try { await c.query(sql); } finally { await c.end(); }
}

/** `npm <args>` in the repository, resolved once it printed `ready` (a pattern); its output is kept for failures. */
function npm(args: string[], env: Record<string, string>, ready: RegExp): Promise<{ child: ChildProcess; match: RegExpExecArray; out: () => string }> {
  const child = spawn('npm', args, { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  procs.push({ child, exited });
  let out = '';
  return new Promise((resolve, reject) => {
    const on = (d: Buffer) => {
      out += d.toString();
      const m = ready.exec(out);
      if (m) resolve({ child, match: m, out: () => out });
    };
    child.stdout!.on('data', on);
    child.stderr!.on('data', on);
    void exited.then((code) => reject(new Error(`npm ${args.join(' ')} exited (${code}) before it was ready:\n${out}`)));
  });
}

beforeAll(async () => {
  if (!ok) return;
  await admin(`create database ${dbName}`);
  const u = new URL(PG_URL);
  u.pathname = `/${dbName}`;
  dbUrl = u.toString();
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vintedbot-topology-'));
});

afterAll(async () => {
  for (const p of procs) {
    // The process group: npm, the supervisor and the server below it.
    try { process.kill(-p.child.pid!, 'SIGTERM'); } catch { /* gone already */ }
    await p.exited;
  }
  if (!ok) return;
  await admin(`drop database if exists ${dbName} with (force)`);
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('npm start + npm run worker on PostgreSQL and Redis', () => {
  it('runs a bulk job posted to the API in the worker, and a scheduled price drop once across the two processes', async () => {
    const env = {
      DATABASE_URL: dbUrl, REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', REDIS_PREFIX: `topology-${randomBytes(4).toString('hex')}`,
      DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'warn', NOTIFY_CONSOLE: 'false', VINTEDBOT_SKIP_WEB_BUILD: '1',
      PURGE_CRON: 'off', VINTED_QUEUE_INTERVAL_SECONDS: '0', RATE_LIMIT_MAX: '1000000',
    };
    // A listed item with a floor, in the database before either process starts (the one-shot CLI has no schedule).
    const csv = path.join(dataDir, 'stock.csv');
    fs.writeFileSync(csv, 'title,price,floor,status\nManteau laine,50,10,listed\n');
    const imported = await vintedbot(['import-csv', csv], dataDir, { DATABASE_URL: dbUrl });
    expect(imported.status, imported.stderr).toBe(0);

    const withDrops = { ...env, PRICE_DROP_CRON: '* * * * * *' };
    const api = await npm(['start'], withDrops, /App:\s+(http:\/\/[^\s/]+)\//);
    await npm(['run', 'worker'], withDrops, /VintedBot worker .* is processing jobs/);
    const base = api.match[1];
    const get = async (url: string) => (await fetch(`${base}${url}`)).json() as Promise<Record<string, any>>;

    // The bulk job: posted to the API, which only enqueues; the worker runs it to the end.
    const form = new FormData();
    for (const cls of ['hoodie', 'pants']) for (const f of testPhotos(cls, 3)) form.append('files', new Blob([fs.readFileSync(f)], { type: 'image/jpeg' }), `${cls}/${path.basename(f)}`);
    const intake = await fetch(`${base}/bulk/ingest/photos`, { method: 'POST', body: form });
    expect(intake.status, await intake.clone().text()).toBe(200);
    const jobId = ((await intake.json()) as { job_id: string }).job_id;
    let job = await get(`/bulk/jobs/${jobId}`);
    while (job.status === 'processing') job = await get(`/bulk/jobs/${jobId}`);
    expect(job).toMatchObject({ status: 'completed', total_photos: 6, processed_photos: 6 });
    expect(((await get('/health')).queue as { driver: string }).driver).toBe('bullmq');

    // The drop: both processes arm it every second; the first tick drops the price, every later one finds the day done.
    let runs = (await get('/pricing/runs')).runs as { dropped: number }[];
    while (!runs.some((r) => r.dropped > 0)) runs = (await get('/pricing/runs')).runs;
    // Several more ticks in both processes (each moves next_run on), then the count.
    const firstNext = (await get('/pricing/runs')).next_run as string;
    let next = firstNext;
    while (Date.parse(next) < Date.parse(firstNext) + 3000) next = (await get('/pricing/runs')).next_run;
    runs = (await get('/pricing/runs')).runs;
    expect(runs.filter((r) => r.dropped > 0)).toHaveLength(1);
    const items = (await get('/listings/all')) as unknown as { title: string; price: number }[];
    expect(items.find((i) => i.title === 'Manteau laine')?.price).toBe(47.5);
  }, 300_000);
});
