import { AppError, badRequest, conflict, notFound } from '../../platform/errors.ts';
import type { EventBus } from '../../platform/events.ts';
import { toCents } from '../../platform/money.ts';
import { newId, nowIso } from '../../platform/time.ts';
import type { Item, ListingsService } from '../listings/index.ts';
import { csvCell, isUniqueViolation, toOrder, validOrThrow } from './order-mapper.ts';
import { assertOrderTransition, CLOSED_STATUSES, type OrderStatus, STAMP_OF } from './order-status.ts';
import type { OrderFilters, OrdersRepository } from './orders.repository.ts';
import {
  type ListOrdersQuery, type Order, type OrderFiltersQuery, PatchOrderSchema, type PatchOrderInput, RecordSaleSchema, type RecordSaleInput,
} from './orders.schemas.ts';
import type { OrdersTable } from './orders.tables.ts';

type StockChange = { item: Item; changed: string[]; statusChange: { from: string; to: string } | null } | null;

/**
 * The sales ledger. Recording a sale writes the order and marks the item sold in one transaction (nothing
 * half-written); cancelling or returning it puts the item back on sale. Listings knows nothing of orders: this
 * module asks it to sell and unsell items inside its transaction.
 */
export class OrdersService {
  constructor(
    private readonly repo: OrdersRepository,
    private readonly listings: ListingsService,
    private readonly events: EventBus,
  ) {}

  /**
   * Records a sale: idempotent on (platform, external_id) (the same report twice answers the first order, `created:
   * false`), one standing order per item (a second is 409 `order_exists`), the item marked sold at that price and
   * date. The browser extension calls it with `{ item_id, sale_price, sold_at, buyer_name, platform, source:
   * 'extension', external_id }`.
   */
  async recordSale(given: RecordSaleInput): Promise<{ order: Order; created: boolean }> {
    const input = validOrThrow(RecordSaleSchema, given, 'order');
    const platform = input.platform ?? 'vinted';
    const known = await this.known(platform, input.external_id ?? null, input.item_id);
    if (known) return { order: known, created: false };
    let stock: StockChange = null;
    const id = newId();
    try {
      await this.listings.transaction(async (t) => {
        const ot = this.repo.trx(t);
        const open = await this.repo.openFor(input.item_id, ot);
        if (open) throw conflict('order_exists', 'This item already has an order; cancel it before recording another sale', { params: { item_id: input.item_id }, order_id: open.id });
        const soldAt = input.sold_at ?? nowIso();
        const sold = await this.listings.sellInside(input.item_id, { price: input.sale_price ?? null, sold_at: soldAt }, t);
        stock = sold;
        const at = nowIso();
        const row: OrdersTable = {
          id, item_id: input.item_id, status: 'sold', platform, source: input.source ?? 'seller', external_id: input.external_id ?? null,
          sale_price_cents: input.sale_price !== undefined ? toCents(input.sale_price) : toCents(sold.item.sold_price ?? 0),
          fees_cents: toCents(input.fees ?? 0), shipping_cents: toCents(input.shipping_cost ?? 0), packaging_cents: toCents(input.packaging_cost ?? 0),
          // No purchase cost on the item: the cost is unknown (no margin) until the seller enters one, not 0.
          cost_cents: sold.purchaseCostCents ?? 0, cost_known: sold.purchaseCostCents === null ? 0 : 1,
          buyer_name: input.buyer_name ?? null, carrier: input.carrier ?? null, tracking_number: input.tracking_number ?? null,
          sold_at: soldAt, shipped_at: null, delivered_at: null, completed_at: null, closed_at: null, created_at: at, updated_at: at,
        };
        await this.repo.insert(row, ot);
      });
    } catch (e) {
      if (!isUniqueViolation(e)) throw e;
      // Another write recorded it between our check and our insert: the same answers as if it had come first.
      const again = await this.known(platform, input.external_id ?? null, input.item_id);
      if (again) return { order: again, created: false };
      throw conflict('order_exists', 'This item already has an order; cancel it before recording another sale', { params: { item_id: input.item_id } });
    }
    this.afterStock(stock);
    const order = await this.get(id);
    this.events.emit('order.recorded', { order_id: id, item_id: order.item_id, sale_price: order.sale_price, platform, source: order.source });
    return { order, created: true };
  }

