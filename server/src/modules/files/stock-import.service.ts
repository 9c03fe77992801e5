import { yieldToEventLoop } from '../../platform/concurrency.ts';
import type { ItemsTable } from '../../platform/db/schema.ts';
import { AppError } from '../../platform/errors.ts';
import type { EventBus } from '../../platform/events.ts';
import { newId } from '../../platform/time.ts';
import { systemTimeZone } from '../../platform/time-zone.ts';
import type { DuplicatesService } from '../duplicates/index.ts';
import { canTransition, type Item, type ItemStatus, type ListingsService, type PatchItemInput, skuFromId } from '../listings/index.ts';
import type { PhotosService } from '../photos/index.ts';
import { type DelimiterChoice, parseImportCsv } from './csv-import.ts';
import { findImportDuplicates, type ImportDuplicate } from './import-duplicates.ts';
import { lateSkuConflicts, type SkuClaim, skuConflicts } from './import-skus.ts';
import type { EditableField, ImportRecord, RowIssue } from './import-record.ts';
import { legacyRecords, parseLegacyJson } from './legacy-import.ts';

export type ImportMode = 'all_or_nothing' | 'partial';

export interface ImportReport {
  dry_run: boolean;
  mode: ImportMode;
  total_rows: number;
  /** Rows written (or, in a dry run, that would be): created + updated. */
  imported: number;
  created: number;
  updated: number;
  /** Rows whose id exists with exactly the same content: nothing to write. */
  unchanged: number;
  /** Rows not written: those with errors, or every row when all-or-nothing met an error (a real run). */
  skipped: number;
  /**
   * All-or-nothing met an error: nothing is written. A dry run still counts what the good rows give (created,
   * updated, skipped as `mode=partial` would write them), so the check reads "18 to create, 2 ignored".
   */
  rejected: boolean;
  errors: RowIssue[];
  warnings: RowIssue[];
  duplicates: { line: number; item_id: string; title: string; matches: ImportDuplicate[] }[];
}

/** What an import writes through and checks against. */
export interface ImportDeps {
  listings: Pick<ListingsService, 'transaction' | 'createMany' | 'applyChange' | 'emitChange' | 'rowsAndItems' | 'skuHolders'>;
  photos: Pick<PhotosService, 'existing'>;
  duplicates: Pick<DuplicatesService, 'findMatchesMany'>;
  events: EventBus;
}

export interface ImportOptions { dryRun: boolean; mode: ImportMode; strict?: boolean }
type Parsed = { records: ImportRecord[]; errors: RowIssue[]; warnings: RowIssue[]; total_rows: number };

/** Imports into the stock: a CSV (ours, a spreadsheet's) or the Python bot's items.json. */
export class StockImports {
  constructor(
    private readonly deps: ImportDeps,
    private readonly limits: { maxRows: number; maxLineBytes?: number; timeZone?: string },
  ) {}

  csv(buf: Buffer, opts: ImportOptions & { delimiter: DelimiterChoice }): Promise<ImportReport> {
    const parsed = parseImportCsv(buf, { delimiter: opts.delimiter, maxRows: this.limits.maxRows, maxLineBytes: this.limits.maxLineBytes, strict: opts.strict });
    return importRecords(this.deps, parsed, { dryRun: opts.dryRun, mode: opts.mode, reason: 'import' });
  }

  /** The Python VintedBot's data/items.json; its naive times are read in TZ (the system's zone without it). */
  legacy(buf: Buffer, opts: ImportOptions): Promise<ImportReport> {
    const items = parseLegacyJson(buf);
    const max = this.limits.maxRows;
    if (items.length > max) {
      throw new AppError(413, 'too_many_items', `The file has ${items.length.toLocaleString('en')} items, more than IMPORT_MAX_ROWS (${max.toLocaleString('en')})`, { max_rows: max });
    }
    return importRecords(this.deps, legacyRecords(items, this.limits.timeZone ?? systemTimeZone()), { dryRun: opts.dryRun, mode: opts.mode, reason: 'import' });
  }
}

