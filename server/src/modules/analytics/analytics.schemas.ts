import { z } from 'zod';
import { calendarDay } from '../../platform/calendar-day.ts';
import { DIMENSIONS } from './analytics.repository.ts';
import { PERIODS } from './periods.ts';

// Query and answer shapes of /analytics. Amounts in euros, rates as fractions (0.25 = 25 %), days fractional.
const day = calendarDay();
const range = { from: day.optional().describe('First day (UTC), included'), to: day.optional().describe('Last day (UTC), included; today by default') };
const ordered = (q: { from?: string; to?: string }) => !q.from || !q.to || q.from <= q.to;
const orderedIssue = { message: 'from must not be after to', path: ['from'], params: { code: 'from_after_to' } };

export const SummaryQuerySchema = z.object({
  period: z.enum(PERIODS).default('month'),
  ...range,
  platform: z.string().trim().min(1).max(40).transform((v) => v.toLowerCase()).optional(),
}).refine(ordered, orderedIssue);

const Totals = z.object({
  sales: z.number().int(), revenue: z.number().describe('What buyers paid, every sale'),
  cost_of_goods: z.number().describe('Purchase costs of the sales whose cost is known'),
  expenses: z.number().describe("Fees, shipping and packaging the seller paid, every sale"),
  margin: z.number().describe('Sum of the margins (sale price − cost − fees − shipping − packaging) of the sales whose purchase cost is known; '
    + 'the others are left out, not counted at a cost of 0 (see margin_unknown_count)'),
  margin_unknown_count: z.number().int().describe('Sales left out of the margin: their purchase cost is unknown (the order has cost null)'),
});
export const SummarySchema = z.object({
  period: z.enum(PERIODS), from: z.string(), to: z.string(),
  buckets: z.array(Totals.extend({ start: z.string().describe('First day of the bucket (a Monday for weeks)') })),
  totals: Totals,
  previous: z.object({ from: z.string(), to: z.string(), totals: Totals }).describe('The same number of days just before'),
  change: z.object({ sales: z.number().nullable(), revenue: z.number().nullable(), margin: z.number().nullable() })
    .describe('Relative change against the previous period (0.25 = +25 %), null when it had none'),
}).meta({ id: 'AnalyticsSummary' });

export const SellThroughQuerySchema = z.object({ by: z.enum(DIMENSIONS).default('category') });
export const SellThroughSchema = z.object({
  by: z.enum(DIMENSIONS),
  groups: z.array(z.object({
    key: z.string().describe('The group: the category, the size in lower case, the price band, or the brand folded (case, accents, apostrophes, '
      + 'spacing; a known brand\'s aliases with it), so each brand is one group whatever its spellings'),
    label: z.string().describe('Shown for the group; for a brand, its known name, else the spelling most of the items carry'),
    listed: z.number().int().describe('Items put on sale (listed or sold)'), sold: z.number().int(),
    sell_through: z.number().describe('sold / listed'), median_days_to_sell: z.number().nullable().describe('From listing to sale'),
  })),
}).meta({ id: 'SellThrough' });

export const AGE_BUCKETS = [30, 60, 90, 180] as const;
export const StockAgeingSchema = z.object({
  buckets: z.array(z.object({
    key: z.string().describe('0-30, 31-60, 61-90, 91-180, 180+ (days since the item entered the stock)'),
    items: z.number().int(), value_at_cost: z.number(), value_at_price: z.number(),
  })),
  unsold: z.object({
    items: z.number().int(), value_at_cost: z.number(), value_at_price: z.number(),
    without_cost: z.number().int().describe('Unsold items with no purchase cost (counted as 0)'),
    without_price: z.number().int().describe('Unsold items with no price (counted as 0)'),
  }),
}).meta({ id: 'StockAgeing' });

export const PriceDropsQuerySchema = z.object({
  days: z.coerce.number().int().min(1).max(365).default(7).describe('"Sold within N days after a drop"'),
  ...range,
}).refine(ordered, orderedIssue);
export const PriceDropsSchema = z.object({
  days: z.number().int(),
  sold: z.number().int().describe('Items sold (in the range when given)'),
  sold_after_drop: z.number().int().describe('Of them, lowered at least once before the sale'),
  drops_before_sale: z.number().int(),
  drops_per_sale: z.number().nullable(),
  sold_within_days_of_drop: z.number().int().describe('Sold at most `days` days after their last drop'),
  first_price_avg: z.number().nullable().describe('Average first price of the sold items'),
  sale_price_avg: z.number().nullable(),
  sale_to_first_ratio: z.number().nullable().describe('Total sale prices / total first prices (0.9: sold 10 % under the first price)'),
}).meta({ id: 'PriceDrops' });

export const TAX_SALES_THRESHOLD = 30;
export const TAX_AMOUNT_THRESHOLD_EUROS = 2000;
export const TaxQuerySchema = z.object({
  year: z.coerce.number().int().min(2020).max(2100).optional().describe('Calendar year; the current one by default'),
  platform: z.string().trim().min(1).max(40).transform((v) => v.toLowerCase()).default('vinted'),
});
export const TaxThresholdSchema = z.object({
  year: z.number().int(), platform: z.string(),
  sales: z.number().int(), total: z.number(),
  thresholds: z.object({ sales: z.number().int(), total: z.number() }),
  progress: z.object({ sales: z.number(), total: z.number() }).describe('Share of each threshold reached (1 = reached)'),
  warning: z.boolean().describe('80 % of a threshold reached'),
  reached: z.boolean().describe('A threshold reached: the platform reports the seller for the year'),
  by_platform: z.array(z.object({ platform: z.string(), sales: z.number().int(), total: z.number() })),
  notice: z.object({ fr: z.string(), en: z.string() }),
}).meta({ id: 'TaxThreshold' });
