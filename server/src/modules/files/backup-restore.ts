import { createReadStream } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import readline from 'node:readline';
import type { Logger } from 'pino';
import type { z } from 'zod';
import { AppError } from '../../platform/errors.ts';
import type { SettingsRepository } from '../../platform/settings/settings.repository.ts';
import { newId } from '../../platform/time.ts';
import type { ZipGuardLimits } from '../../platform/zip/zip-guard.ts';
import type { DuplicatesService } from '../duplicates/index.ts';
import type { ListingsService } from '../listings/index.ts';
import type { PhotosService } from '../photos/index.ts';
import { type Manifest, PHOTO_ENTRY, ROW_SCHEMAS, SECRET_SETTING, STOCK_FILES, type StockFile, stockEntry } from './backup-format.ts';
import { BackupArchive } from './backup-reader.ts';

export type RestoreMode = 'merge' | 'replace';

export interface RestoreReport {
  dry_run: boolean;
  mode: RestoreMode;
  backup: { created_at: string; app_version: string; counts: Record<string, number> };
  items: { restored: number; skipped_existing: number; removed: number };
  price_history: number;
  photos: { rows_restored: number; files_restored: number; files_already_present: number };
  settings: number;
}

type Rows = { [K in StockFile]: z.infer<(typeof ROW_SCHEMAS)[K]> };
const BATCH = 100;

/** What a restore writes through (each table by its owner) and whom it tells afterwards. */
export interface RestoreDeps {
  listings: Pick<ListingsService, 'transaction' | 'existingIds' | 'countItems' | 'restoreRows' | 'removeAllForRestore'>;
  photos: Pick<PhotosService, 'adoptRows' | 'backfillIndex'>;
  duplicates: Pick<DuplicatesService, 'reconcile'>;
  settings: Pick<SettingsRepository, 'restore'>;
  log: Logger;
}

export interface RestorePlace {
  dataDir: string;
  limits: ZipGuardLimits;
}

/**
 * Restores a backup archive: everything is checked and extracted to temp folders first (archive safety, checksums,
 * every row against its schema, references between tables), then photo files are moved in and the rows written
 * in one transaction. A failure at any point leaves the stock as it was (files added for the failed restore are
 * removed again). `merge` adds the items this stock lacks and keeps the others; `replace` makes the stock the
 * backup's (photo rows and files are only ever added: they are shared by content).
 */
export async function restoreBackup(deps: RestoreDeps, place: RestorePlace, zipPath: string, opts: { mode: RestoreMode; dryRun: boolean }): Promise<RestoreReport> {
  const work = path.join(place.dataDir, 'tmp', `restore-${newId()}`);
  // Beside the photo folder, so moving a file in is a rename on one filesystem.
  const photoRoot = path.join(place.dataDir, 'photos');
  const photoWork = path.join(photoRoot, `.restore-${newId()}`);
  const archive = await BackupArchive.open(zipPath, place.limits);
  const added: string[] = [];
  try {
    for (const name of archive.entries.keys()) {
      if (name === 'manifest.json') continue;
      await archive.extract(name, PHOTO_ENTRY.test(name) ? path.join(photoWork, name.slice('photos/'.length)) : path.join(work, name));
    }
    archive.close();
    const scan = await validate(work);
    const existing = await existingIds(deps.listings, scan.itemIds);
    const willRestore = opts.mode === 'replace' ? scan.itemIds.size : scan.itemIds.size - existing.size;
    const report: RestoreReport = {
      dry_run: opts.dryRun, mode: opts.mode,
      backup: { created_at: archive.manifest.created_at, app_version: archive.manifest.app_version, counts: archive.manifest.counts },
      items: { restored: willRestore, skipped_existing: opts.mode === 'merge' ? existing.size : 0, removed: opts.mode === 'replace' ? await deps.listings.countItems() : 0 },
      price_history: 0, photos: { rows_restored: 0, files_restored: 0, files_already_present: 0 }, settings: 0,
    };
    if (opts.dryRun) {
      report.price_history = opts.mode === 'replace' ? scan.counts.price_history : scan.historyFor(existing);
      return report;
    }

    for (const rel of await listFiles(photoWork)) {
      const target = path.join(photoRoot, rel);
      if (await fs.access(target).then(() => true, () => false)) {
        report.photos.files_already_present++;
        continue;
      }
      await fs.mkdir(path.dirname(target), { recursive: true });
      await fs.rename(path.join(photoWork, rel), target);
      added.push(target);
      report.photos.files_restored++;
    }

    await deps.listings.transaction(async (trx) => {
      if (opts.mode === 'replace') await deps.listings.removeAllForRestore(trx);
      const restoredItems = new Set<string>();
      await eachRow(work, 'items', async (rows) => {
        const fresh = opts.mode === 'replace' ? rows : rows.filter((r) => !existing.has(r.id));
        await deps.listings.restoreRows('items', fresh, trx);
        for (const r of fresh) restoredItems.add(r.id);
      });
      // Photo rows: kept when the id or the same bytes (sha256) are already here; the map says which id to use.
      const photoIdMap = new Map<string, string>();
      await eachRow(work, 'photos', async (rows) => {
        const adopted = await deps.photos.adoptRows(rows, trx);
        for (const [from, to] of adopted.sameBytes) photoIdMap.set(from, to);
        report.photos.rows_restored += adopted.inserted;
      });
      await eachRow(work, 'item_photos', async (rows) => {
        const mine = rows.filter((r) => restoredItems.has(r.item_id)).map((r) => ({ ...r, photo_id: photoIdMap.get(r.photo_id) ?? r.photo_id }));
        await deps.listings.restoreRows('item_photos', mine, trx);
      });
      await eachRow(work, 'price_history', async (rows) => {
        const mine = rows.filter((r) => restoredItems.has(r.item_id));
        await deps.listings.restoreRows('price_history', mine, trx);
        report.price_history += mine.length;
      });
      await eachRow(work, 'settings', async (rows) => {
        report.settings += await deps.settings.restore(rows.filter((s) => !SECRET_SETTING.test(s.key)), opts.mode === 'replace', trx);
      });
      report.items.restored = restoredItems.size;
    });
    added.length = 0;
    afterRestore(deps);
    return report;
  } catch (e) {
    // Files moved in for a restore that did not commit go again (they were not there before it).
    for (const f of added) await fs.rm(f, { force: true });
    throw e;
  } finally {
    archive.close();
    await fs.rm(work, { recursive: true, force: true });
    await fs.rm(photoWork, { recursive: true, force: true });
  }
}

