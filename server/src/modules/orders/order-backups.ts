import type { Transaction } from 'kysely';
import type { Database } from '../../platform/db/schema.ts';
import type { StockSale } from '../listings/index.ts';
import type { OrdersRepository } from './orders.repository.ts';
import type { OrdersTable } from './orders.tables.ts';
import type { StockSalesLedger } from './stock-sales.ts';

/** An order as a backup carries it: `cost_known` is missing from backups made before migration 0032. */
export type BackupOrderRow = Omit<OrdersTable, 'cost_known'> & { cost_known?: number };

/**
 * The sales ledger's part of a full backup and its restore (modules/files drives them; this module owns the table).
 * Rows travel as stored (cents, ISO times). A restore writes inside the stock's transaction, so items and their
 * orders come back together or not at all.
 */
export class OrderBackups {
  constructor(
    private readonly repo: OrdersRepository,
    private readonly ledger: StockSalesLedger,
  ) {}

  /** Every order as stored, a batch at a time. */
  rows(batch: number): AsyncGenerator<OrdersTable[]> {
    return this.repo.allRows(batch);
  }

  /** Inside `t`: every order removed (the restore replaces the stock). */
  removeAllInside(t: Transaction<Database>): Promise<void> {
    return this.repo.deleteAll(this.repo.trx(t));
  }

  /**
   * Inside `t`: the backup's orders written, except those already here (same id) and an open one for an item that
   * already has an open order (at most one sale stands per item). Answers how many were written.
   */
  async restoreInside(rows: BackupOrderRow[], t: Transaction<Database>): Promise<number> {
    const ot = this.repo.trx(t);
    const present = await this.repo.existingIds(rows.map((r) => r.id), ot);
    const open = await this.repo.openItemIds(rows.map((r) => r.item_id), ot);
    const fresh = rows.filter((r) => !present.has(r.id) && !(open.has(r.item_id) && !['cancelled', 'returned'].includes(r.status)));
    await this.repo.insertMany(fresh.map((r) => ({ ...r, cost_known: r.cost_known ?? 1 })), ot);
    // A backup from before the cost could be unknown stored 0 for a missing one: its restored items (already written
    // in `t`) decide, as migration 0032 decided for the orders that were here.
    await this.repo.settleUnflaggedCosts(fresh.filter((r) => r.cost_known === undefined).map((r) => r.id), ot);
    return fresh.length;
  }

  /**
   * Inside `t`: restored sold items with no standing order (a backup made before the ledger existed) get a past,
   * completed one, as the migration gave items sold before it: every sale the figures count is an order.
   */
  recordPastSalesInside(sales: StockSale[], t: Transaction<Database>): Promise<void> {
    return this.ledger.recordInside(sales.map((s) => ({ ...s, source: 'import' })), t);
  }
}
