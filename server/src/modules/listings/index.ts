// The stock: items, their statuses, price history and edits. Owns the `items` and `price_history` tables.
//
// Public surface: everything another module or the app may use is exported here, nothing else is imported from
// this folder from outside it.
import type { Platform } from '../../platform/platform.ts';
import { listingsOwnerData } from './listings-owner-data.repository.ts';
import { defineModule } from '../../platform/modules/module.ts';
import { ListingsRepository } from './listings.repository.ts';
import { listingsRoutes } from './listings.routes.ts';
import { ListingsService } from './listings.service.ts';
import { PhotoUsageRepository } from './photo-usage.repository.ts';

export { ListingsService } from './listings.service.ts';
export type { PhotoUsageRepository } from './photo-usage.repository.ts';
export type { AutoDropCandidate, AutoDropChange, CandidateScope, ItemDropColumns } from './auto-drops.repository.ts';
export type { StockReviewQuery, StockReviewRow } from './stock-review.repository.ts';
export type { StockTodoKind, StockTodoList, StockTodoQuery, StockTodoRow } from './stock-todo.repository.ts';
export { ItemSchema } from './listings.schemas.ts';
// What the automatic drop will do with an item: pricing decides it and hands its planner over (planDropsWith).
export { DROP_PLAN_REASONS, type DropPlan, type DropPlanReason } from './drop-plans.ts';
export type { DropPlanner } from './stock-reads.ts';
export { STATUSES } from './status-rules.ts';
export { photoUrls, vintedPricePending } from './item-mapper.ts';
export type { ItemSummary, ItemVersion } from './listings.repository.ts';
export type { OnVintedItem, PublishLineItem, VintedPriceChange } from './publish-line.repository.ts';
export {
  ColourWordSchema, ConditionSchema, type CreateItemInput, DuplicateRefSchema, GenderSchema, GenderWordSchema, IdParamSchema, type Item,
  PhotoRefSchema, vocabularyWord,
} from './listings.schemas.ts';
export { findMarketingPhrases } from './marketing-phrases.ts';
// For the imports and exports (modules/files): the item schema their codecs reuse, the status rules, what a row carries.
export { CreateItemSchema, type PatchItemInput, PatchItemSchema, StatusSchema } from './listings.schemas.ts';
export { canTransition, type ItemStatus } from './status-rules.ts';
// One validation for items whatever the path (a restore checks each stored row); the text rule for seller text fields.
export { type ItemProblem, storedItemProblems } from './item-rules.ts';
export { sellerLine, sellerText } from './listings.schemas.ts';
export type { SystemFields } from './listings.service.ts';
export type { HistoryEntry } from './listings.repository.ts';
export type { ExportItem, ExportRow, StockTable } from './stock-files.repository.ts';
export { evaluateGates, gateWarnings, type GateWarning, HASHTAGS_MAX, HASHTAGS_MIN, type MissingField, PHOTOS_ADVISED, TITLE_MAX } from './quality-gates.ts';
export { ConditionWordSchema, LIST_LIMIT_MAX, PAGE_MAX } from './listings.schemas.ts';
// For the sales ledger (modules/orders): the sold route's shapes, and the amount and date rules items and orders share.
export { MarkSoldSchema, SoldAnswerSchema } from './listings.schemas.ts';
export { AMOUNT_MAX_EUROS, costEuros, pastDay, pastInstant } from './reseller-fields.ts';
// The SKU an item gets when none is given: an import's SKU check (modules/files) foresees what the write will store.
export { skuFromId } from './reseller-fields.ts';
export type { SaleLedger, StockSale } from './sale-ledger.ts';
export type { ItemQuota } from './item-writes.ts';
export type { ItemAppraiser, SuggestedPrice } from './reappraisal.ts';

export const listingsModule = defineModule({
  name: 'listings',
  needs: [],
  provides: ['listings', 'photoUsage'],
  create(platform: Platform, _deps: Record<never, never>) {
    const repo = new ListingsRepository(platform.db);
    const listings = new ListingsService(repo, platform.events);
    // Scheduled sweeps run once per owner with items (issue 20).
    platform.scheduler.addOwnerSource(() => repo.owners());
    platform.ownerData.register(listingsOwnerData());
    // photoUsage: which photos only sold or archived items show (the storage lifecycle's question).
    return { services: { listings, photoUsage: new PhotoUsageRepository(platform.db) }, routes: (app) => listingsRoutes(app, listings, { publicUrl: platform.config.PUBLIC_URL }) };
  },
});
