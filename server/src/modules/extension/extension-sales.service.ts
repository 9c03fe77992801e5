import { AppError } from '../../platform/errors.ts';
import type { ListingsService } from '../listings/index.ts';
import type { OrdersService, OrderStatus } from '../orders/index.ts';

// Sales brought back by the extension from the seller's own "sold" orders page: each sale the page shows (the
// Vinted listing id, the price, the date, the buyer's public name, the shipping step when shown) becomes an order
// on the stock item linked to that listing, which is then sold. Reporting the same page again changes nothing:
// the orders ledger answers the order it already has for the same Vinted sale (platform + external id).

export type ShippingStep = 'to_ship' | 'shipped' | 'delivered' | 'completed';

export interface SaleSeen {
  listing_id: string;
  /** Vinted's id of the sale (the transaction), when the page shows it; the listing id stands in otherwise. */
  sale_id: string | null;
  price: number;
  sold_at: string;
  buyer: string | null;
  shipping: ShippingStep | null;
}

export interface SaleResult { listing_id: string; ok: boolean; item_id?: string; order_id?: string; created?: boolean; error?: string }

/** The order status a shipping step the page shows stands for. */
const STATUS_OF: Record<ShippingStep, OrderStatus> = { to_ship: 'sold', shipped: 'shipped', delivered: 'delivered', completed: 'completed' };
const FORWARD: OrderStatus[] = ['sold', 'shipped', 'delivered', 'completed'];

export class ExtensionSalesService {
  constructor(private readonly listings: ListingsService, private readonly orders: OrdersService) {}

  /** One result per sale: a sale of a listing not in the stock is reported back, never guessed onto another item. */
  async report(sales: SaleSeen[]): Promise<SaleResult[]> {
    const linked = await this.listings.byVintedListingIds([...new Set(sales.map((s) => s.listing_id))]);
    const out: SaleResult[] = [];
    for (const s of sales) {
      const itemId = linked.get(s.listing_id);
      if (!itemId) {
        out.push({ listing_id: s.listing_id, ok: false, error: 'listing_not_in_stock' });
        continue;
      }
      try {
        const { order, created } = await this.orders.recordSale({
          item_id: itemId, sale_price: s.price, sold_at: s.sold_at, buyer_name: s.buyer,
          platform: 'vinted', source: 'extension', external_id: s.sale_id ?? `listing-${s.listing_id}`,
        });
        const orderId = await this.follow(order.id, order.status as OrderStatus, s.shipping);
        out.push({ listing_id: s.listing_id, ok: true, item_id: itemId, order_id: orderId, created });
      } catch (e) {
        if (!(e instanceof AppError) || e.status >= 500) throw e;
        out.push({ listing_id: s.listing_id, ok: false, item_id: itemId, error: e.code });
      }
    }
    return out;
  }

  /** Moves the order forward, one step at a time, to the shipping step Vinted shows; never backwards. */
  private async follow(orderId: string, status: OrderStatus, shipping: ShippingStep | null): Promise<string> {
    if (!shipping || !FORWARD.includes(status)) return orderId;
    const target = FORWARD.indexOf(STATUS_OF[shipping]);
    for (let i = FORWARD.indexOf(status) + 1; i <= target; i++) await this.orders.patch(orderId, { status: FORWARD[i] });
    return orderId;
  }
}
