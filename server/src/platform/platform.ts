import pino, { type Logger } from 'pino';
import type { Config } from '../config.ts';
import { openDatabase, type DatabaseHandle } from './db/database.ts';
import { migrateToLatest } from './db/migrator.ts';
import { EventBus } from './events.ts';
import { BullmqJobQueue } from './jobs/bullmq-queue.ts';
import { EmbeddedJobQueue } from './jobs/embedded-queue.ts';
import type { JobQueue } from './jobs/job-queue.ts';
import { JobRunsRepository } from './jobs/job-runs.repository.ts';
import { Scheduler } from './jobs/scheduler.ts';
import { LogRing, loggerOptions } from './logger.ts';
import { BackgroundWork } from './background.ts';
import { recordEvents } from './metrics/metric-events.ts';
import { PlatformMetrics } from './metrics/metrics.ts';
import { ownerScope } from './security/owner-scope.ts';
import { OwnerDataRegistry } from './owner-data.ts';
import { jobRunsOwnerData } from './jobs/job-runs.repository.ts';
import { settingsOwnerData } from './settings/settings.repository.ts';

/**
 * The infrastructure every module may use: configuration, logs, the database, the event bus, jobs and the
 * scheduler. No business rules live here; modules receive it as the first argument of their factory.
 */
export interface Platform {
  config: Config;
  log: Logger;
  database: DatabaseHandle;
  db: DatabaseHandle['db'];
  events: EventBus;
  jobRuns: JobRunsRepository;
  jobs: JobQueue;
  scheduler: Scheduler;
  startedAt: number;
  /** The Prometheus metric families of this process (GET /metrics); modules record through them. */
  metrics: PlatformMetrics;
  /** Maintenance running beside the requests (index upkeep), with its progress for GET /health. */
  background: BackgroundWork;
  /** True once a SIGTERM or SIGINT asked this process to stop: /ready answers 503 while running work drains. */
  draining: { value: boolean };
  /** Where the seller-facing console lines go (stdout by default; tests capture them). */
  notify: (line: string) => void;
  /** The last log lines of this process, redacted, for the admin's log page (accounts mode). */
  logRing: LogRing;
  /** What each module does with a person's rows when the admin deletes them (erase, or hand to someone else). */
  ownerData: OwnerDataRegistry;
}

export interface PlatformOptions {
  logger?: Logger;
  notify?: (line: string) => void;
  pgSchema?: string;
  /** With REDIS_URL: the API only enqueues ('api'), workers only run jobs ('worker'); tests do both in one process. */
  jobRole?: 'api' | 'worker' | 'both';
  /** Embedded queue: only these job kinds run in this process (the command line's own work); default every kind. */
  jobKinds?: readonly string[];
  /** Tests only: see DatabaseOptions.unscopedOwner. */
  unscopedOwner?: string;
  /** Where a given `logger` also writes (tests); without a logger the platform's own writes to stdout and its ring. */
  logRing?: LogRing;
}

/** Opens the database (migrated), the event bus, the job queue and the scheduler. */
export async function createPlatform(config: Config, opts: PlatformOptions = {}): Promise<Platform> {
  const logRing = opts.logRing ?? new LogRing();
  const log = opts.logger ?? pino(loggerOptions(config.LOG_LEVEL), pino.multistream([{ level: 'trace', stream: pino.destination(1) }, { level: 'trace', stream: logRing }]));
  const database = openDatabase({ dataDir: config.dataDir, databaseUrl: config.DATABASE_URL, pgSchema: opts.pgSchema, unscopedOwner: opts.unscopedOwner, onWarning: (m) => log.warn(m) });
  try {
    // System scope: a migration rewrites every owner's rows.
    await ownerScope.system(() => migrateToLatest(database.db, opts.pgSchema));
  } catch (e) {
    await database.close();
    throw e;
  }
  const events = new EventBus();
  const jobRuns = new JobRunsRepository(database.db);
  // In-process by default, BullMQ when REDIS_URL is set.
  const jobLog = log.child({ component: 'jobs' });
  const jobs: JobQueue = config.REDIS_URL
    ? new BullmqJobQueue(jobRuns, events, jobLog, { url: config.REDIS_URL, prefix: config.REDIS_PREFIX, concurrency: config.JOB_CONCURRENCY, consume: opts.jobRole !== 'api' })
    : new EmbeddedJobQueue(jobRuns, events, jobLog, config.JOB_CONCURRENCY, opts.jobKinds);
  const scheduler = new Scheduler(database.db, log.child({ component: 'scheduler' }), config.TZ);
  const metrics = new PlatformMetrics();
  recordEvents(events, metrics);
  metrics.sampleOnScrape({ queue: () => jobs.stats(), pool: () => database.poolStats?.() ?? null });
  const ownerData = new OwnerDataRegistry();
  // The platform's own per-person rows: settings and job runs are that person's state, erased on a transfer too.
  ownerData.register(settingsOwnerData());
  ownerData.register(jobRunsOwnerData(jobRuns));
  return {
    ownerData,
    config, log, database, db: database.db, events, jobRuns, jobs, scheduler, metrics, draining: { value: false }, background: new BackgroundWork(),
    startedAt: Date.now(),
    notify: opts.notify ?? ((line) => process.stdout.write(`${line}\n`)),
    logRing,
  };
}
