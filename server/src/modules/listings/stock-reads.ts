import type { ItemsTable } from '../../platform/db/schema.ts';
import { yieldToEventLoop } from '../../platform/concurrency.ts';
import { type AutoDropCandidate, AutoDropsRepository, type CandidateScope } from './auto-drops.repository.ts';
import { HousekeepingRepository } from './housekeeping.repository.ts';
import type { ItemSummary, ItemVersion, ListingsRepository } from './listings.repository.ts';
import type { Item } from './listings.schemas.ts';
import type { DropPlan } from './drop-plans.ts';
import { type OnVintedItem, type PublishLineItem, PublishLineRepository, type VintedPriceChange } from './publish-line.repository.ts';
import { type ExportRow, type StockTable, StockFilesRepository } from './stock-files.repository.ts';
import { type StockReviewQuery, type StockReviewRow, StockReviewRepository } from './stock-review.repository.ts';
import { type StockTodoKind, type StockTodoList, type StockTodoQuery, StockTodoRepository } from './stock-todo.repository.ts';

/**
 * What other modules read of the stock without changing it: the duplicate check's lookups, the price drop's
 * candidates, the recommendations' review, the publish queue's line, exports and backups. ListingsService
 * extends it with the writes, so callers see one service; this file only keeps the reads apart.
 */
/** Decides, for a page of items, whether each will drop and to what floor (the pricing module's rules). */
export type DropPlanner = (items: Item[]) => Promise<DropPlan[]>;

export abstract class StockReads {
  constructor(protected readonly repo: ListingsRepository) {}

  /** Which items show these photos (any status, each with its status), to tell whether a photo is already on sale. */
  itemsShowingPhotos(photoIds: string[]): Promise<{ item_id: string; photo_id: string; status: string }[]> {
    return this.repo.itemsShowingPhotos(photoIds);
  }

  /** An item's photo ids in their order (none when the item does not exist). */
  photoIdsOf(itemId: string): Promise<string[]> {
    return this.repo.photoIdsOf(itemId);
  }

  /** The distinct photo ids these items show, in a few reads whatever their number. */
  photoIdsOfItems(itemIds: string[]): Promise<string[]> {
    return new HousekeepingRepository(this.repo.db).photoIdsOf(itemIds);
  }

  /** The items linked to these Vinted listing ids, by listing id (the extension's sales and wardrobe matching). */
  async byVintedListingIds(listingIds: string[]): Promise<Map<string, string>> {
    return new Map((await this.repo.byVintedListingIds(listingIds)).map((r) => [r.vinted_listing_id, r.id]));
  }

  /** Title, brand, size, status, price and duplicate flags of these items (those that exist), in one read. */
  summaries(ids: string[]): Promise<ItemSummary[]> {
    return this.repo.summaries(ids);
  }

  /** Items the intake flagged as possible duplicates, in these statuses, newest first. */
  flaggedDuplicates(statuses: readonly string[], limit: number): Promise<ItemSummary[]> {
    return this.repo.flaggedDuplicates(statuses, limit);
  }

  /** The first photo of each item that has one. */
  coverPhotoIds(itemIds: string[]): Promise<Map<string, string>> {
    return this.repo.coverPhotoIds(itemIds);
  }

  /**
   * Id, status and `updated_at` of items, a page at a time in (updated_at, id) order after `after` (null: from the
   * start), only those changed since `since` when given: how an index kept beside the stock finds what it missed.
   */
  versions(since: string | null, after: ItemVersion | null, limit: number): Promise<ItemVersion[]> {
    return this.repo.versions(since, after, limit);
  }

  /** The stored row of an item (JSON columns as text, `extra` included), null when there is none. */
  storedRow(id: string): Promise<ItemsTable | null> {
    return this.repo.getRow(id);
  }

