import type { Transaction } from 'kysely';
import type { Database, ItemsTable } from '../../platform/db/schema.ts';
import { AppError, badRequest, conflict, notFound } from '../../platform/errors.ts';
import type { EventBus } from '../../platform/events.ts';
import { centsOrNull, eurosOrNull } from '../../platform/money.ts';
import { newId, nowIso } from '../../platform/time.ts';
import { hasControlCharacters } from '../../platform/text.ts';
import { searchText } from './item-mapper.ts';
import type { Cursor, HistoryEntry, ListFilters, ListingsRepository, SortKey } from './listings.repository.ts';
import type { CreateItemInput, Item, ListQuery, PatchItemInput } from './listings.schemas.ts';
import { validItemInput, validItemPatch } from './item-rules.ts';
import { evaluateGates } from './quality-gates.ts';
import { canTransition, type ItemStatus, stampTransition, TRANSITIONS } from './status-rules.ts';
import { type AutoDropCandidate, type AutoDropChange, AutoDropsRepository } from './auto-drops.repository.ts';
import { HousekeepingRepository } from './housekeeping.repository.ts';
import { type StockTable, StockFilesRepository } from './stock-files.repository.ts';
import { StockReads } from './stock-reads.ts';

/** Fields other modules set on creation besides the seller's own input (analysis results, duplicates, origin). */
export interface SystemFields {
  possible_duplicate?: boolean;
  duplicate_of?: { item_id: string; reason: 'image' | 'title'; score: number }[];
  sale_score_breakdown?: unknown;
  demo?: boolean;
  extra?: Record<string, unknown>;
  created_at?: string;
  updated_at?: string;
  history?: HistoryEntry[];
  /** Status stamps to keep instead of "now" (an import's source history); only those the status has are used. */
  stamps?: { listed_at?: string; sold_at?: string; archived_at?: string };
}

export class ListingsService extends StockReads {
  constructor(
    repo: ListingsRepository,
    private readonly events: EventBus,
  ) {
    super(repo);
  }

  /** The whole stock (or one status), oldest first, in batches: for streaming answers and exports. */
  streamAll(batchSize: number, status?: ItemStatus): AsyncGenerator<Item[]> {
    return this.repo.streamAll(batchSize, status);
  }

  async get(id: string): Promise<Item> {
    const item = await this.repo.get(id);
    if (!item) throw notFound('item_not_found', `No item with id ${id}`, { id });
    return item;
  }

  async list(q: ListQuery): Promise<{ items: Item[]; next_cursor: string | null; total?: number }> {
    const desc = q.sort.startsWith('-');
    const sort = q.sort.replace(/^-/, '') as SortKey;
    const filters: ListFilters = {
      status: q.status, q: q.q, brand: q.brand, category: q.category, gender: q.gender, size: q.size,
      minPriceCents: centsOrNull(q.min_price) ?? undefined, maxPriceCents: centsOrNull(q.max_price) ?? undefined,
    };
    const cursor = q.cursor ? decodeCursor(q.cursor, sort) : null;
    const { items, next } = await this.repo.page(filters, sort, desc, q.limit, cursor);
    const total = q.include_total ? await this.repo.count(filters) : undefined;
    return { items, next_cursor: next ? encodeCursor(next, sort) : null, ...(total !== undefined ? { total } : {}) };
  }

  /** Creates an item; inside `trx` when a caller (import, ingest) groups several writes. */
  async create(given: CreateItemInput, sys: SystemFields = {}, trx?: Transaction<Database>): Promise<Item> {
    // Whoever calls (a route, the ingest, a bulk plan), the item passes the API's schema: one validation.
    const input = validItemInput(given);
    const run = async (t: Transaction<Database>) => {
      const id = input.id ?? newId();
      if (await this.repo.exists(id, t)) throw conflict('item_already_exists', `An item with id ${id} already exists`, { id });
      const photos = input.photos ?? [];
      await this.assertPhotos(photos, t);
      const { row, history } = this.newRow(id, input, sys);
      await this.repo.insert(row, photos, history, t);
      return (await this.repo.get(id, t))!;
    };
    const item = trx ? await run(trx) : await this.repo.transaction(run);
    this.events.emit('item.created', { item_id: item.id, title: item.title });
    return item;
  }