/** Every row of every table parsed and checked, references included, before anything is written. */
async function validate(work: string) {
  const itemIds = new Set<string>();
  const photoIds = new Set<string>();
  const historyCount = new Map<string, number>();
  const counts: Record<StockFile, number> = { items: 0, price_history: 0, photos: 0, item_photos: 0, settings: 0 };
  for (const f of STOCK_FILES) {
    await eachRow(work, f, async (rows, line) => {
      counts[f] += rows.length;
      rows.forEach((r, k) => {
        const at = line - rows.length + k + 1;
        if (f === 'items') {
          if (itemIds.has((r as Rows['items']).id)) throw invalid(f, at, 'the same item id twice');
          itemIds.add((r as Rows['items']).id);
        }
        if (f === 'photos') photoIds.add((r as Rows['photos']).id);
        if (f === 'price_history') {
          const id = (r as Rows['price_history']).item_id;
          if (!itemIds.has(id)) throw invalid(f, at, `history of an item that is not in the backup (${id})`);
          historyCount.set(id, (historyCount.get(id) ?? 0) + 1);
        }
        if (f === 'item_photos') {
          const ip = r as Rows['item_photos'];
          if (!itemIds.has(ip.item_id) || !photoIds.has(ip.photo_id)) throw invalid(f, at, 'a photo link to an item or photo that is not in the backup');
        }
      });
    });
  }
  return {
    itemIds, counts,
    historyFor: (skip: Set<string>) => [...historyCount].reduce((s, [id, n]) => s + (skip.has(id) ? 0 : n), 0),
  };
}

const invalid = (f: StockFile, line: number, why: string) =>
  new AppError(422, 'backup_invalid_row', `${stockEntry(f)} line ${line}: ${why}`, { entry: stockEntry(f), line });

/** Reads a table file line by line, validating each row, calling `fn` every BATCH rows. */
async function eachRow<F extends StockFile>(work: string, f: F, fn: (rows: Rows[F][], line: number) => Promise<void>) {
  const schema = ROW_SCHEMAS[f];
  const lines = readline.createInterface({ input: createReadStream(path.join(work, stockEntry(f)), 'utf8'), crlfDelay: Infinity });
  let batch: Rows[F][] = [];
  let n = 0;
  for await (const text of lines) {
    n++;
    if (text.trim() === '') continue;
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw invalid(f, n, 'not JSON');
    }
    const r = schema.safeParse(json);
    if (!r.success) throw invalid(f, n, r.error.issues.slice(0, 2).map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
    batch.push(r.data as Rows[F]);
    if (batch.length === BATCH) {
      await fn(batch, n);
      batch = [];
    }
  }
  if (batch.length) await fn(batch, n);
}

async function existingIds(listings: RestoreDeps['listings'], ids: Set<string>): Promise<Set<string>> {
  const out = new Set<string>();
  const all = [...ids];
  for (let i = 0; i < all.length; i += 500) for (const id of await listings.existingIds(all.slice(i, i + 500))) out.add(id);
  return out;
}

async function listFiles(root: string): Promise<string[]> {
  const entries = await fs.readdir(root, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries.filter((e) => e.isFile()).map((e) => path.relative(root, path.join(e.parentPath, e.name)));
}

/** Indexes kept by other modules learn of the rows written behind their back (their start-up catch-up, run now). */
function afterRestore(deps: RestoreDeps) {
  void deps.photos.backfillIndex().catch((err) => deps.log.warn({ err }, 'photo index backfill after restore failed'));
  void deps.duplicates.reconcile().catch((err) => deps.log.warn({ err }, 'duplicate index reconcile after restore failed'));
}

export type { Manifest };
