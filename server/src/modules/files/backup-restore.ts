import { createReadStream } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from 'pino';
import type { z } from 'zod';
import { AppError, conflict } from '../../platform/errors.ts';
import { isUniqueViolation } from '../../platform/db/unique-violation.ts';
import type { SettingsRepository } from '../../platform/settings/settings.repository.ts';
import { JSON_MAX_DEPTH, jsonDeeperThan } from '../../platform/json-depth.ts';
import { boundedLines } from '../../platform/streams/bounded-lines.ts';
import { cleanDeep } from '../../platform/text.ts';
import { newId } from '../../platform/time.ts';
import type { ZipGuardLimits } from '../../platform/zip/zip-guard.ts';
import type { DuplicatesService } from '../duplicates/index.ts';
import { type ListingsService, type StockSale, storedItemProblems } from '../listings/index.ts';
import type { OrderBackups } from '../orders/index.ts';
import type { PhotosService } from '../photos/index.ts';
import { StudioBackups } from '../studio/index.ts';
import { type Manifest, OPTIONAL_STOCK_FILES, PHOTO_ENTRY, ROW_SCHEMAS, SECRET_SETTING, STOCK_FILES, type StockFile, stockEntry } from './backup-format.ts';
import { BackupArchive, lineTooLong } from './backup-reader.ts';

export type RestoreMode = 'merge' | 'replace';

export interface RestoreReport {
  dry_run: boolean;
  mode: RestoreMode;
  backup: { created_at: string; app_version: string; counts: Record<string, number> };
  items: { restored: number; skipped_existing: number; removed: number };
  price_history: number;
  photos: { rows_restored: number; files_restored: number; files_already_present: number };
  settings: number;
  /** Orders (sales) restored from the backup; a backup made before the ledger has none. */
  orders: number;
  photo_edits: number;
}

type Rows = { [K in StockFile]: z.infer<(typeof ROW_SCHEMAS)[K]> };
const BATCH = 100;

/** What a restore writes through (each table by its owner) and whom it tells afterwards. */
export interface RestoreDeps {
  listings: Pick<ListingsService, 'transaction' | 'existingIds' | 'countItems' | 'restoreRows' | 'removeAllForRestore'>;
  photos: Pick<PhotosService, 'adoptRows' | 'backfillIndex'>;
  duplicates: Pick<DuplicatesService, 'reconcile'>;
  orders: Pick<OrderBackups, 'restoreInside' | 'removeAllInside' | 'recordPastSalesInside'>;
  settings: Pick<SettingsRepository, 'restore'>;
  edits: Pick<StudioBackups, 'restoreInside' | 'removeAllInside'>;
  log: Logger;
  /** With STORAGE=s3: restored photo files are uploaded to the bucket before their rows are written. */
  photoStore?: { publishLocal(sha256: string): Promise<void> };
}

