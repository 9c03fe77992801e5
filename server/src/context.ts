import { type AppServices, MODULES } from './app-modules.ts';
import type { Config } from './config.ts';
import { type BuiltModules, buildModules, stopModules } from './platform/modules/build-modules.ts';
import { createPlatform, type Platform, type PlatformOptions } from './platform/platform.ts';
import { removeLeftovers } from './platform/storage/leftovers.ts';
import { ownerScope } from './platform/security/owner-scope.ts';

/**
 * The running application: the platform plus every module's services, built once per process (and once per
 * test) for start-up, commands and tests. Modules never receive it: each gets the platform and the services it
 * declared it needs.
 */
export type AppContext = Platform & AppServices & { modules: BuiltModules };

export interface ContextOptions extends PlatformOptions {
  /** Start the job runner and arm the scheduler (serve and worker do; one-shot commands do not). */
  runJobs?: boolean;
}

export async function createContext(config: Config, opts: ContextOptions = {}): Promise<AppContext> {
  const platform = await createPlatform(config, opts);
  let modules: BuiltModules;
  try {
    modules = await buildModules(platform, MODULES);
  } catch (e) {
    await platform.database.close();
    throw e;
  }
  const ctx: AppContext = { ...platform, ...(modules.services as AppServices), modules };
  if (opts.runJobs) {
    await cleanLeftovers(ctx);
    await platform.jobs.start();
  }
  return ctx;
}

/**
 * Before jobs start: temporary files of an earlier run (uploads, restores, bulk uploads without a job) that are
 * older than this process. With PostgreSQL other processes may share DATA_DIR, so only what is also an hour old.
 */
async function cleanLeftovers(ctx: AppContext) {
  const started = performance.timeOrigin;
  await removeLeftovers({
    dataDir: ctx.config.dataDir,
    before: ctx.config.DATABASE_URL ? Math.min(started, Date.now() - 3_600_000) : started,
    // Across owners: a bulk folder is named by its job's id, whoever's job it is.
    bulkJobExists: ctx.bulk ? async (id) => (await ownerScope.system(() => ctx.bulk.repo.job(id))) !== null : undefined,
    log: ctx.log,
  }).catch((err) => ctx.log.warn({ err }, 'could not remove the temporary leftovers of an earlier run'));
}

export async function closeContext(ctx: AppContext): Promise<void> {
  await stage(ctx, 'scheduled ticks', ctx.scheduler.stop());
  await stage(ctx, 'jobs', ctx.jobs.stop());
  await stopModules(ctx.modules, (name, stopping) => stage(ctx, `module ${name}`, stopping));
  await stage(ctx, 'database connections', ctx.database.close());
}

/** A stop that waits on something for long says what, every 10 s, so a stop that never ends names its cause. */
async function stage(ctx: AppContext, name: string, stopping: Promise<void>): Promise<void> {
  const started = Date.now();
  const timer = setInterval(() => ctx.log.warn({ waiting_for: name, seconds: Math.round((Date.now() - started) / 1000) }, 'the stop is still waiting'), 10_000);
  timer.unref();
  try {
    await stopping;
  } finally {
    clearInterval(timer);
  }
}
