import pino, { type Logger } from 'pino';
import type { Config } from './config.ts';
import { openDatabase, type DatabaseHandle } from './platform/db/database.ts';
import { migrateToLatest } from './platform/db/migrator.ts';
import { EventBus } from './platform/events.ts';
import { BullmqJobQueue } from './platform/jobs/bullmq-queue.ts';
import { EmbeddedJobQueue } from './platform/jobs/embedded-queue.ts';
import type { JobQueue } from './platform/jobs/job-queue.ts';
import { JobRunsRepository } from './platform/jobs/job-runs.repository.ts';
import { Scheduler } from './platform/jobs/scheduler.ts';
import { loggerOptions } from './platform/logger.ts';
import { MODULES } from './modules/index.ts';
import { ListingsRepository } from './modules/listings/listings.repository.ts';
import { ListingsService } from './modules/listings/listings.service.ts';

/** Everything a request or a job needs, built once per process (and once per test). */
export interface AppContext {
  config: Config;
  log: Logger;
  database: DatabaseHandle;
  db: DatabaseHandle['db'];
  events: EventBus;
  jobRuns: JobRunsRepository;
  jobs: JobQueue;
  scheduler: Scheduler;
  startedAt: number;
  /** Where the seller-facing console lines go (stdout by default; tests capture them). */
  notify: (line: string) => void;
  listings: ListingsService;
}

export interface ContextOptions {
  logger?: Logger;
  notify?: (line: string) => void;
  pgSchema?: string;
  /** Start the job runner and arm the scheduler (serve and worker do; one-shot commands do not). */
  runJobs?: boolean;
  /** With REDIS_URL: the API only enqueues ('api'), workers only run jobs ('worker'); tests do both in one process. */
  jobRole?: 'api' | 'worker' | 'both';
}

export async function createContext(config: Config, opts: ContextOptions = {}): Promise<AppContext> {
  const log = opts.logger ?? pino(loggerOptions(config.LOG_LEVEL));
  const database = openDatabase({ dataDir: config.dataDir, databaseUrl: config.DATABASE_URL, pgSchema: opts.pgSchema });
  try {
    await migrateToLatest(database.db, opts.pgSchema);
  } catch (e) {
    await database.close();
    throw e;
  }
  const events = new EventBus();
  const jobRuns = new JobRunsRepository(database.db);
  // ── Job queue: in-process by default, BullMQ when REDIS_URL is set (modules/bulk, platform/jobs/bullmq-queue.ts) ──
  const jobLog = log.child({ component: 'jobs' });
  const jobs: JobQueue = config.REDIS_URL
    ? new BullmqJobQueue(jobRuns, events, jobLog, { url: config.REDIS_URL, prefix: config.REDIS_PREFIX, concurrency: config.JOB_CONCURRENCY, consume: opts.jobRole !== 'api' })
    : new EmbeddedJobQueue(jobRuns, events, jobLog, config.JOB_CONCURRENCY);
  const scheduler = new Scheduler(database.db, log.child({ component: 'scheduler' }), config.TZ);
  // Feature modules add their services to the context in setup() (module augmentation declares them).
  const ctx = {
    config, log, database, db: database.db, events, jobRuns, jobs, scheduler,
    startedAt: Date.now(),
    notify: opts.notify ?? ((line) => process.stdout.write(`${line}\n`)),
    listings: new ListingsService(new ListingsRepository(database.db), events),
  } as AppContext;
  for (const m of MODULES) await m.setup?.(ctx);
  if (opts.runJobs) await jobs.start();
  return ctx;
}

export async function closeContext(ctx: AppContext): Promise<void> {
  ctx.scheduler.stop();
  await ctx.jobs.stop();
  for (const m of [...MODULES].reverse()) await m.teardown?.(ctx);
  await ctx.database.close();
}
