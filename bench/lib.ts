// Small helpers shared by the bench scripts: timing figures and a throw-away app on a real database.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { buildApp } from '../server/src/app.ts';
import { loadConfig } from '../server/src/config.ts';
import { closeContext, createContext } from '../server/src/context.ts';

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i];
}

export function summary(samples: number[]) {
  const s = [...samples].sort((a, b) => a - b);
  return { n: s.length, p50: percentile(s, 50), p95: percentile(s, 95), p99: percentile(s, 99), max: s[s.length - 1] };
}

export const fmt = (ms: number) => `${ms.toFixed(ms < 10 ? 2 : 1)} ms`;

/** Samples RSS every few ms while `fn` runs and returns the peak. */
export async function peakRss<T>(fn: () => Promise<T>): Promise<{ result: T; peakMb: number }> {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 5);
  try {
    const result = await fn();
    peak = Math.max(peak, process.memoryUsage().rss);
    return { result, peakMb: peak / 1024 / 1024 };
  } finally {
    clearInterval(timer);
  }
}

/** A throw-away app on a fresh data folder (removed on close). */
export async function startBenchApp(env: Record<string, string> = {}) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vintedbot-bench-'));
  const a = await openBenchApp(dataDir, env);
  return { ...a, async close() { await a.close(); fs.rmSync(dataDir, { recursive: true, force: true }); } };
}

/** The app on an existing data folder (kept on close), listening on a free port; `listenMs` is its start-up time. */
export async function openBenchApp(dataDir: string, env: Record<string, string> = {}) {
  const t0 = performance.now();
  const config = loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent', RATE_LIMIT_MAX: '100000000', NOTIFY_CONSOLE: 'false', ...env }, 'bench');
  const ctx = await createContext(config, { logger: pino({ level: 'silent' }), notify: () => {}, runJobs: true });
  const app = await buildApp(ctx);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const listenMs = performance.now() - t0;
  const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  return {
    ctx, app, base, dataDir, listenMs,
    async close() {
      await app.close();
      await closeContext(ctx);
    },
  };
}