export interface RestorePlace {
  dataDir: string;
  limits: ZipGuardLimits;
  /** Longest line of a table file (IMPORT_MAX_LINE_BYTES): checked while extracting, and again while reading. */
  maxLineBytes: number;
  /** Runs once a restore committed, with the items it wrote (the stock's duplicate check of restored items). */
  onRestored?: (itemIds: string[], mode: RestoreMode) => Promise<void>;
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
      if (PHOTO_ENTRY.test(name)) await archive.extract(name, path.join(photoWork, name.slice('photos/'.length)));
      else await archive.extract(name, path.join(work, name), place.maxLineBytes);
    }
    archive.close();
    const scan = await validate(work, place.maxLineBytes);
    const existing = await existingIds(deps.listings, scan.itemIds);
    const willRestore = opts.mode === 'replace' ? scan.itemIds.size : scan.itemIds.size - existing.size;
    const report: RestoreReport = {
      dry_run: opts.dryRun, mode: opts.mode,
      backup: { created_at: archive.manifest.created_at, app_version: archive.manifest.app_version, counts: archive.manifest.counts },
      items: { restored: willRestore, skipped_existing: opts.mode === 'merge' ? existing.size : 0, removed: opts.mode === 'replace' ? await deps.listings.countItems() : 0 },
      price_history: 0, photos: { rows_restored: 0, files_restored: 0, files_already_present: 0 }, settings: 0, orders: 0, photo_edits: 0,
    };
    if (opts.dryRun) {
      report.price_history = opts.mode === 'replace' ? scan.counts.price_history : scan.historyFor(existing);
      report.orders = opts.mode === 'replace' ? scan.counts.orders : scan.ordersFor(existing);
      report.photo_edits = opts.mode === 'replace' ? scan.counts.photo_edits : scan.editsFor(existing);
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

    if (deps.photoStore) {
      for (const sha of new Set(added.map((f) => path.basename(f).slice(0, 64)))) await deps.photoStore.publishLocal(sha);
    }

    const restoredItems = new Set<string>();
    await deps.listings.transaction(async (trx) => {
      if (opts.mode === 'replace') {
        await deps.listings.removeAllForRestore(trx);
        await deps.orders.removeAllInside(trx);
        await deps.edits.removeAllInside(trx);
      }
      const soldItems: StockSale[] = [];
      await eachRow(work, 'items', place.maxLineBytes, async (read) => {
        const rows = read.map((r) => r.row);
        const fresh = opts.mode === 'replace' ? rows : rows.filter((r) => !existing.has(r.id));
        await deps.listings.restoreRows('items', fresh, trx);
        for (const r of fresh) {
          restoredItems.add(r.id);
          if (r.status === 'sold') {
            soldItems.push({ item_id: r.id, sold_price_cents: r.sold_price_cents, sold_at: r.sold_at ?? r.updated_at, purchase_cost_cents: r.purchase_cost_cents, source: 'import' });
          }
        }
      });
      // Photo rows: kept when the id or the same bytes (sha256) are already here; the map says which id to use.
      const photoIdMap = new Map<string, string>();
      await eachRow(work, 'photos', place.maxLineBytes, async (read) => {
        const rows = read.map((r) => r.row);
        const adopted = await deps.photos.adoptRows(rows, trx);
        for (const [from, to] of adopted.sameBytes) photoIdMap.set(from, to);
        report.photos.rows_restored += adopted.inserted;
      });
      await eachRow(work, 'item_photos', place.maxLineBytes, async (read) => {
        const rows = read.map((r) => r.row);
        const mine = rows.filter((r) => restoredItems.has(r.item_id)).map((r) => ({ ...r, photo_id: photoIdMap.get(r.photo_id) ?? r.photo_id }));
        await deps.listings.restoreRows('item_photos', mine, trx);
      });
      // The studio's edits of the restored items' photos (after the photos, whose ids they follow).
      await eachRow(work, 'photo_edits', place.maxLineBytes, async (read) => {
        const mine = read.map((r) => r.row).filter((r) => restoredItems.has(r.item_id))
          .map((r) => ({ ...r, ...scan.photoDims.get(r.photo_id)!, photo_id: photoIdMap.get(r.photo_id) ?? r.photo_id }));
        report.photo_edits += await deps.edits.restoreInside(mine, trx);
      });
      await eachRow(work, 'price_history', place.maxLineBytes, async (read) => {
        const rows = read.map((r) => r.row);
        const mine = rows.filter((r) => restoredItems.has(r.item_id));
        await deps.listings.restoreRows('price_history', mine, trx);
        report.price_history += mine.length;
      });
      await eachRow(work, 'settings', place.maxLineBytes, async (read) => {
        const rows = read.map((r) => r.row);
        report.settings += await deps.settings.restore(rows.filter((s) => !SECRET_SETTING.test(s.key)), opts.mode === 'replace', trx);
      });
      await eachRow(work, 'orders', place.maxLineBytes, async (read) => {
        const mine = read.map((r) => r.row).filter((r) => restoredItems.has(r.item_id));
        report.orders += await deps.orders.restoreInside(mine, trx);
      });
      // Sold items without a standing order (a backup from before the sales ledger): their sale becomes a past order.
      await deps.orders.recordPastSalesInside(soldItems, trx);
      report.items.restored = restoredItems.size;
    });
    added.length = 0;
    afterRestore(deps);
    await place.onRestored?.([...restoredItems], opts.mode);
    return report;
  } catch (e) {
    // Files moved in for a restore that did not commit go again (they were not there before it).
    for (const f of added) await fs.rm(f, { force: true });
    // With several people on one server, the rows of a backup made by another account keep their ids, which are
    // taken: refused whole, as any other conflict of a backup with this stock.
    if (isUniqueViolation(e)) {
      throw conflict('backup_ids_taken', 'This backup holds items or photos whose ids belong to another account on this server: nothing was restored');
    }
    throw e;
  } finally {
    archive.close();
    await fs.rm(work, { recursive: true, force: true });
    await fs.rm(photoWork, { recursive: true, force: true });
  }
}

