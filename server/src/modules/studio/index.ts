// The photo studio (issue 19): non-destructive photo edits (crop, quarter turns, straightening, flips, light,
// colour, white balance, "auto"), "fond blanc" / "fond neutre" from the garment mask, the optional shop stamp, and
// batch edits as a job. Owns the `photo_edits` table and the `studio.watermark` setting. Edits are parameters over
// the untouched original; the photos module serves the rendered derivative in place of the stored one (it asks
// this module through `photos.editedFiles`), so the web app, the exports and Vinted all get the edited photo.
//
// Routes: GET /listings/{id}/photo-edits, GET|PUT|DELETE /listings/{id}/photos/{photoId}/edit, POST /studio/batches,
// GET /studio/batches/{id}, GET|PUT /settings/watermark.
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Platform } from '../../platform/platform.ts';
import { defineModule } from '../../platform/modules/module.ts';
import { JsonSetting } from '../../platform/settings/json-setting.ts';
import type { ListingsService } from '../listings/index.ts';
import type { PhotosService } from '../photos/index.ts';
import { EditCache } from './edit-cache.ts';
import { STUDIO_BATCH_JOB, StudioBatches, studioBatchHandler } from './studio-batch.ts';
import { StudioBackups } from './studio-backups.ts';
import { StudioRepository } from './studio.repository.ts';
import { studioRoutes } from './studio.routes.ts';
import { StudioService } from './studio.service.ts';
import { WATERMARK_DEFAULTS, WatermarkSchema } from './watermark.ts';
import { studioOwnerData } from './studio-owner-data.repository.ts';

export { type EditInput, type EditParams, NO_EDIT, normaliseEdit } from './edit-params.ts';
export { type EditBackupRow, StudioBackups } from './studio-backups.ts';
export { renderEdit } from './edit-render.ts';
export { backgroundMask, pixelAlpha } from './background-mask.ts';
export type { StudioService } from './studio.service.ts';

export const studioModule = defineModule({
  name: 'studio',
  needs: ['photos', 'listings'],
  provides: ['studio', 'studioBackups'],
  create(platform: Platform, deps: { photos: PhotosService; listings: ListingsService }) {
    platform.ownerData.register(studioOwnerData());
    const watermark = new JsonSetting(platform.db, 'studio.watermark', WatermarkSchema, WATERMARK_DEFAULTS);
    const cache = new EditCache(path.join(platform.config.dataDir, 'photo-edits'));
    const repo = new StudioRepository(platform.db);
    const studio = new StudioService(repo, deps.photos, deps.listings, cache, watermark, platform.log.child({ module: 'studio' }));
    deps.photos.editedFiles = (photo, variant) => studio.editedFile(photo, variant);
    platform.jobs.register(STUDIO_BATCH_JOB, studioBatchHandler(studio));
    const batches = new StudioBatches(platform.jobs, platform.jobRuns);
    return {
      services: { studio, studioBackups: new StudioBackups(repo) },
      routes: (app: FastifyInstance) => studioRoutes(app, studio, batches, watermark),
      stop: () => {
        deps.photos.editedFiles = null;
      },
    };
  },
});
