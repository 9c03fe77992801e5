// bench/load: the real server (a child process, as `npm start` runs it, on a temp data folder) under 50 concurrent
// clients for 60 s, each looping over a mixed workload: list, filter, get, create, patch, stats and a small photo
// upload. Prints the requests, the errors (any non-2xx answer or failed connection) and p50/p99 latencies, overall
// and per operation. Expected: 0 errors. BENCH_LOAD_CLIENTS and BENCH_LOAD_SECONDS change the load; the rate
// limiter is raised (all clients share one address here), everything else is the default configuration.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { fmt, summary } from './lib.ts';

const CLIENTS = Number(process.env.BENCH_LOAD_CLIENTS ?? 50);
const SECONDS = Number(process.env.BENCH_LOAD_SECONDS ?? 60);
const SEED_ITEMS = 500;
const ROOT = path.resolve(import.meta.dirname, '..');

async function startServer(dataDir: string): Promise<{ base: string; stop(): Promise<void> }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/src/main.ts', 'serve'], {
    cwd: ROOT,
    env: {
      ...process.env, DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'warn', NOTIFY_CONSOLE: 'false', DATABASE_URL: '', REDIS_URL: '',
      RATE_LIMIT_MAX: '100000000', PRICE_DROP_CRON: 'off', PURGE_CRON: 'off', MALLOC_ARENA_MAX: '2',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const base = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /App:\s+(http:\/\/[^\s/]+)\//.exec(out);
      if (m) resolve(m[1]);
    });
    void exited.then(() => reject(new Error(`the server exited before it was ready:\n${out}`)));
  });
  return {
    base,
    async stop() {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

type Op = 'list' | 'filter' | 'get' | 'create' | 'patch' | 'stats' | 'photo';
// Weights of the mix, per 100 requests: mostly reads, as the web app does, with steady writes and some uploads.
const MIX: [Op, number][] = [['list', 25], ['filter', 15], ['get', 20], ['create', 10], ['patch', 15], ['stats', 10], ['photo', 5]];
const wheel: Op[] = MIX.flatMap(([op, n]) => Array<Op>(n).fill(op));

const BRANDS = ['Zara', 'Ralph Lauren', 'Levi\'s', 'Nike', 'Petit Bateau', 'Sézane'];
const item = (i: number) => ({
  title: `${['Pull', 'Robe', 'Jean', 'Veste', 'Chemise'][i % 5]} ${BRANDS[i % BRANDS.length]} taille ${['S', 'M', 'L'][i % 3]}`,
  description: 'Très bon état, porté quelques fois.', brand: BRANDS[i % BRANDS.length], size: ['S', 'M', 'L'][i % 3],
  condition: 'very_good', price: 5 + (i % 60), status: i % 4 === 0 ? 'draft' : 'listed',
});

async function main() {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vintedbot-load-'));
  const server = await startServer(dataDir);
  const { base } = server;
  const ids: string[] = [];
  const post = (url: string, body: unknown) => fetch(`${base}${url}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  for (let i = 0; i < SEED_ITEMS; i++) ids.push(((await (await post('/listings', item(i))).json()) as { id: string }).id);
  // Small photos (about 10 KB), a few distinct ones: most uploads are of a photo the store already has.
  const photos = await Promise.all(Array.from({ length: 8 }, (_, k) => sharp({ create: { width: 320, height: 400, channels: 3, background: { r: 30 * k, g: 200 - 20 * k, b: 90 } } }).jpeg({ quality: 80 }).toBuffer()));

  const times: Record<Op, number[]> = { list: [], filter: [], get: [], create: [], patch: [], stats: [], photo: [] };
  const errors: Record<string, number> = {};
  let requests = 0;
  let n = 0;
  const run = async (op: Op): Promise<Response> => {
    const k = n++;
    const id = ids[k % ids.length];
    switch (op) {
      case 'list': return fetch(`${base}/listings?limit=50`);
      case 'filter': return fetch(`${base}/listings?status=listed&q=${encodeURIComponent(['Pull', 'Robe', 'Jean'][k % 3])}&min_price=10&max_price=40&sort=-price&limit=20`);
      case 'get': return fetch(`${base}/listings/${id}`);
      case 'create': return post('/listings', item(k));
      case 'patch': return fetch(`${base}/listings/${id}`, { method: 'PATCH', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ price: 5 + (k % 60), description: `Modifié ${k}` }) });
      case 'stats': return fetch(`${base}/stats`);
      case 'photo': {
        const form = new FormData();
        form.append('files', new Blob([photos[k % photos.length]], { type: 'image/jpeg' }), `photo-${k}.jpg`);
        return fetch(`${base}/photos`, { method: 'POST', body: form });
      }
    }
  };

  console.log(`${CLIENTS} clients for ${SECONDS} s against ${base} (SQLite, ${SEED_ITEMS} items seeded; ${os.availableParallelism()} cores shared by the server and the clients)`);
  const end = performance.now() + SECONDS * 1000;
  const c0 = process.cpuUsage();
  const client = async (c: number) => {
    for (let i = c; performance.now() < end; i += 7) {
      const op = wheel[(i * 37) % wheel.length];
      const t0 = performance.now();
      try {
        const res = await run(op);
        const body = await res.text();
        if (res.status >= 400) {
          const key = `${op} ${res.status}`;
          errors[key] = (errors[key] ?? 0) + 1;
          if (errors[key] === 1) console.log(`  first ${key}: ${body.slice(0, 200)}`);
        }
      } catch (e) {
        const key = `${op} ${(e as Error).message}`;
        errors[key] = (errors[key] ?? 0) + 1;
      }
      times[op].push(performance.now() - t0);
      requests++;
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: CLIENTS }, (_, c) => client(c)));
  const elapsed = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(c0);
  await server.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });

  const all = summary(Object.values(times).flat());
  const errorCount = Object.values(errors).reduce((s, x) => s + x, 0);
  console.log(`requests ${requests.toLocaleString('en')} (${(requests / elapsed).toFixed(0)}/s), errors ${errorCount}, p50 ${fmt(all.p50)}, p99 ${fmt(all.p99)}, max ${fmt(all.max)}`);
  for (const [op] of MIX) {
    const s = summary(times[op]);
    console.log(`  ${op.padEnd(7)} ${String(s.n).padStart(7)} requests   p50 ${fmt(s.p50).padStart(9)}   p99 ${fmt(s.p99).padStart(9)}`);
  }
  for (const [k, v] of Object.entries(errors)) console.log(`  error ${k}: ${v}`);
  console.log(`  (the clients' own CPU: ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s)`);
  if (errorCount > 0) process.exitCode = 1;
}

await main();
