import { z } from 'zod';

// What the automatic price drop will do with an item, shown on the item so the seller sees it before it happens.
// The decision is the pricing module's (it reads the seller-wide settings); listings cannot import pricing (pricing
// reads the stock), so pricing hands its planner over at start (pricing/index.ts) and the stock routes ask it.

/** Why an item drops or not, in the order the seller would fix it. */
export const DROP_PLAN_REASONS = ['drops', 'not_listed', 'no_price', 'switched_off', 'not_switched_on', 'no_floor', 'paused', 'at_floor', 'held_by_rounding'] as const;
export type DropPlanReason = (typeof DROP_PLAN_REASONS)[number];

export const DropPlanSchema = z.object({
  will_drop: z.boolean().describe('The next scheduled price drop lowers this item'),
  reason: z.enum(DROP_PLAN_REASONS).describe(
    'drops · not_listed (only listed items drop) · no_price · switched_off (auto_drop false) · not_switched_on (drops are off by default in '
    + '/settings/pricing and this item was not switched on) · no_floor (neither a floor nor a suggested minimum: set `floor` to let it drop) · '
    + 'paused (scheduled drops are off in /settings/pricing) · at_floor · held_by_rounding (the rate is smaller than a step of the ",90" rounding)',
  ),
  floor: z.number().nullable().describe('Where automatic drops stop (euros): the floor the seller typed, else the suggestion\'s minimum, never under min_floor nor 1 €; null without a floor of its own'),
  rate: z.number().describe('Daily drop rate used (the item\'s own, else the default)'),
  next_price: z.number().nullable().describe('The price after the next drop; null when it will not drop'),
}).meta({ id: 'AutoDropPlan' });
export type DropPlan = z.infer<typeof DropPlanSchema>;
