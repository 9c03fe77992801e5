import { type AppServices, MODULES } from './app-modules.ts';
import type { Config } from './config.ts';
import { type BuiltModules, buildModules, stopModules } from './platform/modules/build-modules.ts';
import { createPlatform, type Platform, type PlatformOptions } from './platform/platform.ts';

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
  if (opts.runJobs) await platform.jobs.start();
  return { ...platform, ...(modules.services as AppServices), modules };
}

export async function closeContext(ctx: AppContext): Promise<void> {
  ctx.scheduler.stop();
  await ctx.jobs.stop();
  await stopModules(ctx.modules);
  await ctx.database.close();
}
