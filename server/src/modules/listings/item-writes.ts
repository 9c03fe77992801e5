import type { Transaction } from 'kysely';
import type { Database, ItemsTable } from '../../platform/db/schema.ts';
import { isUniqueViolation } from '../../platform/db/unique-violation.ts';
import { AppError, badRequest, conflict, notFound } from '../../platform/errors.ts';
import type { EventBus } from '../../platform/events.ts';
import { centsOrNull } from '../../platform/money.ts';
import { newId, nowIso } from '../../platform/time.ts';
import { searchText } from './item-mapper.ts';
import type { HistoryEntry, ListingsRepository } from './listings.repository.ts';
import type { CreateItemInput, Item, PatchItemInput } from './listings.schemas.ts';
import { validItemInput, validItemPatch } from './item-rules.ts';
import { evaluateGates } from './quality-gates.ts';
import { canTransition, type ItemStatus, stampTransition, TRANSITIONS } from './status-rules.ts';
import { StockReads } from './stock-reads.ts';
import { skuFromId } from './reseller-fields.ts';
import type { SaleLedger } from './sale-ledger.ts';
import { fieldChanges, mergeInput, saleOf, type SystemFields } from './item-input.ts';
import { type ItemAppraiser, reappraise } from './reappraisal.ts';

/** Counts `n` created items against the current owner's allowance inside `t`, or throws (402) and counts nothing. */
export interface ItemQuota {
  spend(n: number, t: Transaction<Database>): Promise<void>;
  /** Refuses (402) when `n` more items would not fit, spending nothing. */
  check(n: number): Promise<void>;
}

// The stock's own item writes: create (one or many), patch, replace, delete, with their validation, status stamps,
// price history, quality gates, SKU uniqueness and the sale each status change records in the ledger. The service
// (listings.service.ts) adds the reads and the writes other modules ask for on top of these.

// The SKU index refused a row: a concurrent transaction committed that SKU after assertSkusFree looked (PostgreSQL
// waits for it, then refuses). The same 409 sku_taken as the check's, never a 500 (nor item_already_exists).
const isSkuViolation = (e: unknown) => isUniqueViolation(e) && /items_sku_idx|items\.sku\b/.test(`${(e as { constraint?: string }).constraint ?? ''} ${(e as Error).message ?? ''}`);
const skuTakenMeanwhile = () => conflict('sku_taken', 'A SKU was taken by another item meanwhile', {});

export abstract class ItemWrites extends StockReads {
  constructor(
    repo: ListingsRepository,
    protected readonly events: EventBus,
  ) {
    super(repo);
  }

  /** Creates an item; inside `trx` when a caller (import, ingest) groups several writes. */
  async create(given: CreateItemInput, sys: SystemFields = {}, trx?: Transaction<Database>): Promise<Item> {
    // Whoever calls (a route, the ingest, a bulk plan), the item passes the API's schema: one validation.
    const input = validItemInput(given);
    const run = async (t: Transaction<Database>) => {
      const id = input.id ?? newId();
      const taken = () => conflict('item_already_exists', `An item with id ${id} already exists`, { id });
      if (await this.repo.exists(id, t)) throw taken();
      // The owner's monthly listings quota (modules/quotas), in this transaction: a refusal or a later failure writes nothing.
      await this.quota?.spend(1, t);
      const photos = input.photos ?? [];
      await this.assertPhotos(photos, t);
      const { row, history } = this.newRow(id, input, sys);
      await this.assertSkusFree([{ id, sku: row.sku! }], t);
      try {
        await this.repo.insert(row, photos, history, t);
      } catch (e) {
        if (isSkuViolation(e)) throw skuTakenMeanwhile();
        // A client-chosen id another account's item has: `exists` (scoped to this owner) cannot see it, the primary key
        // can. Answered as any taken id, never a 500 that would tell it apart (the cross-owner body walk checks).
        if (input.id && isUniqueViolation(e)) throw taken();
        throw e;
      }
      if (row.status === 'sold') await this.ledger?.recordInside([saleOf(row, sys.by === 'import' ? 'import' : 'seller')], t);
      return (await this.repo.get(id, t))!;
    };
    const item = trx ? await run(trx) : await this.repo.transaction(run);
    this.events.emit('item.created', { item_id: item.id, title: item.title, publish_opt_in: item.publish_opt_in, ...(sys.by ? { by: sys.by } : {}) });
    return item;
  }

