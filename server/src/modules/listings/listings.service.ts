import type { Transaction } from 'kysely';
import type { Database, ItemsTable } from '../../platform/db/schema.ts';
import { badRequest, notFound } from '../../platform/errors.ts';
import { centsOrNull } from '../../platform/money.ts';
import { nowIso } from '../../platform/time.ts';
import { hasControlCharacters } from '../../platform/text.ts';
import { type Cursor, type ListFilters, type SortKey, SEARCH_TOTAL_CAP, TOTAL_CAP } from './listings.repository.ts';
import type { Item, ListQuery } from './listings.schemas.ts';
import type { ItemStatus } from './status-rules.ts';
import { type AutoDropCandidate, type AutoDropChange, AutoDropsRepository, type CandidateScope } from './auto-drops.repository.ts';
import { yieldToEventLoop } from '../../platform/concurrency.ts';
import { DROP_BATCH, nextDropBatchSize } from './drop-batch-size.ts';

/** Events emitted per turn of the event loop after a batch of drops commits (their subscribers write history, webhooks). */
const EVENTS_PER_TURN = 500;
import { HousekeepingRepository } from './housekeeping.repository.ts';
import { type StockTable, StockFilesRepository } from './stock-files.repository.ts';
import { ItemWrites } from './item-writes.ts';
import { skuFromId } from './reseller-fields.ts';

export type { SystemFields } from './item-input.ts';

/**
 * The stock's service: reads and paging here and in StockReads, the seller's item writes in ItemWrites, and below the
 * writes other modules ask of the stock (price drops, housekeeping, Vinted, imports, restores, the sales ledger).
 */
export class ListingsService extends ItemWrites {
  /** The whole stock (or one status), oldest first, in batches (sized by the time they take unless `batchSize` fixes them): streamed answers and exports. */
  streamAll(batchSize?: number, status?: ItemStatus): AsyncGenerator<Item[]> {
    return this.repo.streamAll(batchSize, status);
  }

  async get(id: string): Promise<Item> {
    const item = await this.repo.get(id);
    if (!item) throw notFound('item_not_found', `No item with id ${id}`, { id });
    return item;
  }

  async list(q: ListQuery): Promise<{ items: Item[]; next_cursor: string | null; total?: number; total_exact?: boolean }> {
    const desc = q.sort.startsWith('-');
    const sort = q.sort.replace(/^-/, '') as SortKey;
    const filters: ListFilters = {
      status: q.status, q: q.q, brand: q.brand, category: q.category, gender: q.gender, size: q.size, location: q.location,
      minPriceCents: centsOrNull(q.min_price) ?? undefined, maxPriceCents: centsOrNull(q.max_price) ?? undefined,
    };
    const cursor = q.cursor ? decodeCursor(q.cursor, sort) : null;
    const { items, next } = await this.repo.page(filters, sort, desc, q.limit, cursor);
    // Counted up to a cap: past it the total is a lower bound, and says so (total_exact false). A text search counts
    // fewer: each hit it counts is a row read and tested (an index entry alone for the other filters).
    const total = q.include_total ? await this.repo.count(filters, filters.q ? SEARCH_TOTAL_CAP : TOTAL_CAP) : undefined;
    return { items, next_cursor: next ? encodeCursor(next, sort) : null, ...(total !== undefined ? { total: total.n, total_exact: total.exact } : {}) };
  }
  // ---- writes other modules ask of the stock (price drops, housekeeping, Vinted, imports and restores) ----

  /**
   * The automatic price drops of `day`, a batch of candidates at a time (`adaptive`: sized by the time each batch
   * held the event loop, drop-batch-size.ts): `plan` picks the new prices of each batch,
   * which commits on its own (one UPDATE of the prices, one INSERT of their history, one UPDATE marking the batch as
   * looked at), then `price.dropped` is emitted for each change of that batch. Between batches the event loop runs
   * other work (setImmediate), so a run over a million items never holds the server. A run stopped midway keeps the
   * batches it committed; the per-day stamps make the next run that day carry on from there, never dropping twice.
   */
  async applyAutoDrops(
    day: string,
    batchSize: number | 'adaptive',
    scope: CandidateScope,
    plan: (batch: AutoDropCandidate[]) => AutoDropChange[],
  ): Promise<{ applied: number }> {
    const drops = new AutoDropsRepository(this.repo.db);
    let applied = 0;
    let size = batchSize === 'adaptive' ? DROP_BATCH.start : batchSize;
    for await (const batch of drops.candidates(day, () => size, scope)) {
      const changes = plan(batch.items);
      const t0 = performance.now();
      const done = await this.repo.transaction((t) => drops.applyBatch(batch, changes, day, nowIso(), t));
      if (batchSize === 'adaptive') size = nextDropBatchSize(size, performance.now() - t0);
      const committed = changes.filter((c) => done.has(c.id));
      applied += committed.length;
      for (let i = 0; i < committed.length; i += EVENTS_PER_TURN) {
        for (const c of committed.slice(i, i + EVENTS_PER_TURN)) {
          this.events.emit('price.dropped', { item_id: c.id, title: c.title, old_price: c.old_cents / 100, new_price: c.new_cents / 100, rule: c.rule });
        }
        await yieldToEventLoop();
      }
      await yieldToEventLoop();
    }
    return { applied };
  }

