// The Vinted connector: the seller's sealed session, two-phase publication in Chromium (prepare → publish, or
// save-as-draft), pace and circuit breaker, the publish queue and its log. Owns the `vinted_*` tables.
// Provides `vinted` (VintedConnector); needs `listings` (the drafts it publishes) and `photos` (their files).
//
// Public surface: everything another module or the app may use is exported here, nothing else is imported from
// this folder from outside it.
import type { FastifyInstance, RouteHandlerMethod } from 'fastify';
import { secretBoxFor } from '../../platform/security/secret-box.ts';
import type { Platform } from '../../platform/platform.ts';
import type { ScheduledTask } from '../../platform/jobs/scheduler.ts';
import { SettingsRepository } from '../../platform/settings/settings.repository.ts';
import type { ListingsService } from '../listings/index.ts';
import { defineModule } from '../../platform/modules/module.ts';
import type { PhotosService } from '../photos/index.ts';
import { accountScope, actingForActiveAccount } from './account-scope.ts';
import { BrowserPool } from './browser/browser-pool.ts';
import { IdempotencyStore } from './idempotency.ts';
import { PaceGuard } from './pace-guard.ts';
import { PhotoFiles } from './photo-files.ts';
import { PreparedRepository } from './prepared.repository.ts';
import { PriceSync } from './price-sync.ts';
import { PublicationService } from './publication.service.ts';
import { PublishLogRepository } from './publish-log.repository.ts';
import { PublishQueue } from './publish-queue.ts';
import { QueueBinder } from './queue-binding.ts';
import { QueueRepository } from './queue.repository.ts';
import { SessionAuth } from './session-auth.ts';
import { SessionVault } from './session-vault.ts';
import { vintedAdminRoutes } from './vinted-admin.routes.ts';
import { VintedAdminService } from './vinted-admin.service.ts';
import { VintedAccountsRepository } from './vinted-accounts.repository.ts';
import { vintedAccountsRoutes } from './vinted-accounts.routes.ts';
import { VintedAccountsService } from './vinted-accounts.service.ts';
import type { VintedConnector } from './vinted-connector.ts';
import type { VintedDeps } from './vinted-deps.ts';
import { CONFIRM_TOKEN_TTL_MS } from './vinted-facts.ts';
import { VintedSettingsStore } from './vinted-settings.ts';
import { vintedRoutes } from './vinted.routes.ts';
import { vintedDb } from './vinted.tables.ts';
import { WriteLock } from './write-lock.ts';
import { vintedOwnerData } from './vinted-owner-data.repository.ts';

export type { FlowAnswer } from './site-outcome.ts';
// What goes into Vinted's form for a stored item: the browser extension (modules/extension) fills the same fields.
export { contentFromItem, type ListingContent } from './listing-content.ts';
export type { PrepareInput, PublicationService, Source } from './publication.service.ts';
export type { PriceSync } from './price-sync.ts';
export type { PublishQueue, QueueEntry, TickReport } from './publish-queue.ts';
export type { SessionAuth } from './session-auth.ts';
export type { VintedConnector } from './vinted-connector.ts';
export type { VintedDeps } from './vinted-deps.ts';
export type { AccountQuota, VintedAccount, VintedAccountsService } from './vinted-accounts.service.ts';

export const QUEUE_TASK = 'vinted.publish-queue';

export const vintedModule = defineModule({
  name: 'vinted',
  needs: ['listings', 'photos'],
  provides: ['vinted'],
  create(platform: Platform, deps: { listings: ListingsService; photos: PhotosService }) {
    platform.ownerData.register(vintedOwnerData());
    const { listings, photos } = deps;
    const { config } = platform;
    const db = vintedDb(platform.db);
    const box = secretBoxFor({ SECRET_KEY: config.SECRET_KEY, dataDir: config.dataDir });
    const log = platform.log.child({ component: 'vinted' });
    const publishLog = new PublishLogRepository(db);
    const d: VintedDeps = {
      config, log, events: platform.events, db, box, listings, publishLog,
      vault: new SessionVault(db, box),
      settings: new VintedSettingsStore(new SettingsRepository(platform.db)),
      guard: new PaceGuard(db, publishLog),
      lock: new WriteLock(db),
      idempotency: new IdempotencyStore(db),
      prepared: new PreparedRepository(db),
      queueRows: new QueueRepository(db),
      photos: new PhotoFiles(db, config.dataDir, photos),
      pool: new BrowserPool({
        executablePath: config.CHROMIUM_PATH, maxForms: config.VINTED_BROWSER_POOL_SIZE, ttlMs: CONFIRM_TOKEN_TTL_MS,
        navTimeoutMs: config.VINTED_NAV_TIMEOUT_MS, log,
      }),
    };
    const accounts = new VintedAccountsService(new VintedAccountsRepository(db), d.vault);
    const binder = new QueueBinder(accounts, d.queueRows, listings);
    const unbind = binder.subscribe(platform.events);
    const publication = new PublicationService(d);
    const prices = new PriceSync(d);
    const queue = new PublishQueue(d, publication, binder, prices);
    const vinted: VintedConnector = {
      deps: d, accounts, auth: new SessionAuth(d), admin: new VintedAdminService(d),
      publication: actingForActiveAccount(publication, () => accounts.activeId()), prices: actingForActiveAccount(prices, () => accounts.activeId()), queue,
    };
    for (const task of queueTasks(config.VINTED_QUEUE_INTERVAL_SECONDS, queue, publication, d)) platform.scheduler.add(task);
    return {
      services: { vinted },
      routes: (app: FastifyInstance) => {
        // Every Vinted route acts for the user's active account (this scope's routes only).
        app.addHook('onRoute', (route) => {
          const handler = route.handler as RouteHandlerMethod;
          route.handler = async function inActiveAccount(req, reply) {
            const id = await accounts.activeId();
            return accountScope.run(id, () => handler.call(this, req, reply));
          };
        });
        vintedAccountsRoutes(app, accounts);
        vintedRoutes(app, vinted);
        vintedAdminRoutes(app, vinted);
      },
      stop: async () => {
        unbind();
        await binder.settled();
        await d.pool.close();
      },
    };
  },
});

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