  /**
   * Creates many items inside `t` with multi-row inserts (an import): the same rows, gates and history as create(),
   * a few statements per few hundred items instead of several per item. The caller emits `item.created` once `t` has
   * committed (the returned ids and titles).
   */
  async createMany(given: { input: CreateItemInput; sys?: SystemFields }[], t: Transaction<Database>): Promise<{ id: string; title: string; publish_opt_in: boolean }[]> {
    const entries = given.map((e) => ({ ...e, input: validItemInput(e.input) }));
    const ids = entries.map((e) => e.input.id ?? newId());
    for (let i = 0; i < ids.length; i += 500) {
      const taken = await this.repo.existingIds(ids.slice(i, i + 500), t);
      if (taken.length) throw conflict('item_already_exists', `An item with id ${taken[0]} already exists`, { id: taken[0] });
    }
    for (const e of entries) if (new Set(e.input.photos ?? []).size !== (e.input.photos ?? []).length) await this.assertPhotos(e.input.photos!, t);
    await this.assertPhotos([...new Set(entries.flatMap((e) => e.input.photos ?? []))], t);
    await this.quota?.spend(entries.length, t);
    const built = entries.map((e, i) => ({ ...this.newRow(ids[i], e.input, e.sys ?? {}), photos: e.input.photos ?? [] }));
    await this.assertSkusFree(built.map((b) => ({ id: b.row.id, sku: b.row.sku! })), t);
    try {
      await this.repo.insertMany(built, t);
    } catch (e) {
      if (isSkuViolation(e)) throw skuTakenMeanwhile();
      // An id of the file another account's item has: invisible to `existingIds` (this owner's), not to the primary
      // key. Answered as any taken id rather than a 500 (server/test/files/import-owners.test.ts).
      if (entries.some((x) => x.input.id) && isUniqueViolation(e)) throw conflict('item_already_exists', 'An item id of this import is already taken on this server', {});
      throw e;
    }
    const sold = built.filter((b) => b.row.status === 'sold');
    if (sold.length) await this.ledger?.recordInside(sold.map((b) => saleOf(b.row, 'import')), t);
    return built.map((b) => ({ id: b.row.id, title: b.row.title, publish_opt_in: b.row.publish_opt_in === 1 }));
  }

  private newRow(id: string, input: CreateItemInput, sys: SystemFields): { row: ItemsTable; history: HistoryEntry[] } {
    const at = sys.created_at ?? nowIso();
    const status = input.status ?? 'draft';
    const priceCents = centsOrNull(input.price);
    const stamps = stampTransition('draft', status, { listed_at: null, sold_at: null, sold_price_cents: null, archived_at: null }, at, centsOrNull(input.sold_price) ?? priceCents);
    // Stamps an import keeps (its source's history) instead of "now": only those the status has.
    const kept = sys.stamps ?? {};
    if (kept.listed_at && status !== 'draft') stamps.listed_at = kept.listed_at;
    if (kept.sold_at && status === 'sold') stamps.sold_at = kept.sold_at;
    if (kept.archived_at && status === 'archived') stamps.archived_at = kept.archived_at;
    const row: ItemsTable = {
      id,
      ...this.contentColumns({ ...input, sku: input.sku ?? skuFromId(id) }, (input.photos ?? []).length, status),
      sku: input.sku ?? skuFromId(id),
      status,
      ...stamps,
      // An item created with its Vinted link (an import, a restore) shows that price there, as far as we know.
      vinted_price_cents: input.vinted?.listing_id ? priceCents : null,
      possible_duplicate: sys.possible_duplicate ? 1 : 0,
      duplicate_of: JSON.stringify(sys.duplicate_of ?? []),
      sale_score_breakdown: sys.sale_score_breakdown === undefined ? null : JSON.stringify(sys.sale_score_breakdown),
      demo: sys.demo ? 1 : 0,
      // auto_drop sent as true or false is the seller's choice for this item; absent or null follows the default.
      auto_drop_chosen: typeof input.auto_drop === 'boolean' ? 1 : 0,
      extra: JSON.stringify(sys.extra ?? {}),
      created_at: at,
      updated_at: sys.updated_at ?? at,
    };
    const history = sys.history ?? (priceCents !== null ? [{ at, old_price_cents: null, new_price_cents: priceCents, reason: 'initial' }] : []);
    return { row, history };
  }