  /** Archives these items in one transaction (the status rules stamp archived_at as for any archive); events once committed. */
  async archiveMany(ids: string[], reason: string): Promise<void> {
    const changes = await this.repo.transaction(async (t) => {
      const out = [];
      for (const id of ids) {
        const current = await this.repo.getRow(id, t);
        if (current) out.push(await this.applyChange(current, { status: 'archived' }, reason, t));
      }
      return out;
    });
    for (const c of changes) this.emitChange(c.item, c.changed, c.statusChange);
  }

  /** Deletes these items in one transaction; answers the photos they showed that no item shows any more. */
  async deleteMany(ids: string[]): Promise<{ photosNoLongerShown: string[] }> {
    const house = new HousekeepingRepository(this.repo.db);
    const unshown = await this.repo.transaction(async (t) => {
      const photoIds = await house.photoIdsOf(ids, t);
      for (const id of ids) await this.repo.delete(id, t);
      const shown = await house.photosShown(photoIds, t);
      return photoIds.filter((p) => !shown.has(p));
    });
    for (const id of ids) this.events.emit('item.deleted', { item_id: id });
    return { photosNoLongerShown: unshown };
  }

  /** Marks an item as part of the demo photoset, so DELETE /test/photoset removes it. */
  markDemo(id: string): Promise<void> {
    return new HousekeepingRepository(this.repo.db).markDemo(id);
  }

  /** A draft published on Vinted: stores its listing id and URL, then moves it to listed (history and events as any edit). */
  async markListedOnVinted(id: string, vinted: { listing_id: string; url: string }, reason: string): Promise<Item> {
    // Two patches on purpose: applyChange currently drops content fields that arrive together with a status change
    // (stampTransition spreads the stored row over the patch). One patch once that is fixed.
    await this.patch(id, { vinted }, reason);
    return this.patch(id, { status: 'listed' }, reason);
  }

  /** The stock's duplicate check found these items for `id` (a restore, checked after it): flags it as the intake would. */
  async markDuplicates(id: string, refs: { item_id: string; reason: 'image' | 'title'; score: number }[]): Promise<void> {
    await this.repo.transaction((t) => this.repo.update(id, { possible_duplicate: refs.length ? 1 : 0, duplicate_of: JSON.stringify(refs) }, t));
    this.events.emit('item.updated', { item_id: id, fields: ['possible_duplicate', 'duplicate_of'] });
  }

  /** The Vinted listing now shows this price (the connector updated it): the item's `vinted.price_pending` clears if it is the current one. */
  async markVintedPrice(id: string, priceCents: number, opts: { historyReason?: string } = {}): Promise<Item> {
    await this.repo.transaction(async (t) => {
      const before = opts.historyReason ? await this.repo.getRow(id, t) : null;
      await this.repo.update(id, { vinted_price_cents: priceCents }, t);
      // The seller applied it on Vinted themselves (the extension): the price history says so.
      if (before) await this.repo.addHistory(id, [{ at: nowIso(), old_price_cents: before.vinted_price_cents ?? null, new_price_cents: priceCents, reason: opts.historyReason! }], t);
    });
    const item = await this.get(id);
    this.events.emit('item.updated', { item_id: id, fields: ['vinted'] });
    return item;
  }
  /** Runs `fn` in one transaction: an import's or a restore's writes (passed on to the methods that take `t`), all or nothing. */
  transaction<T>(fn: (t: Transaction<Database>) => Promise<T>): Promise<T> {
    return this.repo.transaction(fn);
  }

  /** The stored row and the item of each of these ids that exists (an import compares them, then patches the row). */
  async rowsAndItems(ids: string[]): Promise<Map<string, { row: ItemsTable; item: Item }>> {
    const out = new Map<string, { row: ItemsTable; item: Item }>();
    const files = new StockFilesRepository(this.repo.db);
    for (let i = 0; i < ids.length; i += 500) {
      const rows = await files.rowsByIds(ids.slice(i, i + 500));
      const items = await this.repo.hydrate(rows);
      rows.forEach((row, k) => out.set(row.id, { row, item: items[k] }));
    }
    return out;
  }