  /** The order already recorded for this (platform, external_id), or null; 409 when that id belongs to another item's sale. */
  private async known(platform: string, externalId: string | null, itemId: string): Promise<Order | null> {
    if (!externalId) return null;
    const row = await this.repo.byExternal(platform, externalId);
    if (!row) return null;
    if (row.item_id !== itemId) {
      throw conflict('external_id_conflict', `The ${platform} sale ${externalId} is already recorded for another item`, { params: { platform, external_id: externalId }, order_id: row.id });
    }
    return toOrder(row);
  }

  /** POST /listings/{id}/sold: the seller's "sold" button, recorded as an order (an item already sold is 409 item_already_sold). */
  async sellFromListing(itemId: string, soldPrice?: number | null) {
    const before = await this.listings.get(itemId);
    if (before.status === 'sold') throw conflict('item_already_sold', 'The item is already sold: change its sale price with PATCH /listings/{id} (sold_price)', { id: itemId });
    const given = soldPrice !== undefined && soldPrice !== null;
    const { order } = await this.recordSale({ item_id: itemId, ...(given ? { sale_price: soldPrice } : {}) });
    const item = await this.listings.get(itemId);
    return { item, order, sold_price_from: given ? 'given' as const : item.sold_price !== null ? 'listing_price' as const : 'none' as const };
  }

  async get(id: string): Promise<Order> {
    const row = await this.repo.get(id);
    if (!row) throw notFound('order_not_found', `No order with id ${id}`, { params: { id } });
    return toOrder(row);
  }

  /** A change of status (checked against the life cycle), of amounts, buyer or tracking; a cancel or return puts the item back on sale. */
  async patch(id: string, given: PatchOrderInput): Promise<Order> {
    const input = validOrThrow(PatchOrderSchema, given, 'order');
    let stock: StockChange = null;
    let moved: { from: OrderStatus; to: OrderStatus; itemId: string } | null = null;
    await this.listings.transaction(async (t) => {
      const ot = this.repo.trx(t);
      const row = await this.repo.get(id, ot);
      if (!row) throw notFound('order_not_found', `No order with id ${id}`, { params: { id } });
      const from = row.status as OrderStatus;
      const to = input.status ?? from;
      assertOrderTransition(from, to);
      const closed = CLOSED_STATUSES.includes(from);
      if (closed && (input.sale_price !== undefined || input.sold_at !== undefined)) {
        throw new AppError(409, 'order_closed', `A ${from} order's sale can no longer change`, { params: { status: from } });
      }
      const at = nowIso();
      const patch: Partial<OrdersTable> = { updated_at: at };
      if (input.sale_price !== undefined) patch.sale_price_cents = toCents(input.sale_price);
      if (input.sold_at !== undefined) patch.sold_at = input.sold_at;
      if (input.platform !== undefined) patch.platform = input.platform;
      if (input.buyer_name !== undefined) patch.buyer_name = input.buyer_name;
      if (input.fees !== undefined) patch.fees_cents = toCents(input.fees);
      if (input.shipping_cost !== undefined) patch.shipping_cents = toCents(input.shipping_cost);
      if (input.packaging_cost !== undefined) patch.packaging_cents = toCents(input.packaging_cost);
      // A cost entered afterwards (0 is a real cost: a gift); null makes it unknown again.
      if (input.cost !== undefined) Object.assign(patch, { cost_cents: input.cost === null ? 0 : toCents(input.cost), cost_known: input.cost === null ? 0 : 1 });
      if (input.carrier !== undefined) patch.carrier = input.carrier;
      if (input.tracking_number !== undefined) patch.tracking_number = input.tracking_number;
      if (to !== from) {
        patch.status = to;
        const stamp = STAMP_OF[to];
        if (stamp) patch[stamp] = at;
        moved = { from, to, itemId: row.item_id };
      }
      if (CLOSED_STATUSES.includes(to) && !closed) {
        stock = await this.listings.unsellInside(row.item_id, `order_${to}`, t);
      } else if ((input.sale_price !== undefined || input.sold_at !== undefined) && row.item_status === 'sold') {
        // The item shows the sale as the ledger has it.
        stock = await this.listings.sellInside(row.item_id, { price: input.sale_price ?? row.sale_price_cents / 100, sold_at: input.sold_at ?? row.sold_at }, t);
      }
      await this.repo.update(id, patch, ot);
    });
    this.afterStock(stock);
    const order = await this.get(id);
    const m = moved as { from: OrderStatus; to: OrderStatus; itemId: string } | null;
    if (m) {
      this.events.emit('order.status_changed', { order_id: id, item_id: m.itemId, from: m.from, to: m.to });
      if (m.to === 'shipped') this.events.emit('order.shipped', { order_id: id, item_id: m.itemId, carrier: order.carrier, tracking_number: order.tracking_number });
    }
    return order;
  }

