import type { Transaction } from 'kysely';
import type { Database } from '../../platform/db/schema.ts';

// One truth for the numbers: every sale is an order. The stock can make an item sold by itself (PATCH or PUT with
// status sold, a create or an import of a sold item); the sales ledger (modules/orders) registers this hook so those
// writes record their order in the same transaction. Listings knows the interface, never the orders module.

/** A sale the stock made, as the ledger records it (cents, ISO 8601). */
export interface StockSale {
  item_id: string;
  sold_price_cents: number | null;
  sold_at: string;
  purchase_cost_cents: number | null;
  /** `import`: a past sale read from a file (recorded completed); `seller`: sold now by an edit (recorded to ship). */
  source: 'seller' | 'import';
}

export interface SaleLedger {
  /** Inside `t`: these items just became sold; each gets its order unless one already stands. */
  recordInside(sales: StockSale[], t: Transaction<Database>): Promise<void>;
  /** Inside `t`: the sold item is back on sale (or a draft); its standing order is cancelled. */
  cancelInside(itemId: string, t: Transaction<Database>): Promise<void>;
  /** Inside `t`: the sold item's sale price was edited; the standing order takes it. */
  repriceInside(itemId: string, soldPriceCents: number | null, t: Transaction<Database>): Promise<void>;
  /**
   * Inside `t`: the item's purchase cost was entered; its standing order takes it if that order's cost is unknown (a
   * known cost is the one of the sale and stays).
   */
  costInside(itemId: string, purchaseCostCents: number, t: Transaction<Database>): Promise<void>;
}