  /**
   * Which item holds each of these SKUs (those held): an import checks its rows as the write would, before writing.
   * Slices of 500 on the (owner_id, sku) unique index: a million-item stock costs one indexed lookup per slice.
   */
  async skuHolders(skus: string[]): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    const uniq = [...new Set(skus)];
    for (let i = 0; i < uniq.length; i += 500) for (const [sku, id] of await this.repo.skuOwners(uniq.slice(i, i + 500))) out.set(sku, id);
    return out;
  }

  /** A restore's rows of a stock table, written inside `t` as the backup stored them (no events: nothing was edited). */
  async restoreRows(table: StockTable, rows: Record<string, unknown>[], t: Transaction<Database>): Promise<void> {
    if (table === 'items') rows = await this.freeSkus(rows, t);
    return new StockFilesRepository(this.repo.db).insertRows(table, rows, t);
  }

  /**
   * A restored item whose SKU is already another item's (a merge into a stock that reused it, or the same SKU twice
   * in the backup) takes its generated one instead: SKUs stay unique, and the restore does not fail for a label.
   */
  private async freeSkus(rows: Record<string, unknown>[], t: Transaction<Database>) {
    const skus = rows.map((r) => r.sku).filter((v): v is string => typeof v === 'string');
    const owners = await this.repo.skuOwners([...new Set(skus)], t);
    const seen = new Set<string>();
    return rows.map((r) => {
      const sku = typeof r.sku === 'string' ? r.sku : null;
      const taken = sku !== null && ((owners.has(sku) && owners.get(sku) !== r.id) || seen.has(sku));
      if (sku !== null) seen.add(sku);
      return taken ? { ...r, sku: skuFromId(String(r.id)) } : r;
    });
  }

  /** Every item removed inside `t`, with its photo links and history: a restore that replaces the stock. */
  removeAllForRestore(t: Transaction<Database>): Promise<void> {
    return new StockFilesRepository(this.repo.db).deleteAll(t);
  }

  /**
   * Inside `t` (the sales ledger's transaction, modules/orders): the item sold at this price (euros) and instant. A
   * sale stamps sold_at and stops what only items for sale do (automatic drops, publication); an item already sold
   * without an order (an edit set its status) only takes the sale's price and date. The caller emits the change
   * (emitChange) once `t` has committed. Answers the item's purchase cost, which the order keeps.
   */
  async sellInside(id: string, sale: { price: number | null; sold_at: string }, t: Transaction<Database>) {
    const current = await this.repo.getRow(id, t);
    if (!current) throw notFound('item_not_found', `No item with id ${id}`, { id });
    const change = current.status === 'sold'
      ? { changed: [] as string[], statusChange: null }
      : await this.applyChange(current, { status: 'sold', ...(sale.price !== null ? { sold_price: sale.price } : {}) }, 'sold', t, { fromLedger: true });
    const soldCents = sale.price !== null ? centsOrNull(sale.price) : (current.status === 'sold' ? current.sold_price_cents : undefined);
    await this.repo.update(id, { sold_at: sale.sold_at, ...(soldCents !== undefined ? { sold_price_cents: soldCents } : {}) }, t);
    const item = (await this.repo.get(id, t))!;
    return { item, changed: change.changed, statusChange: change.statusChange, purchaseCostCents: current.purchase_cost_cents ?? null };
  }

  /** Inside `t`: a cancelled or returned sale puts the item back on sale (listed), its sale stamps cleared. */
  async unsellInside(id: string, reason: string, t: Transaction<Database>) {
    const current = await this.repo.getRow(id, t);
    if (!current || current.status !== 'sold') return null;
    return this.applyChange(current, { status: 'listed' }, reason, t, { fromLedger: true });
  }
}

function encodeCursor(c: Cursor, sort: SortKey): string {
  return Buffer.from(JSON.stringify([sort, c.v, c.id])).toString('base64url');
}

function decodeCursor(s: string, sort: SortKey): Cursor {
  try {
    const [k, v, id] = JSON.parse(Buffer.from(s, 'base64url').toString('utf8'));
    if (k !== sort || typeof id !== 'string' || !(typeof v === 'string' || typeof v === 'number')) throw new Error('shape');
    // A forged cursor must not carry what the text rule keeps out (PostgreSQL refuses NUL in a parameter).
    if (hasControlCharacters(id) || (typeof v === 'string' && hasControlCharacters(v))) throw new Error('text');
    return { v, id };
  } catch {
    throw badRequest('invalid_cursor', 'The cursor is invalid or belongs to another sort order');
  }
}
