import 'dotenv/config';
import { readFileSync } from 'node:fs';
import type { Logger } from 'pino';
import { buildApp } from './app.ts';
import { ConfigError, loadConfig } from './config.ts';
import { type AppContext, closeContext, createContext } from './context.ts';
import { DataDirLockedError } from './platform/db/data-dir-lock.ts';
import { importLegacyCommand } from './modules/files/index.ts';
import { LOCAL_OWNER_ID, ownerScope } from './platform/security/owner-scope.ts';

const version: string = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')).version;

/** Exit code of a start that cannot succeed as configured (bad setting, data folder in use): not worth a restart. */
const EXIT_CANNOT_START = 78;

/**
 * Last-resort handlers of the long-running processes. A rejected promise nobody awaited is logged and the process
 * goes on (requests and jobs have their own error handling; this catches fire-and-forget work). An exception
 * thrown outside any request or job leaves the process in an unknown state: it is logged and the process exits,
 * and the supervisor of `npm start` starts a fresh one.
 */
function installSafetyNets(log: Logger) {
  process.on('unhandledRejection', (reason) => {
    log.error({ err: reason }, 'unhandled promise rejection (the server goes on)');
  });
  process.on('uncaughtException', (err, origin) => {
    log.fatal({ err, origin }, 'uncaught exception: the process stops (npm start restarts it)');
    process.stderr.write(`Fatal: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  });
}

async function serve() {
  const config = loadConfig(process.env, version);
  // With REDIS_URL the API only enqueues; `npm run worker` processes run the jobs.
  const ctx = await createContext(config, { runJobs: true, jobRole: 'api' });
  installSafetyNets(ctx.log);
  const app = await buildApp(ctx);
  await app.listen({ port: config.PORT, host: config.HOST });
  const addr = app.server.address();
  const port = typeof addr === 'object' && addr ? addr.port : config.PORT;
  const base = `http://${config.HOST.includes(':') ? `[${config.HOST}]` : config.HOST}:${port}`;
  process.stdout.write(`\nVintedBot ${version} is running\n  App:      ${base}/\n  API docs: ${base}/docs\n  Data:     ${config.DATABASE_URL ? 'PostgreSQL' : config.dataDir}\n\n`);
  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    ctx.log.info({ signal }, 'shutting down');
    // /ready answers 503 from now on, while running jobs checkpoint; the HTTP server closes after them.
    ctx.draining.value = true;
    await drainJobs(ctx);
    await app.close();
    await closeContext(ctx);
    ctx.log.flush();
    process.exit(0);
  };
  stopWithin(STOP_BUDGET_MS, ctx.log);
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}

/**
 * A container gets 10 s between SIGTERM and SIGKILL (Docker's and compose's default stop time). Jobs are told to
 * stop at once: the bulk job checkpoints between photos (each stage resumes from the database at the next start),
 * short jobs finish. Whatever still runs at 9 s is left to resume at the next start, and the process exits itself
 * rather than be killed mid-write.
 */
const STOP_BUDGET_MS = 9_000;

function stopWithin(ms: number, log: Logger) {
  for (const sig of ['SIGINT', 'SIGTERM'] as const) {
    process.once(sig, () => {
      setTimeout(() => {
        log.warn('shutdown took too long: exiting; unfinished jobs resume at the next start');
        log.flush();
        process.exit(0);
      }, ms).unref();
    });
  }
}

/** Stops this process's jobs (they checkpoint), leaving at most the budget for the rest of the shutdown. */
async function drainJobs(ctx: AppContext) {
  const t0 = Date.now();
  await ctx.jobs.stop().catch((err) => ctx.log.error({ err }, 'stopping the jobs failed'));
  ctx.log.info({ ms: Date.now() - t0 }, 'jobs stopped');
}

async function migrate() {
  const config = loadConfig(process.env, version);
  const ctx = await createContext(config, { runJobs: false });
  process.stdout.write(`Database is up to date (${ctx.database.dialect}).\n`);
  await closeContext(ctx);
}

async function worker() {
  const config = loadConfig(process.env, version);
  if (!config.REDIS_URL) throw new ConfigError(['worker needs REDIS_URL (and DATABASE_URL): in the embedded mode, `npm start` runs jobs itself']);
  const ctx = await createContext(config, { runJobs: true, jobRole: 'worker' });
  installSafetyNets(ctx.log);
  process.stdout.write(`VintedBot worker ${version} is processing jobs.\n`);
  const stop = async () => {
    ctx.draining.value = true;
    await drainJobs(ctx);
    await closeContext(ctx);
    ctx.log.flush();
    process.exit(0);
  };
  stopWithin(STOP_BUDGET_MS, ctx.log);
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
}

const commands: Record<string, (args: string[]) => Promise<void>> = {
  serve, migrate, worker,
  // A one-shot command: the single seller's data (issue 20).
  'import-legacy': (args) => ownerScope.run(LOCAL_OWNER_ID, () => {
    const config = loadConfig(process.env, version);
    return importLegacyCommand(args, async () => {
      const ctx = await createContext(config, { runJobs: false });
      return { imports: ctx.stockImports, close: () => closeContext(ctx) };
    });
  }),
};

const [cmd = 'serve', ...rest] = process.argv.slice(2);
const run = commands[cmd];
if (!run) {
  process.stderr.write(`Unknown command "${cmd}". Commands: ${Object.keys(commands).join(', ')}\n`);
  process.exit(2);
}
run(rest).catch((e) => {
  if (e instanceof ConfigError || e instanceof DataDirLockedError) {
    process.stderr.write(`${e.message}\n`);
    process.exit(EXIT_CANNOT_START);
  }
  process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