  async patch(id: string, input: PatchItemInput, reason = 'manual'): Promise<Item> {
    const { item, changed, statusChange } = await this.repo.transaction(async (t) => {
      const current = await this.repo.getRow(id, t);
      if (!current) throw notFound('item_not_found', `No item with id ${id}`, { id });
      return this.applyChange(current, input, reason, t);
    });
    this.emitChange(item, changed, statusChange);
    return item;
  }

  async replace(id: string, input: CreateItemInput): Promise<Item> {
    if (input.id && input.id !== id) throw badRequest('id_mismatch', 'The id in the body differs from the id in the path; an item id cannot change');
    // A full replacement: every field the body omits returns to its default.
    const full: PatchItemInput = {
      title: input.title, description: input.description ?? '', brand: input.brand ?? null, category: input.category ?? null,
      size: input.size ?? null, condition: input.condition ?? null, colors: input.colors ?? [], material: input.material ?? null,
      gender: input.gender ?? null,
      keywords: input.keywords ?? [], hashtags: input.hashtags ?? [], price: input.price ?? null, price_suggestion: input.price_suggestion ?? null,
      estimated_sale_score: input.estimated_sale_score ?? null, photos: input.photos ?? [], vinted: input.vinted ?? null,
      auto_drop: input.auto_drop ?? null, drop_rate: input.drop_rate ?? null, floor: input.floor ?? null, publish_opt_in: input.publish_opt_in ?? false,
      purchase_cost: input.purchase_cost ?? null, acquired_at: input.acquired_at ?? null, source: input.source ?? null,
      storage_location: input.storage_location ?? null, sku: input.sku ?? null,
      ...(input.status ? { status: input.status } : {}),
      ...(input.sold_price !== undefined ? { sold_price: input.sold_price } : {}),
    };
    return this.patch(id, full);
  }

  async delete(id: string): Promise<void> {
    const ok = await this.repo.transaction((t) => this.repo.delete(id, t));
    if (!ok) throw notFound('item_not_found', `No item with id ${id}`, { id });
    this.events.emit('item.deleted', { item_id: id });
  }