type Planned =
  | { kind: 'create'; rec: ImportRecord; id: string; dup: ImportDuplicate[] }
  | { kind: 'update'; rec: ImportRecord; current: ItemsTable; patch: PatchItemInput };

/**
 * Writes imported records through the listings service (quality gates, status rules, price history in one place).
 * An existing id is updated with the fields the file gives (so re-importing our own export never duplicates, and
 * a spreadsheet edit round-trips); a new id or none creates the item. Every write is in one transaction.
 */
export async function importRecords(deps: ImportDeps, parsed: Parsed, opts: ImportOptions & { reason: string }): Promise<ImportReport> {
  const errors = [...parsed.errors];
  const warnings = [...parsed.warnings];
  let plans = await plan(deps, parsed.records, errors, warnings);
  for (;;) {
    const report = summarize(parsed, plans, errors, warnings, opts);
    if (errors.length && opts.mode === 'all_or_nothing') {
      if (opts.dryRun) return { ...report, rejected: true };
      const rejected = { ...report, imported: 0, created: 0, updated: 0, unchanged: 0, skipped: parsed.total_rows, rejected: true };
      const bad = new Set(errors.map((e) => e.line)).size;
      throw new AppError(422, 'import_rejected', `${bad} row(s) have errors: nothing was imported. Fix them, or import with mode=partial to take the good rows`, rejected);
    }
    const writes = plans.filter(isWrite);
    if (opts.dryRun || writes.length === 0) return report;
    let written: Awaited<ReturnType<typeof write>>;
    try {
      written = await write(deps, writes, opts.reason);
    } catch (e) {
      // Another item took a row's SKU since plan() checked it: the transaction rolled back, nothing is written. That
      // row becomes an error with its line, and the report is made again: all-or-nothing rejects the file (above),
      // partial writes the other rows. Each turn drops at least one row, so this ends.
      const late = await lateSkuConflicts(e, deps.listings, writes.flatMap(skuClaim));
      if (!late.length) throw e;
      errors.push(...late);
      const lines = new Set(late.map((i) => i.line));
      plans = plans.filter((p) => !lines.has(p.rec.line));
      continue;
    }
    await announce(deps, written, report);
    return report;
  }
}

const isWrite = (p: Planned) => p.kind === 'create' || Object.keys(p.patch).length > 0;

/** The report of these plans: what they write (or would), and the rows left out for their errors. */
function summarize(parsed: Parsed, plans: Planned[], errors: RowIssue[], warnings: RowIssue[], opts: ImportOptions): ImportReport {
  const writes = plans.filter(isWrite);
  const created = writes.filter((p) => p.kind === 'create').length;
  return {
    dry_run: opts.dryRun, mode: opts.mode, total_rows: parsed.total_rows, imported: writes.length, created, updated: writes.length - created,
    unchanged: plans.length - writes.length, skipped: new Set(errors.map((e) => e.line)).size, rejected: false,
    errors: [...errors].sort((a, b) => a.line - b.line), warnings: [...warnings].sort((a, b) => a.line - b.line),
    duplicates: writes.flatMap((p) => (p.kind === 'create' && p.dup.length ? [{ line: p.rec.line, item_id: p.id, title: p.rec.input.title, matches: p.dup }] : [])),
  };
}

/** Every write of the import in one transaction: a failure writes nothing. */
async function write(deps: ImportDeps, writes: Planned[], reason: string) {
  const updated: { item: Item; changed: string[]; statusChange: { from: string; to: string } | null }[] = [];
  const creates = writes.flatMap((p) => (p.kind === 'create' ? [p] : []));
  const created = await deps.listings.transaction(async (trx) => {
    const made = await deps.listings.createMany(creates.map((p) => ({
      input: { ...p.rec.input, id: p.id },
      sys: { ...p.rec.sys, ...(p.rec.stamps ? { stamps: p.rec.stamps } : {}), ...(p.dup.length ? { possible_duplicate: true, duplicate_of: p.dup } : {}) },
    })), trx);
    for (const p of writes) if (p.kind === 'update') updated.push(await deps.listings.applyChange(p.current, p.patch, reason, trx));
    return made;
  });
  return { created, updated };
}

