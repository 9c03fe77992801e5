import type { AppContext } from '../../context.ts';
import { secretBoxFor } from '../../platform/security/secret-box.ts';
import type { ScheduledTask } from '../../platform/jobs/scheduler.ts';
import type { AppModule } from '../module.ts';
import { BrowserPool } from './browser/browser-pool.ts';
import { IdempotencyStore } from './idempotency.ts';
import { PaceGuard } from './pace-guard.ts';
import { type PhotoPathLookup, PhotoFiles } from './photo-files.ts';
import { PublicationService } from './publication.service.ts';
import { PublishLogRepository } from './publish-log.repository.ts';
import { PublishQueue } from './publish-queue.ts';
import { SessionAuth } from './session-auth.ts';
import { SessionVault } from './session-vault.ts';
import { vintedAdminRoutes } from './vinted-admin.routes.ts';
import type { VintedDeps } from './vinted-deps.ts';
import { CONFIRM_TOKEN_TTL_MS } from './vinted-facts.ts';
import { VintedSettingsStore } from './vinted-settings.ts';
import { vintedRoutes } from './vinted.routes.ts';
import { vintedDb } from './vinted.tables.ts';
import { WriteLock } from './write-lock.ts';
import './vinted-context.ts';

// The Vinted connector: session vault, two-phase publication in Chromium, pace and circuit breaker, publish queue.

export const QUEUE_TASK = 'vinted.publish-queue';

export const vintedModule: AppModule = {
  name: 'vinted',
  setup(ctx) {
    const db = vintedDb(ctx.db);
    const box = secretBoxFor({ SECRET_KEY: ctx.config.SECRET_KEY, dataDir: ctx.config.dataDir });
    const log = ctx.log.child({ component: 'vinted' });
    const publishLog = new PublishLogRepository(db);
    const deps: VintedDeps = {
      config: ctx.config, log, events: ctx.events, db, box, listings: ctx.listings, publishLog,
      vault: new SessionVault(db, box),
      settings: new VintedSettingsStore(ctx.db),
      guard: new PaceGuard(db, publishLog),
      lock: new WriteLock(db),
      idempotency: new IdempotencyStore(db),
      photos: new PhotoFiles(ctx.db, db, ctx.config.dataDir, photosModuleLookup(ctx)),
      pool: new BrowserPool({
        executablePath: ctx.config.CHROMIUM_PATH, maxForms: ctx.config.VINTED_BROWSER_POOL_SIZE, ttlMs: CONFIRM_TOKEN_TTL_MS,
        navTimeoutMs: ctx.config.VINTED_NAV_TIMEOUT_MS, log,
      }),
    };
    const publication = new PublicationService(deps);
    const queue = new PublishQueue(deps, publication);
    ctx.vinted = { deps, auth: new SessionAuth(deps), publication, queue };
    for (const task of queueTasks(ctx.config.VINTED_QUEUE_INTERVAL_SECONDS, queue, publication, deps)) ctx.scheduler.add(task);
  },
  routes(app, ctx) {
    vintedRoutes(app, ctx);
    vintedAdminRoutes(app, ctx);
  },
  async teardown(ctx) {
    await ctx.vinted?.deps.pool.close();
  },
};

/**
 * The queue's schedule. The scheduler claims one run per task and minute, so a sub-minute cadence is armed as
 * one task per offset in the minute (every 30 s: a task at :00 and one at :30), each still running once across
 * processes.
 */
export function queueTasks(intervalSeconds: number, queue: PublishQueue, publication: PublicationService, d: VintedDeps): ScheduledTask[] {
  if (intervalSeconds <= 0) return [];
  const run = async () => {
    await d.photos.purgeStaged();
    await publication.purgeStale();
    const report = await queue.runOnce();
    if (report.processed.length) d.log.info({ processed: report.processed, stopped_by: report.stopped_by }, 'publish queue pass');
  };
  if (intervalSeconds >= 60) return [{ name: QUEUE_TASK, cron: `0 */${intervalSeconds / 60} * * * *`, run }];
  const tasks: ScheduledTask[] = [];
  for (let s = 0; s < 60; s += intervalSeconds) tasks.push({ name: `${QUEUE_TASK}@${String(s).padStart(2, '0')}s`, cron: `${s} * * * * *`, run });
  return tasks;
}

/** The photos module's preview file of a photo (ctx.photos.file(id, 'preview')), when that module is present. */
function photosModuleLookup(ctx: AppContext): PhotoPathLookup {
  return async (photoId) => {
    const photos = (ctx as unknown as { photos?: { file?: (id: string, variant: 'preview') => Promise<{ path: string }> } }).photos;
    if (!photos?.file) return null;
    try {
      return (await photos.file(photoId, 'preview')).path;
    } catch {
      return null;
    }
  };
}
