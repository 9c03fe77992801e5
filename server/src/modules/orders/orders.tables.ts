import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../platform/db/schema.ts';

// The sales ledger's table (migration 0010). Money in integer cents, times ISO 8601 UTC.
export interface OrdersTable {
  id: string;
  item_id: string;
  status: string;
  platform: string;
  source: string;
  external_id: string | null;
  sale_price_cents: number;
  fees_cents: number;
  shipping_cents: number;
  packaging_cents: number;
  /** The item's purchase cost when it sold (a copy: a past margin does not move when the item is edited later); 0 while unknown. */
  cost_cents: number;
  /** 1: `cost_cents` is the cost (0 is a real cost, a gift); 0: the cost is unknown, the order has no margin (migration 0032). */
  cost_known: number;
  buyer_name: string | null;
  carrier: string | null;
  tracking_number: string | null;
  sold_at: string;
  shipped_at: string | null;
  delivered_at: string | null;
  completed_at: string | null;
  /** When it was cancelled or returned. */
  closed_at: string | null;
  created_at: string;
  updated_at: string;
}

export type OrdersTables = { orders: OrdersTable };
export type OrdersDb = Kysely<Database & OrdersTables>;
export const ordersDb = (db: Kysely<Database>): OrdersDb => db.withTables<OrdersTables>();
export const ordersTrx = (t: Transaction<Database>): Transaction<Database & OrdersTables> => t.withTables<OrdersTables>();
