// Photo storage: the tiers' figures, the optional lifecycle (cold moves, bring-back, orphan sweep) and signed URLs
// (issue 19, points 5 and 6). The store itself is platform/storage (built by the photos module from the
// configuration: the local folder, or an S3-compatible bucket with STORAGE=s3). Owns the `storage_cold_photos` table.
//
// Service API (`storage`, a StorageService): storage.stats(), storage.lifecycle.run({ dryRun }),
//   storage.lifecycle.bringBackItem(itemId), storage.photoUrl(id, variant).
// Routes: GET /storage/stats, POST /storage/lifecycle, GET /storage/photos/{id}/url.
// Environment: STORAGE, S3_*, STORAGE_COLD_BUCKET, STORAGE_COLD_DIR, STORAGE_COLD_AFTER_DAYS, STORAGE_SIGNED_URL_TTL_S,
//   STORAGE_LIFECYCLE_CRON.
import type { FastifyInstance } from 'fastify';
import type { Platform } from '../../platform/platform.ts';
import { defineModule } from '../../platform/modules/module.ts';
import type { TieredPhotoStore } from '../../platform/storage/tiered-photo-store.ts';
import type { PhotoUsageRepository } from '../listings/index.ts';
import type { PhotosService } from '../photos/index.ts';
import { StorageLifecycle } from './lifecycle.service.ts';
import { StorageRepository } from './storage.repository.ts';
import { storageRoutes } from './storage.routes.ts';
import { StorageService } from './storage.service.ts';
import { storageDb } from './storage.tables.ts';

export { StorageLifecycle, type LifecycleReport, type TierStats } from './lifecycle.service.ts';
export { StorageService, type StorageStats } from './storage.service.ts';

interface StorageDeps {
  photos: PhotosService;
  photoStore: TieredPhotoStore;
  photoUsage: PhotoUsageRepository;
}

export const storageModule = defineModule({
  name: 'storage',
  needs: ['photos', 'photoStore', 'photoUsage'],
  provides: ['storage'],
  create(platform: Platform, deps: StorageDeps) {
    const c = platform.config;
    const log = platform.log.child({ module: 'storage' });
    const repo = new StorageRepository(storageDb(platform.db));
    const lifecycle = new StorageLifecycle({
      store: deps.photoStore, usage: deps.photoUsage, photos: deps.photos, repo, coldAfterDays: c.STORAGE_COLD_AFTER_DAYS, log,
    });
    // A cold photo asked for (an item opened) came back: the ledger follows.
    deps.photoStore.onBroughtBack = (sha) => lifecycle.broughtBack(sha);
    const storage = new StorageService(deps.photoStore, lifecycle, repo, deps.photos, {
      coldAfterDays: c.STORAGE_COLD_AFTER_DAYS, schedule: c.STORAGE_LIFECYCLE_CRON, signedUrlTtlS: c.STORAGE_SIGNED_URL_TTL_S,
    });
    // A relisted (or re-drafted) item gets all its photos back at once, before the seller publishes it again.
    const off = platform.events.on('item.status_changed', (e) => {
      if (e.data.to === 'sold' || e.data.to === 'archived') return;
      lifecycle.bringBackItem(e.data.item_id).catch((err) => log.warn({ err, item_id: e.data.item_id }, 'could not bring the item\'s photos back'));
    });
    if (c.STORAGE_LIFECYCLE_CRON !== 'off') {
      // System scope: photo files are stored once by content, whoever's photos they are; the tiering moves files.
      platform.scheduler.add({ name: 'storage.lifecycle', cron: c.STORAGE_LIFECYCLE_CRON, scope: 'system', run: async () => void (await lifecycle.run()) });
    }
    return {
      services: { storage },
      routes: (app: FastifyInstance) => storageRoutes(app, storage),
      stop: () => off(),
    };
  },
});
