// Files in and out of the stock: CSV and legacy (items.json) imports, CSV, JSON and PDF exports, full backups and
// their restore. Owns no table: it reads and writes through listings, photos, orders, the studio and the platform's settings.
//
// Provides `stockImports` (StockImports), `stockExports` (StockExports) and `backups` (Backups).
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { TieredPhotoStore } from '../../platform/storage/tiered-photo-store.ts';
import type { Platform } from '../../platform/platform.ts';
import { SettingsRepository } from '../../platform/settings/settings.repository.ts';
import type { DuplicatesService } from '../duplicates/index.ts';
import type { OrderBackups } from '../orders/index.ts';
import type { ListingsService } from '../listings/index.ts';
import { defineModule } from '../../platform/modules/module.ts';
import type { PhotosService } from '../photos/index.ts';
import type { StudioBackups } from '../studio/index.ts';
import { backupEntryCap } from './backup-format.ts';
import { backupsRoutes } from './backups.routes.ts';
import { STORED_BACKUP_JOB, StoredBackups, storedBackupHandler } from './stored-backups.ts';
import { storedBackupsRoutes } from './stored-backups.routes.ts';
import { openBackupStore } from '../../platform/storage/open-photo-store.ts';
import { Backups } from './backups.service.ts';
import { catalogueSettingsStore } from './catalogue-settings.ts';
import { exportsRoutes } from './exports.routes.ts';
import { importsRoutes } from './imports.routes.ts';
import { StockExports } from './stock-exports.service.ts';
import { StockImports } from './stock-import.service.ts';
import { restoredDuplicateCheck } from './restore-duplicates.ts';
import { DraftsArchive } from './drafts-archive.ts';
import { seedFilesRoutes } from './seed-files.routes.ts';
import { systemTimeZone } from '../../platform/time-zone.ts';

export { Backups } from './backups.service.ts';
export type { RestoreMode, RestoreReport } from './backup-restore.ts';
export { parseImportCsv } from './csv-import.ts';
export { findImportDuplicates } from './import-duplicates.ts';
export { importLegacyCommand } from './import-legacy.command.ts';
export { StockExports } from './stock-exports.service.ts';
// The CSV layouts the export routes use, for the command line's `vintedbot export csv|vinted`.
export { stockColumns } from './csv-export-fr.ts';
export { vintedColumns } from './csv-export.ts';
export { type ImportReport, StockImports } from './stock-import.service.ts';

export interface FilesDeps {
  listings: ListingsService;
  photos: PhotosService;
  duplicates: DuplicatesService;
  orderBackups: OrderBackups;
  /** The photo store (the bucket with STORAGE=s3): backups read photo files through it, restores upload to it. */
  photoStore: TieredPhotoStore;
  /** The studio's edits travel in backups with the photos they are laid over. */
  studioBackups: StudioBackups;
}

export const filesModule = defineModule({
  name: 'files',
  needs: ['listings', 'photos', 'duplicates', 'orderBackups', 'photoStore', 'studioBackups'],
  provides: ['stockImports', 'stockExports', 'backups'],
  create(platform: Platform, deps: FilesDeps) {
    const { config } = platform;
    const { listings, photos, duplicates } = deps;
    const tmpDir = path.join(config.dataDir, 'tmp');
    const stockImports = new StockImports({ listings, photos, duplicates, events: platform.events }, { maxRows: config.IMPORT_MAX_ROWS, maxLineBytes: config.IMPORT_MAX_LINE_BYTES, timeZone: config.TZ });
    const stockExports = new StockExports(listings, photos, catalogueSettingsStore(platform.db), config.dataDir, config.PUBLIC_URL, deps.photoStore);
    const backups = new Backups(
      { listings, photos, duplicates, orders: deps.orderBackups, edits: deps.studioBackups, settings: new SettingsRepository(platform.db), log: platform.log, photoStore: deps.photoStore },
      {
        dataDir: config.dataDir, appVersion: config.version, maxLineBytes: config.IMPORT_MAX_LINE_BYTES,
        onRestored: restoredDuplicateCheck({ duplicates, listings, events: platform.events }),
        limits: { maxEntries: config.BACKUP_MAX_ENTRIES, maxUncompressedBytes: config.BACKUP_MAX_UNCOMPRESSED_BYTES, maxEntryBytes: backupEntryCap(config.PHOTO_MAX_BYTES) },
      },
    );
    // Backups the app keeps itself, through the storage interface (local folder or bucket), now or on a schedule.
    const stored = new StoredBackups(backups, openBackupStore(config), { tmpDir, keep: config.BACKUP_KEEP, log: platform.log.child({ module: 'files' }) });
    platform.jobs.register(STORED_BACKUP_JOB, storedBackupHandler(stored));
    if (config.BACKUP_CRON !== 'off') {
      platform.scheduler.add({ name: 'files.backup', cron: config.BACKUP_CRON, run: async () => void (await platform.jobs.enqueue(STORED_BACKUP_JOB, {})) });
    }
    // The seeds' drafts ZIP (GET /export/drafts, POST /import/drafts): the stock's import behind it.
    const drafts = new DraftsArchive({ listings, photos, duplicates, events: platform.events }, {
      tmpDir, maxJsonBytes: config.IMPORT_MAX_BYTES, maxRows: config.IMPORT_MAX_ROWS, timeZone: config.TZ ?? systemTimeZone(),
      limits: { maxEntries: config.BACKUP_MAX_ENTRIES, maxUncompressedBytes: config.BACKUP_MAX_UNCOMPRESSED_BYTES, maxEntryBytes: Math.max(config.PHOTO_MAX_BYTES, config.IMPORT_MAX_BYTES), maxRatio: 1000 },
    });
    return {
      services: { stockImports, stockExports, backups },
      routes: (app: FastifyInstance) => {
        importsRoutes(app, stockImports, { tmpDir, maxBytes: config.IMPORT_MAX_BYTES });
        exportsRoutes(app, stockExports);
        backupsRoutes(app, backups, { tmpDir, maxBytes: config.BACKUP_MAX_BYTES });
        storedBackupsRoutes(app, stored, platform.jobs, platform.jobRuns, { keep: config.BACKUP_KEEP, schedule: config.BACKUP_CRON });
        seedFilesRoutes(app, { drafts, exports: stockExports, tmpDir, maxBytes: config.BACKUP_MAX_BYTES });
      },
    };
  },
});
