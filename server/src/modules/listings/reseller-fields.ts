import { z } from 'zod';
import { isCalendarDay } from '../../platform/calendar-day.ts';
import { cleanLine } from '../../platform/text.ts';

// What a reseller tracks on an item besides the listing (issue 18, point 1), and the amount and date rules the
// sales ledger (modules/orders) shares: a cost is never negative nor absurd, a purchase or a sale is never in the future.

/** Highest amount taken for a cost, a fee or a sale: above it, a typo (an extra zero or two), not a second-hand sale. */
export const AMOUNT_MAX_EUROS = 100_000;

/** An amount in euros the seller paid or spent: 0 allowed, never negative, two decimals at most. */
export const costEuros = () => z.number().multipleOf(0.01, 'at most two decimals').superRefine((v, ctx) => {
  if (v < 0) ctx.addIssue({ code: 'custom', message: 'must not be negative', params: { code: 'negative_amount', value: v } });
  else if (v > AMOUNT_MAX_EUROS) ctx.addIssue({ code: 'custom', message: `must not exceed ${AMOUNT_MAX_EUROS} €`, params: { code: 'amount_too_large', max: AMOUNT_MAX_EUROS } });
});

const DAY_MS = 86_400_000;

/** A calendar day (YYYY-MM-DD) that exists and is not after today (a day of slack for the seller's time zone). */
export const pastDay = () => z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date as YYYY-MM-DD').superRefine((v, ctx) => {
  const t = Date.parse(`${v}T00:00:00Z`);
  if (Number.isNaN(t) || !isCalendarDay(v)) ctx.addIssue({ code: 'custom', message: 'not a calendar date', params: { code: 'invalid_date' } });
  else if (t > Date.now() + DAY_MS) ctx.addIssue({ code: 'custom', message: 'must not be in the future', params: { code: 'date_in_future', value: v } });
  else if (v < '1990-01-01') ctx.addIssue({ code: 'custom', message: 'must be after 1990', params: { code: 'date_too_old', value: v } });
});

/** An instant (ISO 8601, or a day taken at noon UTC) not in the future beyond a few minutes of clock skew; answered as ISO UTC. */
export const pastInstant = () => z.string().max(40).transform((v, ctx) => {
  const iso = /^\d{4}-\d{2}-\d{2}$/.test(v) ? `${v}T12:00:00Z` : v;
  // The day as written must exist: Date.parse would take 2026-02-30 for 2 March.
  const t = /^\d{4}-\d{2}-\d{2}T/.test(iso) && isCalendarDay(iso.slice(0, 10)) ? Date.parse(iso) : Number.NaN;
  if (Number.isNaN(t)) {
    ctx.addIssue({ code: 'custom', message: 'an ISO 8601 date', params: { code: 'invalid_date' } });
    return z.NEVER;
  }
  if (t > Date.now() + 5 * 60_000) {
    ctx.addIssue({ code: 'custom', message: 'must not be in the future', params: { code: 'date_in_future', value: v.slice(0, 40) } });
    return z.NEVER;
  }
  if (t < Date.UTC(1990, 0, 1)) {
    ctx.addIssue({ code: 'custom', message: 'must be after 1990', params: { code: 'date_too_old', value: v.slice(0, 40) } });
    return z.NEVER;
  }
  return new Date(t).toISOString();
});

/** A SKU as the seller writes it: letters, digits and - _ . / (printed on labels and the PDF catalogue). */
export const SkuSchema = z.string().overwrite(cleanLine).trim().min(1).max(40)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._/-]*$/, 'letters, digits and - _ . / only');

/** The item fields of point 1, each optional (nullable to clear it), for create, replace and patch. */
export const resellerFields = {
  purchase_cost: costEuros().nullable().describe('What the seller paid for the item (euros); used for margins'),
  acquired_at: pastDay().nullable().describe('The day the seller got the item (YYYY-MM-DD), not in the future'),
  source: z.string().overwrite(cleanLine).trim().max(100).nullable().describe('Where it comes from, free text (vide-grenier, friperie…)'),
  sku: SkuSchema.nullable().describe('The seller\'s reference, unique; generated on create when not sent (VB-…), printed on the PDF catalogue'),
  storage_location: z.string().overwrite(cleanLine).trim().max(60).nullable().describe('Where the item waits (box, shelf…); searched by `q` and filtered by `location`'),
};

/** The SKU an item gets when the seller gives none: from the random tail of its id (migration 0010 gave existing items the same). */
export const skuFromId = (id: string) => `VB-${id.replace(/-/g, '').slice(-12).toUpperCase()}`;
