// Files in and out of the stock: CSV and legacy (items.json) imports, CSV, JSON and PDF exports, full backups and
// their restore. Owns no table: it reads and writes through listings, photos and the platform's settings.
//
// Provides `stockImports` (StockImports), `stockExports` (StockExports) and `backups` (Backups).
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Platform } from '../../platform/platform.ts';
import { SettingsRepository } from '../../platform/settings/settings.repository.ts';
import type { DuplicatesService } from '../duplicates/index.ts';
import type { ListingsService } from '../listings/index.ts';
import { defineModule } from '../../platform/modules/module.ts';
import type { PhotosService } from '../photos/index.ts';
import { backupsRoutes } from './backups.routes.ts';
import { Backups } from './backups.service.ts';
import { catalogueSettingsStore } from './catalogue-settings.ts';
import { exportsRoutes } from './exports.routes.ts';
import { importsRoutes } from './imports.routes.ts';
import { StockExports } from './stock-exports.service.ts';
import { StockImports } from './stock-import.service.ts';

export { Backups } from './backups.service.ts';
export type { RestoreMode, RestoreReport } from './backup-restore.ts';
export { parseImportCsv } from './csv-import.ts';
export { findImportDuplicates } from './import-duplicates.ts';
export { importLegacyCommand } from './import-legacy.command.ts';
export { StockExports } from './stock-exports.service.ts';
export { type ImportReport, StockImports } from './stock-import.service.ts';

export interface FilesDeps {
  listings: ListingsService;
  photos: PhotosService;
  duplicates: DuplicatesService;
}

export const filesModule = defineModule({
  name: 'files',
  needs: ['listings', 'photos', 'duplicates'],
  provides: ['stockImports', 'stockExports', 'backups'],
  create(platform: Platform, deps: FilesDeps) {
    const { config } = platform;
    const { listings, photos, duplicates } = deps;
    const tmpDir = path.join(config.dataDir, 'tmp');
    const stockImports = new StockImports({ listings, photos, duplicates, events: platform.events }, { maxRows: config.IMPORT_MAX_ROWS, timeZone: config.TZ });
    const stockExports = new StockExports(listings, photos, catalogueSettingsStore(platform.db), config.dataDir);
    const backups = new Backups(
      { listings, photos, duplicates, settings: new SettingsRepository(platform.db), log: platform.log },
      { dataDir: config.dataDir, appVersion: config.version, limits: { maxEntries: config.BACKUP_MAX_ENTRIES, maxUncompressedBytes: config.BACKUP_MAX_UNCOMPRESSED_BYTES } },
    );
    return {
      services: { stockImports, stockExports, backups },
      routes: (app: FastifyInstance) => {
        importsRoutes(app, stockImports, { tmpDir, maxBytes: config.IMPORT_MAX_BYTES });
        exportsRoutes(app, stockExports);
        backupsRoutes(app, backups, { tmpDir, maxBytes: config.BACKUP_MAX_BYTES });
      },
    };
  },
});