  /** The items a drop run on `day` would consider, a batch at a time (what a preview or a dry run computes on). */
  async *autoDropCandidates(day: string, batchSize: number, scope: CandidateScope = 'checked'): AsyncGenerator<AutoDropCandidate[]> {
    for await (const b of new AutoDropsRepository(this.repo.db).candidates(day, batchSize, scope)) {
      yield b.items;
      await yieldToEventLoop();
    }
  }

  /** Items worth the seller's attention, weightiest first (thresholds and weights are the caller's). */
  reviewStock(q: StockReviewQuery): Promise<StockReviewRow[]> {
    return new StockReviewRepository(this.repo.db).review(q);
  }

  /** The dashboard's to-do lists (drafts with fields missing, no price or floor, duplicates, stale listings, sales to ship), each with its count. */
  stockTodo(q: StockTodoQuery): Promise<Record<StockTodoKind, StockTodoList>> {
    return new StockTodoRepository(this.repo.db).todo(q);
  }

  /** Drafts untouched since before `cutoff`, oldest first. */
  staleDraftIds(cutoff: string): Promise<string[]> {
    return new HousekeepingRepository(this.repo.db).staleDraftIds(cutoff);
  }

  /** Items of the demo photoset (all, or the first `limit`). */
  demoItemIds(limit?: number): Promise<string[]> {
    return new HousekeepingRepository(this.repo.db).demoItemIds(limit);
  }

  /** The item, or null when there is none (for callers to whom absence is an answer, not an error). */
  find(id: string): Promise<Item | null> {
    return this.repo.get(id);
  }

  /** Drafts the seller opted in for publication on Vinted, oldest first: the publish queue's line. */
  publishLine(): Promise<PublishLineItem[]> {
    return new PublishLineRepository(this.repo.db).optedInDrafts();
  }

  /** The same summary (id, title, status, publish_ready, created_at, updated_at) of these items, those that exist. */
  publishLineItems(ids: string[]): Promise<PublishLineItem[]> {
    return new PublishLineRepository(this.repo.db).byIds(ids);
  }

  /** Listed items whose Vinted listing still shows an older price (the publish queue updates them), oldest change first. */
  pendingVintedPrices(limit = 50): Promise<VintedPriceChange[]> {
    return new PublishLineRepository(this.repo.db).pendingVintedPrices(limit);
  }

  /** Items that have a Vinted listing, most recently listed first (GET /vinted/listings). */
  onVinted(limit = 200, status?: string): Promise<OnVintedItem[]> {
    return new PublishLineRepository(this.repo.db).onVinted(limit, status);
  }

  /** How many items there are (of one status, or all). */
  countItems(status?: string): Promise<number> {
    return this.repo.count({ status }).then((c) => c.n);
  }

  /** Which of these ids are items (a few hundred ids per call). */
  existingIds(ids: string[]): Promise<string[]> {
    return this.repo.existingIds(ids);
  }

  /** The stock (or one status) in creation order, a batch at a time, each row with its photo ids: CSV and PDF exports. */
  exportRows(opts: { status?: string; batch?: number } = {}): AsyncGenerator<ExportRow[]> {
    return new StockFilesRepository(this.repo.db).exportRows(opts);
  }

  /** Every row of a stock table as stored, in key order, a batch at a time: a backup. */
  backupRows(table: StockTable, batch?: number): AsyncGenerator<Record<string, unknown>[]> {
    return new StockFilesRepository(this.repo.db).tableRows(table, batch);
  }

  private dropPlanner: DropPlanner | null = null;

  /** The pricing module hands over, once at start, how it decides each item's automatic drop (listings cannot import pricing). */
  planDropsWith(planner: DropPlanner): void {
    this.dropPlanner = planner;
  }

  /** These items with their `auto_drop_plan` (as they are when no planner was handed over). */
  async withDropPlans(items: Item[]): Promise<Item[]> {
    if (!this.dropPlanner || items.length === 0) return items;
    const plans = await this.dropPlanner(items);
    return items.map((item, i) => ({ ...item, auto_drop_plan: plans[i] }));
  }
}
