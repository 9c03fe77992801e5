import type { DropPlanReason } from '../../listings/index.ts';

// The arithmetic of automatic price drops, shared by the nightly run, its preview and the simulator, so the three
// can never disagree. Pure functions on integer cents.

/** Vinted's minimum price (shared/VINTED.md): no drop ever goes below it. */
export const VINTED_MIN_CENTS = 100;

/**
 * How a dropped price is rounded:
 * - `cents`: to the nearest cent (50 € at 5 % → 47.50 €);
 * - `ends_9`: up to the nearest price whose last cent is 9 (47.50 → 47.59, 9.50 → 9.59);
 * - `ends_90`: up to the nearest "…,90 €" (47.50 → 47.90, 14.70 → 14.90).
 * The charm roundings go UP from the exact drop, never down: a rounded price never drops more than the seller's
 * rate (rounding down turned 2 %/day into about −1 € a day: 15 € → 13.90 €). When the rate is smaller than a step
 * of the ending (2 % of 14.90 € is 0.30 €, the next ",90" is 1 € lower) the price holds: the simulation shows it.
 */
export const ROUNDING_RULES = ['cents', 'ends_9', 'ends_90'] as const;
export type RoundingRule = (typeof ROUNDING_RULES)[number];

export function roundDropped(rawCents: number, rule: RoundingRule): number {
  // Cents first: 0.95 × 5000 is 4749.999… in binary floating point, and a charm rounding of that must see 4750.
  const cents = Math.round(rawCents);
  if (rule === 'ends_9') return Math.ceil((cents - 9) / 10) * 10 + 9;
  if (rule === 'ends_90') return Math.ceil((cents - 90) / 100) * 100 + 90;
  return cents;
}

export type WithoutFloor = 'min_floor' | 'skip';

/**
 * The lowest price an automatic drop may reach: the item's own floor, else its suggestion's minimum, and never
 * below the seller's minimum floor nor 1 €. `null` when the item has neither and the seller chose to skip those.
 */
export function effectiveFloor(floorCents: number | null, suggestionMinCents: number | null, minFloorCents: number, withoutFloor: WithoutFloor): number | null {
  const own = floorCents ?? suggestionMinCents;
  if (own === null && withoutFloor === 'skip') return null;
  return Math.max(own ?? 0, minFloorCents, VINTED_MIN_CENTS);
}

/** What the drop rules read of an item (cents). */
export interface DropItemFacts {
  status: string;
  price_cents: number | null;
  /** The seller's per-item switch (off: never drops). */
  auto_drop: boolean;
  /** The seller set that switch on this item; otherwise the item follows `drop_by_default`. */
  auto_drop_chosen: boolean;
  floor_cents: number | null;
  suggestion_min_cents: number | null;
  drop_rate: number | null;
}

/** The seller-wide rules the decision reads (the `pricing.drops` settings, floor in cents). */
export interface DropPolicy {
  auto_drop_enabled: boolean;
  drop_by_default: boolean;
  without_floor: WithoutFloor;
  min_floor_cents: number;
  drop_rate: number;
  rounding: RoundingRule;
}


export interface DropPlanFacts {
  /** The next scheduled run lowers it. */
  will_drop: boolean;
  reason: DropPlanReason;
  /** Where automatic drops stop (the item's floor, at least min_floor and 1 €); null without a floor of its own. */
  floor_cents: number | null;
  rate: number;
  /** The price after the next drop; null when it will not drop. */
  next_price_cents: number | null;
}

/** Whether the item takes part in automatic drops at all: switched on by the seller, or following an "on" default. */
export const enrolled = (i: Pick<DropItemFacts, 'auto_drop' | 'auto_drop_chosen'>, p: Pick<DropPolicy, 'drop_by_default'>) =>
  i.auto_drop && (i.auto_drop_chosen || p.drop_by_default);

/**
 * The whole decision for one item: the run, its preview and each item's `auto_drop_plan` read it from here. The
 * reasons come in the order the seller would fix them: not on sale, no price, switched off, not switched on while
 * drops are off by default, no floor of its own, the scheduled drops paused, at its floor, held by the rounding.
 */
export function planDrop(i: DropItemFacts, p: DropPolicy): DropPlanFacts {
  const rate = i.drop_rate ?? p.drop_rate;
  const floor = effectiveFloor(i.floor_cents, i.suggestion_min_cents, p.min_floor_cents, p.without_floor);
  const no = (reason: DropPlanReason): DropPlanFacts => ({ will_drop: false, reason, floor_cents: floor, rate, next_price_cents: null });
  if (i.status !== 'listed') return no('not_listed');
  if (i.price_cents === null) return no('no_price');
  if (!i.auto_drop) return no('switched_off');
  if (!enrolled(i, p)) return no('not_switched_on');
  if (floor === null) return no('no_floor');
  if (!p.auto_drop_enabled) return no('paused');
  const step = nextPrice(i.price_cents, rate, floor, p.rounding);
  if (!step.changed) return no(step.heldByRounding ? 'held_by_rounding' : 'at_floor');
  return { will_drop: true, reason: 'drops', floor_cents: floor, rate, next_price_cents: step.price };
}

export interface DropStep {
  price: number;
  changed: boolean;
  atFloor: boolean;
  /** The rounding kept the price where it was (the rate is smaller than a step of the ending): not the floor. */
  heldByRounding: boolean;
}

/** One day's drop: `price × (1 − rate)`, rounded, clamped at the floor; unchanged when already at or under it. */
export function nextPrice(priceCents: number, rate: number, floorCents: number, rule: RoundingRule): DropStep {
  if (priceCents <= floorCents) return { price: priceCents, changed: false, atFloor: true, heldByRounding: false };
  const rounded = roundDropped(priceCents * (1 - rate), rule);
  const price = Math.min(priceCents, Math.max(floorCents, rounded));
  return { price, changed: price < priceCents, atFloor: price <= floorCents, heldByRounding: price === priceCents };
}

export interface SimulationPoint {
  day: number;
  price: number;
  /** The true drop from the day before, in percent (smaller than the rate on the day the floor clamps). */
  drop_percentage: number;
  at_floor: boolean;
  /** The rounding kept the price (a rate smaller than a step of the ending): it holds until the floor or a new rate. */
  held_by_rounding: boolean;
}

/** The trajectory of a price over `days` daily drops; day 0 is the starting price. Cents in, euros out. */
export function simulateDrops(initialCents: number, floorCents: number, rate: number, days: number, rule: RoundingRule): SimulationPoint[] {
  const floor = Math.max(floorCents, VINTED_MIN_CENTS);
  const points: SimulationPoint[] = [{ day: 0, price: initialCents / 100, drop_percentage: 0, at_floor: initialCents <= floor, held_by_rounding: false }];
  let price = initialCents;
  for (let day = 1; day <= days; day++) {
    const step = nextPrice(price, rate, floor, rule);
    const pct = price > 0 ? ((price - step.price) / price) * 100 : 0;
    points.push({ day, price: step.price / 100, drop_percentage: Math.round(pct * 100) / 100, at_floor: step.atFloor, held_by_rounding: step.heldByRounding });
    price = step.price;
  }
  return points;
}

/** The rule recorded in price_history with each automatic drop (JSON, so it reads and parses). */
export const describeRule = (rate: number, rounding: RoundingRule, floorCents: number) =>
  JSON.stringify({ rate, rounding, floor: floorCents / 100 });
