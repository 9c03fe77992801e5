import type { Transaction } from 'kysely';
import type { Database } from '../../platform/db/schema.ts';
import { newId, nowIso } from '../../platform/time.ts';
import type { SaleLedger, StockSale } from '../listings/index.ts';
import type { OrdersRepository } from './orders.repository.ts';

/**
 * The ledger's side of the stock's own sales (listings calls it inside its transaction): an edit, a create or an
 * import that makes an item sold records its order, so every figure counts orders and nothing else. A sale read from
 * a file is a past one (completed, out of the to-ship list); one made by an edit is to ship.
 */
export class StockSalesLedger implements SaleLedger {
  constructor(private readonly repo: OrdersRepository) {}

  async recordInside(sales: StockSale[], t: Transaction<Database>): Promise<void> {
    const ot = this.repo.trx(t);
    for (let i = 0; i < sales.length; i += 500) {
      const batch = sales.slice(i, i + 500);
      const standing = await this.repo.openItemIds(batch.map((s) => s.item_id), ot);
      const at = nowIso();
      const rows = batch.filter((s) => !standing.has(s.item_id)).map((s) => {
        const past = s.source === 'import';
        return {
          id: newId(), item_id: s.item_id, status: past ? 'completed' : 'sold', platform: 'vinted', source: s.source, external_id: null,
          sale_price_cents: s.sold_price_cents ?? 0, fees_cents: 0, shipping_cents: 0, packaging_cents: 0, cost_cents: s.purchase_cost_cents ?? 0,
          cost_known: s.purchase_cost_cents === null ? 0 : 1,
          buyer_name: null, carrier: null, tracking_number: null, sold_at: s.sold_at, shipped_at: null, delivered_at: null,
          completed_at: past ? s.sold_at : null, closed_at: null, created_at: at, updated_at: at,
        };
      });
      await this.repo.insertMany(rows, ot);
    }
  }

  async cancelInside(itemId: string, t: Transaction<Database>): Promise<void> {
    const ot = this.repo.trx(t);
    const open = await this.repo.openFor(itemId, ot);
    const at = nowIso();
    if (open) await this.repo.update(open.id, { status: 'cancelled', closed_at: at, updated_at: at }, ot);
  }

  async repriceInside(itemId: string, soldPriceCents: number | null, t: Transaction<Database>): Promise<void> {
    const ot = this.repo.trx(t);
    const open = await this.repo.openFor(itemId, ot);
    if (open) await this.repo.update(open.id, { sale_price_cents: soldPriceCents ?? 0, updated_at: nowIso() }, ot);
  }

  async costInside(itemId: string, purchaseCostCents: number, t: Transaction<Database>): Promise<void> {
    const ot = this.repo.trx(t);
    const open = await this.repo.openFor(itemId, ot);
    if (open && open.cost_known === 0) await this.repo.update(open.id, { cost_cents: purchaseCostCents, cost_known: 1, updated_at: nowIso() }, ot);
  }
}