  /** Applies a partial change inside a transaction: validation, status stamps, price history, gates. */
  async applyChange(current: ItemsTable, given: PatchItemInput, reason: string, t: Transaction<Database>, opts: { fromLedger?: boolean } = {}) {
    const input = validItemPatch(given);
    const at = nowIso();
    const patch: Partial<ItemsTable> = {};
    const changed = Object.keys(input);
    const before = (await this.repo.get(current.id, t))!;
    const from = current.status as ItemStatus;
    const to = (input.status ?? from) as ItemStatus;
    if (!canTransition(from, to)) {
      throw new AppError(409, 'invalid_status_transition', `An item cannot go from ${from} to ${to}`, { from, to, allowed: TRANSITIONS[from] });
    }
    if (input.photos) await this.assertPhotos(input.photos, t);
    const merged = mergeInput(current, input);
    const photoCount = input.photos ? input.photos.length : await this.repo.photoCount(current.id, t);
    const { repriced, rescored } = reappraise(this.appraiser, { current, input, merged, photoCount, to });
    if (repriced) changed.push('price_suggestion');
    if (rescored) changed.push('estimated_sale_score');
    Object.assign(patch, this.contentColumns(merged, photoCount, to));
    if (rescored) patch.sale_score_breakdown = JSON.stringify(rescored.breakdown);
    // A SKU cleared (null) gets the generated one back: every item keeps a reference to find it by.
    if (input.sku !== undefined) {
      patch.sku = input.sku ?? skuFromId(current.id);
      if (patch.sku !== current.sku) await this.assertSkusFree([{ id: current.id, sku: patch.sku }], t);
    }
    if (input.auto_drop !== undefined) patch.auto_drop_chosen = input.auto_drop === null ? 0 : 1;
    if (to !== from) {
      const soldPrice = centsOrNull(input.sold_price) ?? patch.price_cents ?? current.price_cents;
      const stamps = { listed_at: current.listed_at, sold_at: current.sold_at, sold_price_cents: current.sold_price_cents, archived_at: current.archived_at };
      Object.assign(patch, stampTransition(from, to, stamps, at, soldPrice ?? null), { status: to });
    } else if (input.sold_price !== undefined && from === 'sold') {
      patch.sold_price_cents = centsOrNull(input.sold_price);
    }
    // A Vinted link set (or removed) by hand: the listing shows the price of that moment, as far as we know.
    if (input.vinted !== undefined && (merged.vinted?.listing_id ?? null) !== current.vinted_listing_id) {
      patch.vinted_price_cents = merged.vinted?.listing_id ? (patch.price_cents ?? current.price_cents) : null;
    }
    patch.updated_at = at > current.updated_at ? at : current.updated_at;
    await this.repo.update(current.id, patch, t).catch((e: unknown) => {
      throw isSkuViolation(e) ? skuTakenMeanwhile() : e;
    });
    if (input.photos) await this.repo.setPhotos(current.id, input.photos, t);
    if (patch.price_cents !== undefined && patch.price_cents !== null && patch.price_cents !== current.price_cents) {
      await this.repo.addHistory(current.id, [{ at, old_price_cents: current.price_cents, new_price_cents: patch.price_cents, reason }], t);
    }
    if (this.ledger && !opts.fromLedger) {
      if (to === 'sold' && from !== 'sold') await this.ledger.recordInside([saleOf((await this.repo.getRow(current.id, t))!, reason === 'import' ? 'import' : 'seller')], t);
      // Sold → archived keeps the sale (the item is put away); back on sale or to draft cancels it.
      else if (from === 'sold' && to !== 'sold' && to !== 'archived') await this.ledger.cancelInside(current.id, t);
      else if (from === 'sold' && to === 'sold' && patch.sold_price_cents !== undefined) await this.ledger.repriceInside(current.id, patch.sold_price_cents, t);
      // A purchase cost entered after the sale: a standing order that had none takes it (the ledger checks).
      if (input.purchase_cost !== undefined && input.purchase_cost !== null) await this.ledger.costInside(current.id, centsOrNull(input.purchase_cost)!, t);
    }
    const item = (await this.repo.get(current.id, t))!;
    this.changeMeta.set(item.id, { by: reason, changes: fieldChanges(before, item, [...changed, 'status']) });
    return { item, changed, statusChange: to !== from ? { from, to } : null };
  }

  /**
   * Who made the last change to an item and its values before and after, kept by item id from applyChange until
   * emitChange sends it with `item.updated` (the history records it), so no caller has to carry it. A change rolled
   * back leaves its entry until the item's next change replaces it; the cap keeps such leftovers bounded.
   */
  private readonly changeMeta = new Map<string, { by: string; changes: Record<string, { from: unknown; to: unknown }> }>();

  emitChange(item: Item, changed: string[], statusChange: { from: string; to: string } | null) {
    const meta = this.changeMeta.get(item.id);
    this.changeMeta.delete(item.id);
    if (this.changeMeta.size > 10_000) this.changeMeta.clear();
    this.events.emit('item.updated', { item_id: item.id, fields: changed, ...(meta ?? {}) });
    if (statusChange) {
      this.events.emit('item.status_changed', { item_id: item.id, title: item.title, ...statusChange });
      if (statusChange.to === 'sold') this.events.emit('item.sold', { item_id: item.id, title: item.title, sold_price: item.sold_price });
    }
  }

  private appraiser: ItemAppraiser | null = null;
  /** The analysis hands over, once at start, how it prices and scores an item (the same rules, model and defects as at intake). */
  appraiseWith(appraiser: ItemAppraiser): void {
    this.appraiser = appraiser;
  }

