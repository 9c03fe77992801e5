import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import pg from 'pg';
import pino from 'pino';
import { buildApp } from '../../src/app.ts';
import { type Config, loadConfig } from '../../src/config.ts';
import { type AppContext, closeContext, createContext } from '../../src/context.ts';
import { LOCAL_OWNER_ID } from '../../src/platform/security/owner-scope.ts';

export interface TestApp {
  app: FastifyInstance;
  ctx: AppContext;
  config: Config;
  dataDir: string;
  /** Seller-facing console lines printed so far. */
  lines: string[];
  /** The PostgreSQL schema of this app (DATABASE_URL runs), to open a second app on the same data. */
  pgSchema?: string;
  /** Raw pino log output so far (JSON lines), to check what reaches the logs. */
  logs: string[];
  close(): Promise<void>;
}

/**
 * A real app on a real database: SQLite in a fresh temporary data folder, or, when DATABASE_URL is set
 * (CI runs the suites a second time that way), a fresh PostgreSQL schema dropped afterwards.
 */
export async function createTestApp(env: Record<string, string> = {}, opts: { runJobs?: boolean; dataDir?: string; pgSchema?: string; keepData?: boolean; strictScope?: boolean; beforeReady?: (app: FastifyInstance) => void; extraRoutes?: (app: FastifyInstance) => void } = {}): Promise<TestApp> {
  const dataDir = opts.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'vintedbot-test-'));
  const databaseUrl = env.DATABASE_URL ?? process.env.DATABASE_URL;
  const pgSchema = databaseUrl ? (opts.pgSchema ?? (await createSchema(databaseUrl))) : undefined;
  const config = loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'info', RATE_LIMIT_MAX: '100000', ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}), ...env }, '0.0.0-test');
  const logs: string[] = [];
  const { loggerOptions, LogRing } = await import('../../src/platform/logger.ts');
  const logRing = new LogRing();
  const logger = pino({ ...loggerOptions(config.LOG_LEVEL) }, { write: (s: string) => void (logs.push(s), logRing.write(s)) });
  const lines: string[] = [];
  const ctx = await createContext(config, { logger, logRing, notify: (l) => lines.push(l), pgSchema, runJobs: opts.runJobs ?? true,
    // The test's own queries outside a request run as the single seller; `strictScope` keeps the product's fail-closed rule.
    ...(opts.strictScope ? {} : { unscopedOwner: LOCAL_OWNER_ID }) });
  const app = await buildApp(ctx);
  opts.beforeReady?.(app);
  opts.extraRoutes?.(app);
  await app.ready();
  return {
    app, ctx, config, dataDir, lines, logs, pgSchema,
    async close() {
      // A close that hangs (a hook timeout in CI) prints what the stop was waiting for, from the app's own log.
      let step = 'the HTTP server (open connections)';
      const hung = setTimeout(() => process.stderr.write(`test app still closing after 30 s, at ${step}:\n${logs.filter((l) => l.includes('still waiting')).slice(-5).join('')}`), 30_000);
      hung.unref();
      await app.close();
      step = 'the context (scheduler, jobs, modules, database)';
      await closeContext(ctx);
      clearTimeout(hung);
      if (opts.keepData) return;
      // PostgreSQL schemas are dropped by the run's global setup/teardown, not here (see pg-global-setup.ts).
      if (!opts.dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

async function createSchema(url: string): Promise<string> {
  const name = `t_${randomBytes(6).toString('hex')}`;
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  await c.query(`create schema ${name}`);
  await c.end();
  return name;
}

export const json = (body: unknown) => ({ payload: JSON.stringify(body), headers: { 'content-type': 'application/json' } });
