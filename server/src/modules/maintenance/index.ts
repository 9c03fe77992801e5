// Maintenance: the daily purge (old drafts when the seller turns it on, old job and price-drop logs, orphan photo
// files) with its settings, and the demo photoset (POST/DELETE /test/photoset). Owns the `maintenance.purge`
// setting and no table: it asks each owner to count and delete its own rows. Provides `purge`.
//
// Public surface: everything another module or the app may use is exported here, nothing else is imported from
// this folder from outside it.
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { SchedulerTicksRepository } from '../../platform/jobs/scheduler-ticks.repository.ts';
import type { Platform } from '../../platform/platform.ts';
import type { IngestService } from '../analysis/index.ts';
import type { ListingsService } from '../listings/index.ts';
import { defineModule } from '../../platform/modules/module.ts';
import type { PhotosService } from '../photos/index.ts';
import type { PriceDropService } from '../pricing/index.ts';
import { purgeSettingsStore } from './maintenance-settings.ts';
import { maintenanceRoutes } from './maintenance.routes.ts';
import { PurgeService } from './purge.service.ts';

export { type PurgeSettings } from './maintenance-settings.ts';
export { type PurgeReport, PurgeService } from './purge.service.ts';

interface MaintenanceDeps {
  listings: ListingsService;
  photos: PhotosService;
  /** The demo photoset goes through the real listing ingest. */
  ingest: IngestService;
  priceDrops: PriceDropService;
}

export const maintenanceModule = defineModule({
  name: 'maintenance',
  needs: ['listings', 'photos', 'ingest', 'priceDrops'],
  provides: ['purge'],
  create(platform: Platform, deps: MaintenanceDeps) {
    const purge = new PurgeService({
      listings: deps.listings, photos: deps.photos, priceDrops: deps.priceDrops,
      jobRuns: platform.jobRuns, ticks: new SchedulerTicksRepository(platform.db), photosDir: path.join(platform.config.dataDir, 'photos'),
    }, purgeSettingsStore(platform.db), platform.log.child({ component: 'purge' }));
    if (platform.config.PURGE_CRON !== 'off') {
      platform.scheduler.add({ name: 'maintenance.purge', cron: platform.config.PURGE_CRON, run: async () => void (await purge.run()) });
    }
    const demo = { listings: deps.listings, photos: deps.photos, ingest: deps.ingest };
    return { services: { purge }, routes: (app: FastifyInstance) => maintenanceRoutes(app, purge, demo) };
  },
});