  /**
   * Creates many items inside `t` with multi-row inserts (an import): the same rows, gates and history as create(),
   * a few statements per few hundred items instead of several per item. The caller emits `item.created` once `t` has
   * committed (the returned ids and titles).
   */
  async createMany(given: { input: CreateItemInput; sys?: SystemFields }[], t: Transaction<Database>): Promise<{ id: string; title: string }[]> {
    const entries = given.map((e) => ({ ...e, input: validItemInput(e.input) }));
    const ids = entries.map((e) => e.input.id ?? newId());
    for (let i = 0; i < ids.length; i += 500) {
      const taken = await this.repo.existingIds(ids.slice(i, i + 500), t);
      if (taken.length) throw conflict('item_already_exists', `An item with id ${taken[0]} already exists`, { id: taken[0] });
    }
    for (const e of entries) if (new Set(e.input.photos ?? []).size !== (e.input.photos ?? []).length) await this.assertPhotos(e.input.photos!, t);
    await this.assertPhotos([...new Set(entries.flatMap((e) => e.input.photos ?? []))], t);
    const built = entries.map((e, i) => ({ ...this.newRow(ids[i], e.input, e.sys ?? {}), photos: e.input.photos ?? [] }));
    await this.repo.insertMany(built, t);
    return built.map((b) => ({ id: b.row.id, title: b.row.title }));
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
      ...this.contentColumns(input, (input.photos ?? []).length, status),
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
  async applyChange(current: ItemsTable, given: PatchItemInput, reason: string, t: Transaction<Database>) {
    const input = validItemPatch(given);
    const at = nowIso();
    const patch: Partial<ItemsTable> = {};
    const changed = Object.keys(input);
    const from = current.status as ItemStatus;
    const to = (input.status ?? from) as ItemStatus;
    if (!canTransition(from, to)) {
      throw new AppError(409, 'invalid_status_transition', `An item cannot go from ${from} to ${to}`, { from, to, allowed: TRANSITIONS[from] });
    }
    if (input.photos) await this.assertPhotos(input.photos, t);
    const merged = mergeInput(current, input);
    Object.assign(patch, this.contentColumns(merged, input.photos ? input.photos.length : await this.repo.photoCount(current.id, t), to));
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
    await this.repo.update(current.id, patch, t);
    if (input.photos) await this.repo.setPhotos(current.id, input.photos, t);
    if (patch.price_cents !== undefined && patch.price_cents !== null && patch.price_cents !== current.price_cents) {
      await this.repo.addHistory(current.id, [{ at, old_price_cents: current.price_cents, new_price_cents: patch.price_cents, reason }], t);
    }
    const item = (await this.repo.get(current.id, t))!;
    return { item, changed, statusChange: to !== from ? { from, to } : null };
  }

  emitChange(item: Item, changed: string[], statusChange: { from: string; to: string } | null) {
    this.events.emit('item.updated', { item_id: item.id, fields: changed });
    if (statusChange) {
      this.events.emit('item.status_changed', { item_id: item.id, title: item.title, ...statusChange });
      if (statusChange.to === 'sold') this.events.emit('item.sold', { item_id: item.id, title: item.title, sold_price: item.sold_price });
    }
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
    };
    // A sold or archived item is not for sale: no automatic drop, no publication, and the publication checklist
    // does not apply (nothing "to fix before publishing").
    if (status === 'sold') Object.assign(base, { auto_drop: 0, publish_opt_in: 0 });
    const gates = status === 'sold' || status === 'archived' ? { publish_ready: false, missing_fields: [] } : evaluateGates({
      title: base.title, description: base.description, hashtags: input.hashtags ?? [], brand: base.brand, size: base.size,
      condition: base.condition, category: base.category, price_cents: base.price_cents, photo_count: photoCount,
    });
    return { ...base, search_text: searchText(base), publish_ready: gates.publish_ready ? 1 : 0, missing_fields: JSON.stringify(gates.missing_fields) };
  }

  private async assertPhotos(ids: string[], t: Transaction<Database>) {
    if (new Set(ids).size !== ids.length) throw badRequest('duplicate_photo', 'The same photo appears twice in the list');
    const found = await this.repo.existingPhotoIds(ids, t);
    const missing = ids.filter((id) => !found.has(id));
    if (missing.length) throw badRequest('unknown_photo', `Unknown photo id(s): ${missing.join(', ')}`, { missing });
  }

  // ---- writes other modules ask of the stock (price drops, housekeeping, Vinted, imports and restores) ----