/** The events of a committed import. */
async function announce(deps: ImportDeps, { created, updated }: Awaited<ReturnType<typeof write>>, report: ImportReport) {
  // A slice of events per turn of the event loop: their subscribers (history, the duplicate index, webhooks) work
  // in between, and a large file does not hold the server while they run.
  for (let i = 0; i < created.length; i += 500) {
    for (const c of created.slice(i, i + 500)) deps.events.emit('item.created', { item_id: c.id, title: c.title, publish_opt_in: c.publish_opt_in, by: 'import' });
    await yieldToEventLoop();
  }
  for (let i = 0; i < updated.length; i += 500) {
    for (const u of updated.slice(i, i + 500)) deps.listings.emitChange(u.item, u.changed, u.statusChange);
    await yieldToEventLoop();
  }
  for (const d of report.duplicates) {
    deps.events.emit('duplicate.detected', { item_id: d.item_id, title: d.title, matches: d.matches.map((m) => ({ item_id: m.item_id, reason: m.reason, score: m.score })) });
  }
}

/** The SKU a planned row leaves on its item; none when an update leaves the item's SKU as it is. */
function skuClaim(p: Planned): SkuClaim[] {
  if (p.kind === 'create') return [{ line: p.rec.line, itemId: p.id, sku: p.rec.input.sku ?? skuFromId(p.id) }];
  if (p.patch.sku === undefined) return [];
  const sku = p.patch.sku ?? skuFromId(p.current.id);
  return sku === p.current.sku ? [] : [{ line: p.rec.line, itemId: p.current.id, sku }];
}

async function plan(deps: ImportDeps, records: ImportRecord[], errors: RowIssue[], warnings: RowIssue[]): Promise<Planned[]> {
  const seen = new Map<string, number>();
  const unique: ImportRecord[] = [];
  for (const r of records) {
    if (r.id && seen.has(r.id)) {
      errors.push({ line: r.line, field: 'id', code: 'duplicate_id_in_file', message: `The id is also on line ${seen.get(r.id)}: one row per item`, params: { other_line: seen.get(r.id) } });
      continue;
    }
    if (r.id) seen.set(r.id, r.line);
    unique.push(r);
  }
  const existing = await deps.listings.rowsAndItems(unique.flatMap((r) => (r.id ? [r.id] : [])));
  const knownPhotos = await photoIds(deps.photos, unique.flatMap((r) => r.input.photos ?? []));
  const out: Planned[] = [];
  const creates: { rec: ImportRecord; id: string }[] = [];
  for (const rec of unique) {
    if (rec.input.photos?.length) {
      const missing = rec.input.photos.filter((p) => !knownPhotos.has(p));
      if (missing.length) {
        warnings.push({ line: rec.line, field: 'photos', code: 'unknown_photo', message: `${missing.length} photo id(s) not in this app's photos were left out`, params: { count: missing.length } });
        rec.input.photos = rec.input.photos.filter((p) => knownPhotos.has(p));
      }
    }
    const stored = rec.id ? existing.get(rec.id) : undefined;
    keepDraftWithoutPrice(rec, stored?.item ?? null, warnings);
    if (stored) {
      const current = stored.row;
      const patch = changedFields(stored.item, rec);
      const to = (patch.status ?? current.status) as ItemStatus;
      if (!canTransition(current.status as ItemStatus, to)) {
        errors.push({ line: rec.line, field: 'status', code: 'invalid_status_transition', message: `The item is ${current.status} and cannot become ${to}`, params: { from: current.status, to } });
        continue;
      }
      out.push({ kind: 'update', rec, current, patch });
      continue;
    }
    creates.push({ rec, id: rec.id ?? newId() });
  }
  // SKUs (unique per owner) checked as the write would check them, so a taken one is its row's error, not the file's.
  const claims = [...out, ...creates.map((c) => ({ kind: 'create' as const, rec: c.rec, id: c.id, dup: [] }))].flatMap(skuClaim).sort((a, b) => a.line - b.line);
  const taken = await skuConflicts(deps.listings, claims);
  errors.push(...taken);
  const takenLines = new Set(taken.map((i) => i.line));
  if (takenLines.size) {
    out.splice(0, out.length, ...out.filter((p) => !takenLines.has(p.rec.line)));
    creates.splice(0, creates.length, ...creates.filter((c) => !takenLines.has(c.rec.line)));
  }
  // Against the stock (the duplicates module, all rows in one lookup), then against earlier rows of the same file,
  // which the stock index cannot see before they are written.
  const dups = await findImportDuplicates(deps.duplicates, creates.map((c) => c.rec.input));
  const fileKeys = new Map<string, { id: string; line: number }>();
  for (const [i, { rec, id }] of creates.entries()) {
    const dup = dups[i];
    const key = [rec.input.title, rec.input.brand ?? '', rec.input.size ?? ''].map((s) => s.toLowerCase().normalize('NFD').replace(/\p{M}/gu, '').replace(/\s+/g, ' ').trim()).join('|');
    const twin = fileKeys.get(key);
    if (twin && !dup.some((d) => d.item_id === twin.id)) dup.push({ item_id: twin.id, reason: 'title', score: 1 });
    else if (!twin) fileKeys.set(key, { id, line: rec.line });
    out.push({ kind: 'create', rec, id, dup });
  }
  return out;
}

