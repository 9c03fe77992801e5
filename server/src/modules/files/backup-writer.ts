import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { Readable, Transform } from 'node:stream';
import yazl from 'yazl';
import type { SettingsRepository } from '../../platform/settings/settings.repository.ts';
import { LocalPhotoStore, PHOTO_VARIANTS, type PhotoVariant } from '../../platform/storage/photo-store.ts';
import type { ListingsService } from '../listings/index.ts';
import type { OrderBackups } from '../orders/index.ts';
import type { PhotosService } from '../photos/index.ts';
import type { StudioBackups } from '../studio/index.ts';
import { BACKUP_FORMAT, BACKUP_VERSION, type Manifest, SECRET_SETTING, type StockFile, stockEntry } from './backup-format.ts';

const BATCH = 1000;

/** Where a backup's rows come from: the stock's tables, the photo rows, the seller's settings. */
export interface BackupSources {
  listings: Pick<ListingsService, 'backupRows'>;
  photos: Pick<PhotosService, 'rows'>;
  settings: Pick<SettingsRepository, 'all'>;
  orders: Pick<OrderBackups, 'rows'>;
  edits: Pick<StudioBackups, 'rows'>;
}

/** Where the photo files are read from when the app has a photo store (a bucket, a cold tier): wherever they are. */
export interface BackupPhotoFiles {
  source(sha256: string, variant: PhotoVariant): Promise<{ size: number; open: () => Promise<Readable> } | null>;
  /** The studio's full-resolution master, wherever it is (null when the intake kept none). */
  sourceOriginal(sha256: string): Promise<{ size: number; open: () => Promise<Readable> } | null>;
}

/**
 * The whole stock as a ZIP stream: the tables as JSON lines, the photo files, and last a manifest with the count
 * of each table and the SHA-256 and size of every entry, computed while the entries stream out. Entries are read
 * only when the archive reaches them, so memory holds one batch of rows, whatever the stock.
 */
export function backupArchive(sources: BackupSources, dataDir: string, appVersion: string, store?: BackupPhotoFiles): NodeJS.ReadableStream {
  const zip = new yazl.ZipFile();
  const files: Manifest['files'] = {};
  const counts: Record<string, number> = {};
  const hashed = (name: string, source: Readable, count?: () => number) => {
    const h = createHash('sha256');
    let bytes = 0;
    const t = new Transform({
      transform(chunk: Buffer, _e, cb) {
        h.update(chunk);
        bytes += chunk.length;
        cb(null, chunk);
      },
      flush(cb) {
        files[name] = { sha256: h.digest('hex'), bytes };
        if (count) counts[name.replace(/^stock\/|\.jsonl$/g, '')] = count();
        cb();
      },
    });
    source.on('error', (e) => t.destroy(e));
    return source.pipe(t);
  };
  const addTable = (f: StockFile, rows: () => AsyncIterable<object[]>) => {
    let n = 0;
    zip.addReadStreamLazy(stockEntry(f), { compress: true }, (cb) => {
      async function* lines() {
        for await (const batch of rows()) {
          n += batch.length;
          yield batch.map((r) => `${JSON.stringify(r)}\n`).join('');
        }
      }
      cb(null, hashed(stockEntry(f), Readable.from(lines()), () => n));
    });
  };

  addTable('items', () => sources.listings.backupRows('items'));
  addTable('price_history', () => sources.listings.backupRows('price_history'));
  addTable('photos', () => sources.photos.rows(BATCH));
  addTable('item_photos', () => sources.listings.backupRows('item_photos'));
  addTable('settings', async function* () {
    yield (await sources.settings.all()).filter((s) => !SECRET_SETTING.test(s.key));
  });
  addTable('orders', () => sources.orders.rows(BATCH));
  addTable('photo_edits', () => sources.edits.rows(BATCH));

  const local = new LocalPhotoStore(path.join(dataDir, 'photos'));
  void (async () => {
    let photoFiles = 0;
    // Already compressed images: stored, not deflated again.
    const addSource = (name: string, src: { open: () => Promise<Readable> } | null) => {
      if (!src) return;
      photoFiles++;
      zip.addReadStreamLazy(name, { compress: false }, (cb) => void src.open().then((s) => cb(null, hashed(name, s as Readable)), (e: Error) => cb(e, null as unknown as Readable)));
    };
    const addLocal = async (name: string, file: string) => {
      if (!(await fs.access(file).then(() => true, () => false))) return;
      photoFiles++;
      zip.addReadStreamLazy(name, { compress: false }, (cb) => cb(null, hashed(name, createReadStream(file))));
    };
    try {
      for await (const batch of sources.photos.rows(BATCH)) {
        for (const p of batch) {
          const name = (file: string) => `photos/${p.sha256.slice(0, 2)}/${path.basename(file)}`;
          for (const v of Object.keys(PHOTO_VARIANTS) as PhotoVariant[]) {
            const file = local.pathOf(p.sha256, v);
            // Through the store: a photo in the bucket or the cold tier is streamed from there, its tier unchanged.
            if (store) addSource(name(file), await store.source(p.sha256, v));
            else await addLocal(name(file), file);
          }
          // The studio's master: without it a restored edit would render from the 1,600 px preview.
          const master = local.originalPathOf(p.sha256);
          if (store) addSource(name(master), await store.sourceOriginal(p.sha256));
          else await addLocal(name(master), master);
        }
      }
      counts.photo_files = photoFiles;
      zip.addReadStreamLazy('manifest.json', { compress: true }, (cb) => {
        const manifest: Manifest = { format: BACKUP_FORMAT, version: BACKUP_VERSION, app_version: appVersion, created_at: new Date().toISOString(), counts, files };
        cb(null, Readable.from([JSON.stringify(manifest, null, 1)]));
      });
      zip.end();
    } catch (e) {
      (zip.outputStream as Readable).destroy(e instanceof Error ? e : new Error(String(e)));
    }
  })();
  return zip.outputStream;
}
