// The seeded stores bench/scale-jobs.ts measures on (run alone it does nothing): 10 k and 1 M items seeded once
// with stats-seed's rows (4/9 listed, each with a suggestion minimum, so every listed item is due to drop), kept
// under bench/out/scale-jobs/ and reused between runs. Each measurement works on a copy, so a drop run never
// changes the cached store.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { sql } from 'kysely';
import { buildApp } from '../server/src/app.ts';
import { loadConfig } from '../server/src/config.ts';
import { closeContext, createContext } from '../server/src/context.ts';
import { seedItems } from './stats-seed.ts';

const CACHE = process.env.BENCH_SCALE_DIR ?? path.join(import.meta.dirname, 'out', 'scale-jobs');
const ENV = { LOG_LEVEL: 'silent', RATE_LIMIT_MAX: '100000000', NOTIFY_CONSOLE: 'false', PRICE_DROP_CRON: 'off', PURGE_CRON: 'off' };

/** The app on an existing data folder, listening on a free port. */
export async function openApp(dataDir: string, env: Record<string, string> = {}) {
  const config = loadConfig({ DATA_DIR: dataDir, ...ENV, ...env }, 'bench');
  const ctx = await createContext(config, { logger: pino({ level: 'silent' }), notify: () => {}, runJobs: true });
  const app = await buildApp(ctx);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  return {
    ctx, app, base, dataDir,
    async close() {
      await app.close();
      await closeContext(ctx);
    },
  };
}

/** The cached store of `size` items, seeded the first time (about a minute per 100 k on this machine). */
export async function cachedStore(size: number): Promise<string> {
  const dir = path.join(CACHE, String(size));
  if (fs.existsSync(path.join(dir, 'seeded'))) return dir;
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  const a = await openApp(dir);
  try {
    const s = await seedItems(a.ctx.db, size);
    await sql`analyze`.execute(a.ctx.db);
    console.log(`  seeded ${size.toLocaleString('en')} items in ${s.toFixed(1)} s (cached in ${dir})`);
  } finally {
    await a.close();
  }
  fs.writeFileSync(path.join(dir, 'seeded'), new Date().toISOString());
  return dir;
}

/** A throw-away copy of the cached store (the database file only: the stores hold no photo files). */
export function copyOf(dir: string): { dataDir: string; remove: () => void } {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vintedbot-scale-jobs-'));
  for (const f of fs.readdirSync(dir)) {
    if (f.startsWith('vintedbot.db')) fs.copyFileSync(path.join(dir, f), path.join(dataDir, f));
  }
  return { dataDir, remove: () => fs.rmSync(dataDir, { recursive: true, force: true }) };
}