/**
 * A row that would put an item on sale without a price stays (or becomes) a draft, with a warning: "en vente" at no
 * price is not a listing. The item's checklist shows missing_price until the seller sets one.
 */
function keepDraftWithoutPrice(rec: ImportRecord, current: Item | null, warnings: RowIssue[]): void {
  if (rec.input.status !== 'listed') return;
  const price = rec.present.has('price') ? rec.input.price : (current?.price ?? rec.input.price);
  if (price !== null && price !== undefined) return;
  warnings.push({ line: rec.line, field: 'price', code: 'no_price_kept_draft', message: 'No price: imported as a draft, not on sale; set a price to list it', params: { status: 'listed' } });
  if (current && current.status !== 'listed') {
    delete rec.input.status;
    rec.present.delete('status');
  } else rec.input.status = 'draft';
}

/** The fields of `rec` that differ from the stored item (only those the source gave). */
function changedFields(item: Item, rec: ImportRecord): PatchItemInput {
  const patch: Record<string, unknown> = {};
  const input = rec.input as Record<string, unknown>;
  const current: Record<string, unknown> = {
    ...item,
    photos: item.photos.map((p) => p.id),
    price_suggestion: item.price_suggestion,
    vinted: item.vinted.listing_id || item.vinted.url ? item.vinted : null,
    // null: the item follows the default (what "auto" in a file says).
    auto_drop: item.auto_drop_chosen ? item.auto_drop : null,
  };
  for (const f of rec.present as Set<EditableField>) {
    if (f === 'title' || input[f] === undefined) {
      if (f === 'title' && input.title !== item.title) patch.title = input.title;
      continue;
    }
    if (JSON.stringify(input[f] ?? null) !== JSON.stringify(current[f] ?? null)) patch[f] = input[f];
  }
  return patch as PatchItemInput;
}

async function photoIds(photos: ImportDeps['photos'], ids: string[]): Promise<Set<string>> {
  const out = new Set<string>();
  const uniq = [...new Set(ids)];
  for (let i = 0; i < uniq.length; i += 500) for (const id of await photos.existing(uniq.slice(i, i + 500))) out.add(id);
  return out;
}