  /**
   * The automatic price drops of `day`, in one transaction: `plan` picks the new prices of each batch of candidates,
   * each batch is applied in one UPDATE and one INSERT of history (a row changed meanwhile is left alone), then
   * `finish` runs in the same transaction (the caller records its run) with what was applied. `price.dropped` is
   * emitted per change once committed: a rolled-back run tells the seller nothing.
   */
  async applyAutoDrops<R>(
    day: string,
    batchSize: number,
    plan: (batch: AutoDropCandidate[]) => AutoDropChange[],
    finish: (t: Transaction<Database>, done: { applied: AutoDropChange[]; droppedThatDay: number }) => Promise<R>,
  ): Promise<R> {
    const drops = new AutoDropsRepository(this.repo.db);
    const applied: AutoDropChange[] = [];
    const result = await this.repo.transaction(async (t) => {
      for await (const batch of drops.candidates(day, batchSize, t)) {
        const changes = plan(batch);
        const done = await drops.applyBatch(changes, day, nowIso(), t);
        for (const c of changes) if (done.has(c.id)) applied.push(c);
      }
      return finish(t, { applied, droppedThatDay: await drops.countDroppedOn(day, t) });
    });
    for (const c of applied) {
      this.events.emit('price.dropped', { item_id: c.id, title: c.title, old_price: c.old_cents / 100, new_price: c.new_cents / 100, rule: c.rule });
    }
    return result;
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
  async markVintedPrice(id: string, priceCents: number): Promise<Item> {
    await this.repo.transaction((t) => this.repo.update(id, { vinted_price_cents: priceCents }, t));
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

  /** A restore's rows of a stock table, written inside `t` as the backup stored them (no events: nothing was edited). */
  restoreRows(table: StockTable, rows: Record<string, unknown>[], t: Transaction<Database>): Promise<void> {
    return new StockFilesRepository(this.repo.db).insertRows(table, rows, t);
  }

  /** Every item removed inside `t`, with its photo links and history: a restore that replaces the stock. */
  removeAllForRestore(t: Transaction<Database>): Promise<void> {
    return new StockFilesRepository(this.repo.db).deleteAll(t);
  }

  /**
   * Marks an item sold at the price the seller got (the listing price only when none is given, and the answer says
   * which): the sale stamps sold_at, and stops what only items for sale do (automatic drops, publication).
   */
  async markSold(id: string, soldPrice?: number | null): Promise<{ item: Item; sold_price_from: 'given' | 'listing_price' | 'none' }> {
    const current = await this.repo.getRow(id);
    if (!current) throw notFound('item_not_found', `No item with id ${id}`, { id });
    if (current.status === 'sold') throw conflict('item_already_sold', 'The item is already sold: change its sale price with PATCH /listings/{id} (sold_price)', { id });
    const given = soldPrice !== undefined && soldPrice !== null;
    const item = await this.patch(id, { status: 'sold', ...(given ? { sold_price: soldPrice } : {}) }, 'sold');
    return { item, sold_price_from: given ? 'given' : item.sold_price !== null ? 'listing_price' : 'none' };
  }
}

/** The stored item with a partial input laid over it, in the input's shape (euros, arrays). */
function mergeInput(cur: ItemsTable, p: PatchItemInput): CreateItemInput {
  const pick = <K extends keyof PatchItemInput>(k: K, fallback: PatchItemInput[K]) => (p[k] !== undefined ? p[k] : fallback);
  const curSuggestion = cur.suggestion_target_cents === null ? null : {
    min: eurosOrNull(cur.suggestion_min_cents)!, target: eurosOrNull(cur.suggestion_target_cents)!, max: eurosOrNull(cur.suggestion_max_cents)!,
    justification: cur.suggestion_justification ?? '',
  };
  return {
    title: pick('title', cur.title)!,
    description: pick('description', cur.description),
    brand: pick('brand', cur.brand),
    category: pick('category', cur.category),
    size: pick('size', cur.size),
    condition: pick('condition', cur.condition as CreateItemInput['condition']),
    colors: pick('colors', JSON.parse(cur.colors)),
    material: pick('material', cur.material),
    gender: pick('gender', cur.gender as CreateItemInput['gender']),
    keywords: pick('keywords', JSON.parse(cur.keywords)),
    hashtags: pick('hashtags', JSON.parse(cur.hashtags)),
    price: pick('price', eurosOrNull(cur.price_cents)),
    price_suggestion: pick('price_suggestion', curSuggestion),
    estimated_sale_score: pick('estimated_sale_score', cur.estimated_sale_score),
    vinted: pick('vinted', cur.vinted_listing_id || cur.vinted_url ? { listing_id: cur.vinted_listing_id, url: cur.vinted_url } : null),
    auto_drop: pick('auto_drop', cur.auto_drop === 1),
    drop_rate: pick('drop_rate', cur.drop_rate),
    floor: pick('floor', eurosOrNull(cur.floor_cents)),
    publish_opt_in: pick('publish_opt_in', cur.publish_opt_in === 1),
  };
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