  async list(q: ListOrdersQuery): Promise<{ orders: Order[]; next_cursor: string | null }> {
    const cursor = q.cursor ? decodeCursor(q.cursor) : null;
    const { rows, next } = await this.repo.page(filtersOf(q), q.limit, cursor);
    return { orders: rows.map(toOrder), next_cursor: next ? Buffer.from(JSON.stringify([next.sold_at, next.id])).toString('base64url') : null };
  }

  /** Sold, not yet shipped, oldest sale first, each with its item's SKU and storage location. */
  async toShip(limit = 200): Promise<{ orders: Order[]; count: number }> {
    const { rows, count } = await this.repo.toShip(limit);
    return { orders: rows.map(toOrder), count };
  }

  /** The ledger as CSV lines (header first), oldest sale first, a batch at a time. Amounts in euros with a dot. */
  async *csv(q: OrderFiltersQuery): AsyncGenerator<string> {
    const cols: [string, (o: Order) => string | number | null][] = [
      ['order_id', (o) => o.id], ['item_id', (o) => o.item_id], ['sku', (o) => o.item?.sku ?? null], ['title', (o) => o.item?.title ?? null],
      ['status', (o) => o.status], ['platform', (o) => o.platform], ['sold_at', (o) => o.sold_at], ['buyer_name', (o) => o.buyer_name],
      ['sale_price', (o) => o.sale_price.toFixed(2)], ['fees', (o) => o.fees.toFixed(2)], ['shipping_cost', (o) => o.shipping_cost.toFixed(2)],
      ['packaging_cost', (o) => o.packaging_cost.toFixed(2)], ['cost', (o) => o.cost?.toFixed(2) ?? null], ['margin', (o) => o.margin?.toFixed(2) ?? null],
      ['carrier', (o) => o.carrier], ['tracking_number', (o) => o.tracking_number], ['shipped_at', (o) => o.shipped_at],
      ['delivered_at', (o) => o.delivered_at], ['completed_at', (o) => o.completed_at], ['closed_at', (o) => o.closed_at],
      ['source', (o) => o.source], ['external_id', (o) => o.external_id],
    ];
    yield `${cols.map((c) => c[0]).join(',')}\n`;
    for await (const rows of this.repo.stream(filtersOf(q))) {
      yield rows.map((r) => { const o = toOrder(r); return `${cols.map(([, f]) => csvCell(f(o))).join(',')}\n`; }).join('');
    }
  }

  private afterStock(stock: StockChange) {
    if (stock && stock.statusChange) this.listings.emitChange(stock.item, stock.changed, stock.statusChange);
  }
}

function filtersOf(q: OrderFiltersQuery): OrderFilters {
  const nextDay = (d: string) => new Date(Date.parse(`${d}T00:00:00Z`) + 86_400_000).toISOString();
  return { status: q.status, platform: q.platform, fromIso: q.from ? `${q.from}T00:00:00.000Z` : undefined, toIso: q.to ? nextDay(q.to) : undefined };
}

function decodeCursor(s: string): { sold_at: string; id: string } {
  try {
    const [soldAt, id] = JSON.parse(Buffer.from(s, 'base64url').toString('utf8'));
    if (typeof soldAt !== 'string' || typeof id !== 'string' || !/^[\d\-T:.Z]+$/.test(soldAt) || !/^[0-9a-f-]{36}$/.test(id)) throw new Error('shape');
    return { sold_at: soldAt, id };
  } catch {
    throw badRequest('invalid_cursor', 'The cursor is invalid');
  }
}
