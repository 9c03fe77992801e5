import { AppError } from '../../platform/errors.ts';

// An order's life: sold → shipped → delivered → completed, or cancelled / returned on the way (both put the item
// back on sale and take the sale out of the figures). Pure rules, no I/O.
export const ORDER_STATUSES = ['sold', 'shipped', 'delivered', 'completed', 'cancelled', 'returned'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];
/** Statuses of a sale that stands (counted in the figures; one per item at most). */
export const OPEN_STATUSES: readonly OrderStatus[] = ['sold', 'shipped', 'delivered', 'completed'];
export const CLOSED_STATUSES: readonly OrderStatus[] = ['cancelled', 'returned'];
const FORWARD: readonly OrderStatus[] = ['sold', 'shipped', 'delivered', 'completed'];

export const ORDER_TRANSITIONS: Record<OrderStatus, readonly OrderStatus[]> = {
  sold: ['shipped', 'cancelled'],
  shipped: ['delivered', 'returned', 'cancelled'],
  delivered: ['completed', 'returned'],
  completed: ['returned'],
  cancelled: [],
  returned: [],
};

/** The stamp a status sets on entry. */
export const STAMP_OF: Partial<Record<OrderStatus, 'shipped_at' | 'delivered_at' | 'completed_at' | 'closed_at'>> = {
  shipped: 'shipped_at', delivered: 'delivered_at', completed: 'completed_at', cancelled: 'closed_at', returned: 'closed_at',
};

/**
 * Refuses a change the life cycle does not allow: a step skipped forward (delivered before shipped) is
 * `order_status_jump`, anything else (back to sold, out of cancelled) `invalid_order_transition`; both 409.
 */
export function assertOrderTransition(from: OrderStatus, to: OrderStatus): void {
  if (from === to || ORDER_TRANSITIONS[from].includes(to)) return;
  const params = { from, to, allowed: [...ORDER_TRANSITIONS[from]] };
  if (FORWARD.includes(from) && FORWARD.indexOf(to) > FORWARD.indexOf(from) + 1) {
    const missing = FORWARD.slice(FORWARD.indexOf(from) + 1, FORWARD.indexOf(to));
    throw new AppError(409, 'order_status_jump', `An order goes ${FORWARD.join(' → ')}: ${to} comes after ${missing.join(', ')}`, { params: { ...params, missing } });
  }
  throw new AppError(409, 'invalid_order_transition', `An order cannot go from ${from} to ${to}`, { params });
}
