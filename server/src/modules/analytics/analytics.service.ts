import type { z } from 'zod';
import { badRequest } from '../../platform/errors.ts';
import { toEuros } from '../../platform/money.ts';
import type { AnalyticsRepository, DayRow, Dimension } from './analytics.repository.ts';
import {
  AGE_BUCKETS, type PriceDropsSchema, type SellThroughSchema, type StockAgeingSchema, type SummarySchema, TAX_AMOUNT_THRESHOLD_EUROS,
  TAX_SALES_THRESHOLD, type TaxThresholdSchema,
} from './analytics.schemas.ts';
import { addDays, bucketStart, bucketStarts, change, daysBetween, defaultFrom, type Period, previousRange } from './periods.ts';

const RANGE_MAX_DAYS = 3660;
const WARN_AT = 0.8;
const round = (v: number, d = 2) => Math.round(v * 10 ** d) / 10 ** d;
const NOTICE = {
  fr: 'Information, pas un conseil fiscal : les plateformes de l’UE transmettent à l’administration fiscale les vendeurs qui atteignent 30 ventes ou 2 000 € de ventes dans l’année civile (DAC7). Être déclaré ne veut pas dire devoir payer un impôt ; en cas de doute, renseignez-vous auprès des impôts ou d’un professionnel.',
  en: 'Information, not tax advice: EU platforms report sellers who reach 30 sales or €2,000 of sales in a calendar year to the tax office (DAC7). Being reported does not mean tax is owed; if in doubt, ask the tax office or a professional.',
};

type Totals = z.infer<typeof SummarySchema>['totals'];
const totalsOf = (rows: DayRow[]): Totals => {
  const s = rows.reduce((a, r) => ({
    sales: a.sales + r.sales, revenue: a.revenue + r.revenue, cost: a.cost + r.cost, expenses: a.expenses + r.expenses,
    margin: a.margin + r.margin, unknown: a.unknown + r.margin_unknown,
  }), { sales: 0, revenue: 0, cost: 0, expenses: 0, margin: 0, unknown: 0 });
  // The margin is the known one (sales without a purchase cost left out and counted), never revenue − cost − expenses:
  // that would count the whole price of a sale whose cost is unknown as margin.
  return {
    sales: s.sales, revenue: toEuros(s.revenue), cost_of_goods: toEuros(s.cost), expenses: toEuros(s.expenses), margin: toEuros(s.margin),
    margin_unknown_count: s.unknown,
  };
};
const today = () => new Date().toISOString().slice(0, 10);
const startIso = (d: string) => `${d}T00:00:00.000Z`;

/** The seller's numbers (issue 18, points 3 and 4): the database aggregates, this folds days into buckets and words the answer. */
export class AnalyticsService {
  constructor(private readonly repo: AnalyticsRepository) {}

  async summary(q: { period: Period; from?: string; to?: string; platform?: string }): Promise<z.infer<typeof SummarySchema>> {
    const to = q.to ?? today();
    const from = q.from ?? defaultFrom(to, q.period);
    if (daysBetween(from, to) > RANGE_MAX_DAYS) throw badRequest('range_too_long', `At most ${RANGE_MAX_DAYS} days at once`, { params: { max_days: RANGE_MAX_DAYS } });
    const prev = previousRange(from, to);
    // One read for both periods: the days of the previous one come first.
    const days = await this.repo.salesByDay(startIso(prev.from), startIso(addDays(to, 1)), q.platform);
    const current = days.filter((d) => d.day >= from);
    const before = days.filter((d) => d.day < from);
    const byBucket = new Map<string, DayRow[]>();
    for (const d of current) {
      const b = bucketStart(d.day, q.period);
      (byBucket.get(b) ?? byBucket.set(b, []).get(b)!).push(d);
    }
    const totals = totalsOf(current);
    const prevTotals = totalsOf(before);
    return {
      period: q.period, from, to,
      buckets: bucketStarts(from, to, q.period).map((start) => ({ start, ...totalsOf(byBucket.get(start) ?? []) })),
      totals,
      previous: { ...prev, totals: prevTotals },
      change: {
        sales: change(totals.sales, prevTotals.sales), revenue: change(totals.revenue, prevTotals.revenue), margin: change(totals.margin, prevTotals.margin),
      },
    };
  }