  /** Stored columns derived from the seller-editable fields, gates included. */
  private contentColumns(input: CreateItemInput, photoCount: number, status: ItemStatus) {
    const base = {
      title: input.title.trim(),
      description: input.description ?? '',
      brand: input.brand ?? null,
      category: input.category ?? null,
      size: input.size ?? null,
      condition: input.condition ?? null,
      colors: JSON.stringify(input.colors ?? []),
      material: input.material ?? null,
      gender: input.gender ?? null,
      keywords: JSON.stringify(input.keywords ?? []),
      hashtags: JSON.stringify(input.hashtags ?? []),
      price_cents: centsOrNull(input.price),
      suggestion_min_cents: centsOrNull(input.price_suggestion?.min),
      suggestion_target_cents: centsOrNull(input.price_suggestion?.target),
      suggestion_max_cents: centsOrNull(input.price_suggestion?.max),
      suggestion_justification: input.price_suggestion?.justification ?? null,
      estimated_sale_score: input.estimated_sale_score ?? null,
      vinted_listing_id: input.vinted?.listing_id ?? null,
      vinted_url: input.vinted?.url ?? null,
      auto_drop: input.auto_drop === false ? 0 : 1,
      drop_rate: input.drop_rate ?? null,
      floor_cents: centsOrNull(input.floor),
      publish_opt_in: input.publish_opt_in ? 1 : 0,
      purchase_cost_cents: centsOrNull(input.purchase_cost),
      acquired_at: input.acquired_at ?? null,
      source: input.source || null,
      storage_location: input.storage_location || null,
    };
    // A sold or archived item is not for sale: no automatic drop, no publication, and the publication checklist
    // does not apply (nothing "to fix before publishing").
    if (status === 'sold') Object.assign(base, { auto_drop: 0, publish_opt_in: 0 });
    const gates = status === 'sold' || status === 'archived' ? { publish_ready: false, missing_fields: [] } : evaluateGates({
      title: base.title, description: base.description, hashtags: input.hashtags ?? [], brand: base.brand, size: base.size,
      condition: base.condition, category: base.category, price_cents: base.price_cents, photo_count: photoCount,
    });
    return { ...base, search_text: searchText({ ...base, sku: input.sku }), publish_ready: gates.publish_ready ? 1 : 0, missing_fields: JSON.stringify(gates.missing_fields) };
  }

  /** Each SKU belongs to no other item (nor twice to this batch): 409 sku_taken names it. */
  private async assertSkusFree(wanted: { id: string; sku: string }[], t: Transaction<Database>) {
    const seen = new Map<string, string>();
    for (const w of wanted) {
      if (seen.has(w.sku) && seen.get(w.sku) !== w.id) throw conflict('sku_taken', `The SKU ${w.sku} is given twice`, { params: { sku: w.sku } });
      seen.set(w.sku, w.id);
    }
    for (let i = 0; i < wanted.length; i += 500) {
      const batch = wanted.slice(i, i + 500);
      const owners = await this.repo.skuOwners(batch.map((w) => w.sku), t);
      const clash = batch.find((w) => owners.has(w.sku) && owners.get(w.sku) !== w.id);
      if (clash) throw conflict('sku_taken', `The SKU ${clash.sku} is already another item's`, { params: { sku: clash.sku }, item_id: owners.get(clash.sku) });
    }
  }

  private async assertPhotos(ids: string[], t: Transaction<Database>) {
    if (new Set(ids).size !== ids.length) throw badRequest('duplicate_photo', 'The same photo appears twice in the list');
    const found = await this.repo.existingPhotoIds(ids, t);
    const missing = ids.filter((id) => !found.has(id));
    if (missing.length) throw badRequest('unknown_photo', `Unknown photo id(s): ${missing.join(', ')}`, { missing });
  }

  private quota: ItemQuota | null = null;
  /** The quotas register here (modules/quotas, accounts mode): every item created spends the owner's monthly allowance. */
  useItemQuota(quota: ItemQuota): void {
    this.quota = quota;
  }

  /** Refuses (402) when `n` more items would pass the owner's allowance: callers ask before costly work (an ingest). */
  async checkItemQuota(n = 1): Promise<void> {
    await this.quota?.check(n);
  }

  private ledger: SaleLedger | null = null;
  /** The sales ledger registers here (modules/orders): a sale the stock makes records its order in the same transaction. */
  useSaleLedger(ledger: SaleLedger): void {
    this.ledger = ledger;
  }
}
