import type { z } from 'zod';
import { AppError } from '../../platform/errors.ts';
import { describeIssue } from '../../platform/http/issues.ts';
import { toEuros } from '../../platform/money.ts';
import type { OrderRow } from './orders.repository.ts';
import type { Order } from './orders.schemas.ts';

/** A stored order (cents) as the API answers it (euros), with its margin: none while the purchase cost is unknown. */
export function toOrder(r: OrderRow): Order {
  const known = r.cost_known !== 0;
  const margin = r.sale_price_cents - r.cost_cents - r.fees_cents - r.shipping_cents - r.packaging_cents;
  return {
    id: r.id, item_id: r.item_id,
    item: r.item_title === null ? null : { title: r.item_title, sku: r.item_sku, storage_location: r.item_location, status: r.item_status ?? 'draft' },
    status: r.status as Order['status'], platform: r.platform, source: r.source as Order['source'], external_id: r.external_id,
    sale_price: toEuros(r.sale_price_cents), fees: toEuros(r.fees_cents), shipping_cost: toEuros(r.shipping_cents),
    packaging_cost: toEuros(r.packaging_cents), cost: known ? toEuros(r.cost_cents) : null, margin: known ? toEuros(margin) : null,
    buyer_name: r.buyer_name, carrier: r.carrier, tracking_number: r.tracking_number,
    sold_at: r.sold_at, shipped_at: r.shipped_at, delivered_at: r.delivered_at, completed_at: r.completed_at, closed_at: r.closed_at,
    created_at: r.created_at, updated_at: r.updated_at,
  };
}

/**
 * The input as the API's schema takes it, or a 400 `validation_failed` naming each problem (the request validation's
 * shape): the extension and other modules calling the service get the same checks as a request.
 */
export function validOrThrow<S extends z.ZodType>(schema: S, input: unknown, where: string): z.infer<S> {
  const r = schema.safeParse(input);
  if (r.success) return r.data;
  const issues = r.error.issues.map((i) => describeIssue(i as unknown as Record<string, unknown>));
  throw new AppError(400, 'validation_failed', `Invalid ${where}: ${issues.slice(0, 5).map((i) => `${i.path} ${i.message}`).join('; ')}`, {
    issues, params: { where, count: issues.length },
  });
}

/** A unique index refused the row (SQLite or PostgreSQL): another write got there first. */
export const isUniqueViolation = (e: unknown) => {
  const code = (e as { code?: unknown })?.code;
  return code === 'SQLITE_CONSTRAINT_UNIQUE' || code === '23505';
};

/** One CSV cell: quoted when needed, and a leading = + - @ defused so a spreadsheet does not run it as a formula. */
export function csvCell(v: string | number | null): string {
  if (v === null) return '';
  let s = String(v);
  if (typeof v === 'string' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\n\r;]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