  async sellThrough(by: Dimension): Promise<z.infer<typeof SellThroughSchema>> {
    const rows = await this.repo.sellThrough(by);
    const groups = rows.map((r) => ({
      key: r.key, label: r.label, listed: r.listed, sold: r.sold, sell_through: r.listed ? round(r.sold / r.listed, 4) : 0,
      median_days_to_sell: r.median_days === null ? null : round(r.median_days, 1),
    }));
    return { by, groups: groups.sort((a, b) => b.listed - a.listed || a.key.localeCompare(b.key)) };
  }

  async stockAgeing(now = new Date()): Promise<z.infer<typeof StockAgeingSchema>> {
    const edges = AGE_BUCKETS.map((d) => new Date(now.getTime() - d * 86_400_000).toISOString());
    const rows = await this.repo.ageing(edges);
    const keys = AGE_BUCKETS.map((d, i) => (i === 0 ? `0-${d}` : `${AGE_BUCKETS[i - 1] + 1}-${d}`)).concat(`${AGE_BUCKETS[AGE_BUCKETS.length - 1]}+`);
    const buckets = keys.map((key, i) => {
      const r = rows.find((x) => x.bucket === i);
      return { key, items: r?.items ?? 0, value_at_cost: toEuros(r?.cost ?? 0), value_at_price: toEuros(r?.value ?? 0) };
    });
    const sum = (f: (r: (typeof rows)[number]) => number) => rows.reduce((a, r) => a + f(r), 0);
    return {
      buckets,
      unsold: {
        items: sum((r) => r.items), value_at_cost: toEuros(sum((r) => r.cost)), value_at_price: toEuros(sum((r) => r.value)),
        without_cost: sum((r) => r.without_cost), without_price: sum((r) => r.without_price),
      },
    };
  }

  async priceDrops(q: { days: number; from?: string; to?: string }): Promise<z.infer<typeof PriceDropsSchema>> {
    const f = await this.repo.priceDrops(q.days, q.from ? startIso(q.from) : undefined, q.to ? startIso(addDays(q.to, 1)) : undefined);
    return {
      days: q.days, sold: f.sold, sold_after_drop: f.with_drop, drops_before_sale: f.drops,
      drops_per_sale: f.sold ? round(f.drops / f.sold, 3) : null,
      sold_within_days_of_drop: f.within_days,
      first_price_avg: f.with_first ? toEuros(f.first_sum / f.with_first) : null,
      sale_price_avg: f.with_first ? toEuros(f.sold_sum / f.with_first) : null,
      sale_to_first_ratio: f.first_sum ? round(f.sold_sum / f.first_sum, 4) : null,
    };
  }

  /** DAC7: the year's standing sales on a platform against 30 sales and €2,000, a warning from 80 % of either. */
  async taxThreshold(q: { year?: number; platform: string }): Promise<z.infer<typeof TaxThresholdSchema>> {
    const year = q.year ?? new Date().getUTCFullYear();
    const byPlatform = await this.repo.salesByPlatform(startIso(`${year}-01-01`), startIso(`${year + 1}-01-01`));
    const mine = byPlatform.find((p) => p.platform === q.platform) ?? { sales: 0, total: 0 };
    const total = toEuros(mine.total);
    const progress = { sales: round(mine.sales / TAX_SALES_THRESHOLD, 4), total: round(total / TAX_AMOUNT_THRESHOLD_EUROS, 4) };
    return {
      year, platform: q.platform, sales: mine.sales, total,
      thresholds: { sales: TAX_SALES_THRESHOLD, total: TAX_AMOUNT_THRESHOLD_EUROS },
      progress,
      warning: progress.sales >= WARN_AT || progress.total >= WARN_AT,
      reached: progress.sales >= 1 || progress.total >= 1,
      by_platform: byPlatform.map((p) => ({ platform: p.platform, sales: p.sales, total: toEuros(p.total) })),
      notice: NOTICE,
    };
  }
}