/** One refused row of a backup: its file, its line, what is wrong. */
interface RowProblem { entry: string; line: number; field: string | null; message: string }
/** How many refused rows the answer lists (all are counted). */
const MAX_LISTED = 100;
/** An item shows at most 20 photos, as the API allows. */
const MAX_PHOTOS_PER_ITEM = 20;

/**
 * Every row of every table parsed and checked before anything is written: its shape, an item through the listings
 * module's item rules (the API's own limits, dates consistent with the status), references between tables. Every bad
 * row is found, then the restore is refused listing them (file and line): nothing of a bad backup is written.
 */
async function validate(work: string, maxLineBytes: number) {
  const itemIds = new Set<string>();
  const photoDims = new Map<string, { width: number; height: number }>();
  const editCount = new Map<string, number>();
  const photosPerItem = new Map<string, number>();
  const historyCount = new Map<string, number>();
  const orderCount = new Map<string, number>();
  const openOrderOf = new Set<string>();
  const counts: Record<StockFile, number> = { items: 0, price_history: 0, photos: 0, item_photos: 0, settings: 0, orders: 0, photo_edits: 0 };
  const problems: RowProblem[] = [];
  let refused = 0;
  const bad = (f: StockFile, line: number, field: string | null, message: string) => {
    if (problems.length < MAX_LISTED) problems.push({ entry: stockEntry(f), line, field, message });
  };
  for (const f of STOCK_FILES) {
    await eachRow(work, f, maxLineBytes, async (rows) => {
      counts[f] += rows.length;
      for (const { row: r, line: at } of rows) {
        const before = problems.length;
        if (f === 'items') {
          const item = r as Rows['items'];
          if (itemIds.has(item.id)) bad(f, at, 'id', 'the same item id twice');
          itemIds.add(item.id);
          for (const p of storedItemProblems(item)) bad(f, at, p.field, p.message);
        }
        if (f === 'photos') {
          const p = r as Rows['photos'];
          photoDims.set(p.id, { width: p.width, height: p.height });
        }
        if (f === 'price_history') {
          const id = (r as Rows['price_history']).item_id;
          if (!itemIds.has(id)) bad(f, at, 'item_id', `history of an item that is not in the backup (${id.slice(0, 40)})`);
          historyCount.set(id, (historyCount.get(id) ?? 0) + 1);
        }
        if (f === 'item_photos') {
          const ip = r as Rows['item_photos'];
          if (!itemIds.has(ip.item_id) || !photoDims.has(ip.photo_id)) bad(f, at, null, 'a photo link to an item or photo that is not in the backup');
          const n = (photosPerItem.get(ip.item_id) ?? 0) + 1;
          photosPerItem.set(ip.item_id, n);
          if (n === MAX_PHOTOS_PER_ITEM + 1) bad(f, at, 'position', `more than ${MAX_PHOTOS_PER_ITEM} photos for one item`);
        }
        if (f === 'orders') {
          const o = r as Rows['orders'];
          if (!itemIds.has(o.item_id)) bad(f, at, 'item_id', `an order of an item that is not in the backup (${o.item_id.slice(0, 40)})`);
          // At most one sale stands per item, as the database holds it (orders_open_item_idx).
          if (!['cancelled', 'returned'].includes(o.status)) {
            if (openOrderOf.has(o.item_id)) bad(f, at, 'item_id', 'a second standing order for one item');
            openOrderOf.add(o.item_id);
          }
          orderCount.set(o.item_id, (orderCount.get(o.item_id) ?? 0) + 1);
        }
        if (f === 'photo_edits') {
          const e = r as Rows['photo_edits'];
          const photo = photoDims.get(e.photo_id);
          if (!itemIds.has(e.item_id) || !photo) bad(f, at, null, 'an edit of an item or photo that is not in the backup');
          else {
            // Checked as the editor checks an edit from the app: a crop outside the photo or a 400° angle is refused.
            const problem = StudioBackups.problem(e.params, photo);
            if (problem) bad(f, at, 'params', `${problem.code}: ${problem.message}`);
          }
          editCount.set(e.item_id, (editCount.get(e.item_id) ?? 0) + 1);
        }
        if (problems.length > before) refused++;
      }
    }, (line, why) => {
      refused++;
      bad(f, line, null, why);
    });
  }
  if (refused) {
    const first = problems[0];
    const where = (p: RowProblem) => `${p.entry} line ${p.line}: ${p.field ? `${p.field} ` : ''}${p.message}`;
    throw new AppError(422, 'backup_invalid_row', `${refused} row(s) of the backup are invalid, nothing was restored. ${problems.slice(0, 3).map(where).join('; ')}`.slice(0, 2000), {
      entry: first.entry, line: first.line, invalid_rows: refused, rows: problems,
    });
  }
  return {
    itemIds, counts, photoDims,
    editsFor: (skip: Set<string>) => [...editCount].reduce((s, [id, n]) => s + (skip.has(id) ? 0 : n), 0),
    historyFor: (skip: Set<string>) => [...historyCount].reduce((s, [id, n]) => s + (skip.has(id) ? 0 : n), 0),
    ordersFor: (skip: Set<string>) => [...orderCount].reduce((s, [id, n]) => s + (skip.has(id) ? 0 : n), 0),
  };
}

