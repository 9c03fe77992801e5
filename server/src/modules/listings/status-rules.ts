// The stock's life cycle. A sold item can go back on sale (a cancelled sale); an archived one can return.
export const STATUSES = ['draft', 'listed', 'sold', 'archived'] as const;
export type ItemStatus = (typeof STATUSES)[number];

export const TRANSITIONS: Record<ItemStatus, readonly ItemStatus[]> = {
  draft: ['listed', 'archived'],
  listed: ['sold', 'archived', 'draft'],
  sold: ['listed', 'archived'],
  archived: ['draft', 'listed'],
};

export const canTransition = (from: ItemStatus, to: ItemStatus) => from === to || TRANSITIONS[from].includes(to);

export interface StatusStamps {
  listed_at: string | null;
  sold_at: string | null;
  sold_price_cents: number | null;
  archived_at: string | null;
}

/** The time stamps after a change of status: entering a state stamps it, leaving sold or archived clears it. */
export function stampTransition(from: ItemStatus, to: ItemStatus, s: StatusStamps, at: string, soldPriceCents: number | null): StatusStamps {
  if (from === to) return s;
  const next = { ...s };
  if (to === 'listed') next.listed_at = at;
  if (to === 'sold') {
    next.sold_at = at;
    next.sold_price_cents = soldPriceCents;
  }
  if (to === 'archived') next.archived_at = at;
  if (from === 'sold' && to !== 'archived') {
    next.sold_at = null;
    next.sold_price_cents = null;
  }
  if (from === 'archived') next.archived_at = null;
  return next;
}
