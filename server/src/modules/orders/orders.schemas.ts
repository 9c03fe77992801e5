import { z } from 'zod';
import { calendarDay } from '../../platform/calendar-day.ts';
import { cleanLine } from '../../platform/text.ts';
import { costEuros, pastInstant } from '../listings/index.ts';
import { ORDER_STATUSES } from './order-status.ts';

// Request and answer shapes of the sales ledger. Amounts in euros (two decimals), times ISO 8601 UTC.
const line = (max: number) => z.string().overwrite(cleanLine).trim().max(max);
export const OrderStatusSchema = z.enum(ORDER_STATUSES);
export const ORDER_SOURCES = ['seller', 'extension', 'import'] as const;

const optionalFields = {
  buyer_name: line(100).nullable().optional().describe("The buyer's public name on the platform"),
  fees: costEuros().optional().describe('Fees the seller pays (0 on Vinted: the buyer pays the protection)'),
  shipping_cost: costEuros().optional().describe('Shipping the seller pays (0 on Vinted: the buyer pays it)'),
  packaging_cost: costEuros().optional(),
  carrier: line(60).nullable().optional(),
  tracking_number: line(100).nullable().optional(),
};

export const RecordSaleSchema = z.object({
  item_id: z.string().uuid('not a valid item id'),
  sale_price: costEuros().optional().describe('What the buyer paid for the item (euros); the listing price when not sent'),
  sold_at: pastInstant().optional().describe('When it sold (ISO 8601, or a day); now when not sent; never in the future'),
  platform: line(40).min(1).transform((v) => v.toLowerCase()).optional().describe('vinted by default; any other platform as free text'),
  source: z.enum(ORDER_SOURCES).optional().describe('Who recorded it: the seller (default), the browser extension, an import'),
  external_id: line(100).min(1).nullable().optional().describe("The platform's id of the sale: a second report of it answers the same order"),
  ...optionalFields,
}).strict().meta({ id: 'RecordSale', example: { item_id: '0190f7b4-6a2e-7c1d-9f00-2b6d3c4e5f60', sale_price: 22, buyer_name: 'marie_l', fees: 0 } });

export const PatchOrderSchema = z.object({
  status: OrderStatusSchema.optional(),
  sale_price: costEuros().optional(),
  sold_at: pastInstant().optional(),
  platform: line(40).min(1).transform((v) => v.toLowerCase()).optional(),
  cost: costEuros().nullable().optional()
    .describe("The item's purchase cost for this sale (euros), entered afterwards when it was unknown; 0 is a known cost (a gift); null makes it unknown"),
  ...optionalFields,
}).strict()
  .refine((o) => Object.keys(o).length > 0, { message: 'the body changes nothing', params: { code: 'nothing_to_change' } })
  .meta({ example: { status: 'shipped', carrier: 'Mondial Relay', tracking_number: 'MR123456' } });

export const OrderSchema = z.object({
  id: z.string(),
  item_id: z.string(),
  item: z.object({ title: z.string(), sku: z.string().nullable(), storage_location: z.string().nullable(), status: z.string() }).nullable()
    .describe('The item sold (null when it was deleted since)'),
  status: OrderStatusSchema,
  platform: z.string(),
  source: z.enum(ORDER_SOURCES),
  external_id: z.string().nullable(),
  sale_price: z.number(),
  fees: z.number(),
  shipping_cost: z.number(),
  packaging_cost: z.number(),
  cost: z.number().nullable()
    .describe("The item's purchase cost when it sold, or as entered on the order since; null: unknown (the item had none), 0 is a known cost"),
  margin: z.number().nullable().describe('sale_price − cost − fees − shipping_cost − packaging_cost; null while the cost is unknown'),
  buyer_name: z.string().nullable(),
  carrier: z.string().nullable(),
  tracking_number: z.string().nullable(),
  sold_at: z.string(),
  shipped_at: z.string().nullable(),
  delivered_at: z.string().nullable(),
  completed_at: z.string().nullable(),
  closed_at: z.string().nullable().describe('When it was cancelled or returned'),
  created_at: z.string(),
  updated_at: z.string(),
}).meta({ id: 'Order' });

const day = calendarDay();
const ListOrdersBase = z.object({
  status: OrderStatusSchema.optional(),
  platform: line(40).min(1).transform((v) => v.toLowerCase()).optional(),
  from: day.optional().describe('Sold on or after this day (UTC)'),
  to: day.optional().describe('Sold on or before this day (UTC)'),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(500).optional(),
});
const fromBeforeTo = (q: { from?: string; to?: string }) => !q.from || !q.to || q.from <= q.to;
const fromAfterTo = () => ({ message: 'from must not be after to', path: ['from'], params: { code: 'from_after_to' } });
export const ListOrdersQuerySchema = ListOrdersBase.refine(fromBeforeTo, fromAfterTo());
export const ExportOrdersQuerySchema = ListOrdersBase.omit({ limit: true, cursor: true }).refine(fromBeforeTo, fromAfterTo());

export const OrderPageSchema = z.object({ orders: z.array(OrderSchema), next_cursor: z.string().nullable() });
export const ToShipSchema = z.object({ orders: z.array(OrderSchema), count: z.number() }).meta({ id: 'ToShip' });
export const RecordedSchema = z.object({ order: OrderSchema, created: z.boolean().describe('false: this sale (platform, external_id) was already recorded') });
export const OrderIdParamSchema = z.object({ id: z.string().uuid('not a valid order id') });

export type RecordSaleInput = z.input<typeof RecordSaleSchema>;
export type PatchOrderInput = z.input<typeof PatchOrderSchema>;
export type Order = z.infer<typeof OrderSchema>;
export type ListOrdersQuery = z.infer<typeof ListOrdersQuerySchema>;
export type OrderFiltersQuery = z.infer<typeof ExportOrdersQuerySchema>;