/**
 * Reads a table file line by line (each at most `maxLineBytes`), every string cleaned by the text rule and the row
 * checked against its shape, calling `fn` every BATCH rows. A row that is not JSON or not of its shape goes to
 * `onInvalid` when given (the validation lists them all), else refuses the restore.
 */
async function eachRow<F extends StockFile>(
  work: string, f: F, maxLineBytes: number,
  fn: (rows: { row: Rows[F]; line: number }[]) => Promise<void>,
  onInvalid?: (line: number, why: string) => void,
) {
  const schema = ROW_SCHEMAS[f];
  const entry = stockEntry(f);
  const invalid = onInvalid ?? ((line: number, why: string) => {
    throw new AppError(422, 'backup_invalid_row', `${entry} line ${line}: ${why}`, { entry, line });
  });
  // A table the backup may lack (made before it existed): nothing to read, nothing refused.
  if (OPTIONAL_STOCK_FILES.includes(f) && !(await fs.access(path.join(work, entry)).then(() => true, () => false))) return;
  let batch: { row: Rows[F]; line: number }[] = [];
  for await (const { line, text } of boundedLines(createReadStream(path.join(work, entry)), maxLineBytes, (n) => lineTooLong(entry, n, maxLineBytes))) {
    if (text.trim() === '') continue;
    // Walking a row nested a hundred thousand levels deep (the text cleaning does) would overflow the stack.
    if (jsonDeeperThan(text, JSON_MAX_DEPTH)) {
      invalid(line, `nested deeper than ${JSON_MAX_DEPTH} levels`);
      continue;
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      invalid(line, 'not JSON');
      continue;
    }
    const r = schema.safeParse(cleanDeep(json));
    if (!r.success) {
      invalid(line, r.error.issues.slice(0, 3).map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
      continue;
    }
    batch.push({ row: r.data as Rows[F], line });
    if (batch.length === BATCH) {
      await fn(batch);
      batch = [];
    }
  }
  if (batch.length) await fn(batch);
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
