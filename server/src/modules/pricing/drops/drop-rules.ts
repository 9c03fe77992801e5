// The arithmetic of automatic price drops, shared by the nightly run, its preview and the simulator, so the three
// can never disagree. Pure functions on integer cents.

/** Vinted's minimum price (shared/VINTED.md): no drop ever goes below it. */
export const VINTED_MIN_CENTS = 100;

/**
 * How a dropped price is rounded:
 * - `cents`: to the nearest cent (50 € at 5 % → 47.50 €);
 * - `ends_9`: down to the nearest price whose last cent is 9 (47.50 → 47.49, 9.50 → 9.49);
 * - `ends_90`: down to the nearest "…,90 €" (47.50 → 46.90, 9.50 → 8.90).
 * The charm roundings go down, never up, so a drop is always at least the rate.
 */
export const ROUNDING_RULES = ['cents', 'ends_9', 'ends_90'] as const;
export type RoundingRule = (typeof ROUNDING_RULES)[number];

export function roundDropped(rawCents: number, rule: RoundingRule): number {
  // Cents first: 0.95 × 5000 is 4749.999… in binary floating point, and a charm rounding of that must see 4750.
  const cents = Math.round(rawCents);
  if (rule === 'ends_9') return Math.floor((cents - 9) / 10) * 10 + 9;
  if (rule === 'ends_90') return Math.floor((cents - 90) / 100) * 100 + 90;
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

export interface DropStep {
  price: number;
  changed: boolean;
  atFloor: boolean;
}

/** One day's drop: `price × (1 − rate)`, rounded, clamped at the floor; unchanged when already at or under it. */
export function nextPrice(priceCents: number, rate: number, floorCents: number, rule: RoundingRule): DropStep {
  if (priceCents <= floorCents) return { price: priceCents, changed: false, atFloor: true };
  const rounded = roundDropped(priceCents * (1 - rate), rule);
  const price = Math.min(priceCents, Math.max(floorCents, rounded));
  return { price, changed: price < priceCents, atFloor: price <= floorCents };
}

export interface SimulationPoint {
  day: number;
  price: number;
  /** The true drop from the day before, in percent (smaller than the rate on the day the floor clamps). */
  drop_percentage: number;
  at_floor: boolean;
}

/** The trajectory of a price over `days` daily drops; day 0 is the starting price. Cents in, euros out. */
export function simulateDrops(initialCents: number, floorCents: number, rate: number, days: number, rule: RoundingRule): SimulationPoint[] {
  const floor = Math.max(floorCents, VINTED_MIN_CENTS);
  const points: SimulationPoint[] = [{ day: 0, price: initialCents / 100, drop_percentage: 0, at_floor: initialCents <= floor }];
  let price = initialCents;
  for (let day = 1; day <= days; day++) {
    const step = nextPrice(price, rate, floor, rule);
    const pct = price > 0 ? ((price - step.price) / price) * 100 : 0;
    points.push({ day, price: step.price / 100, drop_percentage: Math.round(pct * 100) / 100, at_floor: step.atFloor });
    price = step.price;
  }
  return points;
}

/** The rule recorded in price_history with each automatic drop (JSON, so it reads and parses). */
export const describeRule = (rate: number, rounding: RoundingRule, floorCents: number) =>
  JSON.stringify({ rate, rounding, floor: floorCents / 100 });
