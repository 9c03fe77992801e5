import type { ZipGuardLimits } from '../../platform/zip/zip-guard.ts';
import { type RestoreDeps, type RestoreMode, type RestorePlace, type RestoreReport, restoreBackup } from './backup-restore.ts';
import { backupArchive, type BackupPhotoFiles, type BackupSources } from './backup-writer.ts';

/** Full backups of the stock, photos and settings (a ZIP, streamed), and their restore. */
export class Backups {
  constructor(
    private readonly deps: BackupSources & RestoreDeps & { photoStore?: BackupPhotoFiles },
    private readonly place: { dataDir: string; appVersion: string; limits: ZipGuardLimits; maxLineBytes: number; onRestored?: RestorePlace['onRestored'] },
  ) {}

  /** The whole stock as a ZIP stream, read a batch at a time as the archive reaches each table. */
  archive(): NodeJS.ReadableStream {
    return backupArchive(this.deps, this.place.dataDir, this.place.appVersion, this.deps.photoStore);
  }

  /** Restores the archive at `zipPath` (checked whole before anything is written; all or nothing). */
  restore(zipPath: string, opts: { mode: RestoreMode; dryRun: boolean }): Promise<RestoreReport> {
    return restoreBackup(this.deps, this.place, zipPath, opts);
  }
}
