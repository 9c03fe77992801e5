import type { Config } from './config.ts';
import { type BuiltModules, buildModules, stopModules } from './modules/build-modules.ts';
import { MODULES } from './modules/index.ts';
import type { AnyModule, AppModule } from './modules/module.ts';
import type { ListingsService } from './modules/listings/index.ts';
import { createPlatform, type Platform, type PlatformOptions } from './platform/platform.ts';
import { removeLeftovers } from './platform/storage/leftovers.ts';

/**
 * The running application: the platform plus every module's services, built once per process (and once per
 * test). Modules never receive it: each gets the platform and the services it declared it needs.
 */
export interface AppContext extends Platform {
  listings: ListingsService;
  modules: BuiltModules;
}

export interface ContextOptions extends PlatformOptions {
  /** Start the job runner and arm the scheduler (serve and worker do; one-shot commands do not). */
  runJobs?: boolean;
}

export async function createContext(config: Config, opts: ContextOptions = {}): Promise<AppContext> {
  const platform = await createPlatform(config, opts);
  // TRANSITION: modules still in the older shape add themselves to this shared object in setup(); converted
  // modules only receive what they declare. The bag and its cast go when the last module is converted.
  const bag = { ...platform } as AppContext;
  let modules: BuiltModules;
  try {
    modules = await buildModules(platform, transitional(MODULES, bag));
  } catch (e) {
    await platform.database.close();
    throw e;
  }
  Object.assign(bag, modules.services, { modules });
  if (opts.runJobs) {
    await cleanLeftovers(bag);
    await platform.jobs.start();
  }
  return bag;
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
    bulkJobExists: ctx.bulk ? async (id) => (await ctx.bulk.repo.job(id)) !== null : undefined,
    log: ctx.log,
  }).catch((err) => ctx.log.warn({ err }, 'could not remove the temporary leftovers of an earlier run'));
}

export async function closeContext(ctx: AppContext): Promise<void> {
  ctx.scheduler.stop();
  await ctx.jobs.stop();
  await stopModules(ctx.modules);
  await ctx.database.close();
}

function isDefinition(m: AnyModule | LegacyEntry): m is AnyModule {
  return 'create' in m;
}

/** TRANSITION: an older module and the services it adds to the context. */
export interface LegacyEntry { legacy: AppModule; provides: readonly string[] }

function transitional(list: readonly (AnyModule | LegacyEntry)[], bag: AppContext): AnyModule[] {
  const seen: string[] = [];
  return list.map((m) => {
    if (isDefinition(m)) {
      seen.push(...m.provides);
      return m;
    }
    const needs = [...seen];
    seen.push(...m.provides);
    const def: AnyModule = {
      name: m.legacy.name, needs, provides: m.provides,
      async create(_platform, deps) {
        Object.assign(bag, deps);
        await m.legacy.setup?.(bag);
        const record = bag as unknown as Record<string, unknown>;
        return {
          services: Object.fromEntries(m.provides.map((s) => [s, record[s]])),
          routes: m.legacy.routes ? (app) => m.legacy.routes!(app, bag) : undefined,
          stop: m.legacy.teardown ? () => m.legacy.teardown!(bag) : undefined,
        };
      },
    };
    return def;
  });
}
