import { STATUSES } from '../listings/index.ts';
import type { PriceDropService } from '../pricing/index.ts';
import type { StatsRepository } from './stats.repository.ts';
import { STATS_EPOCH_MS } from './stats.tables.ts';

export interface StockStats {
  total_items: number;
  total_value: number;
  stock_value: number;
  avg_price: number;
  /** Brand names, most frequent first (the seeds' shape); their counts in `top_brand_counts`. */
  top_brands: string[];
  top_brand_counts: { brand: string; count: number }[];
  duplicates_detected: number;
  avg_days_since_creation: number;
  by_status: Record<(typeof STATUSES)[number], number>;
  listed_value: number;
  sold_count: number;
  revenue: number;
  sell_through: number | null;
  avg_days_to_sell: number | null;
  price_drops_30d: number;
}

const round = (x: number, digits: number) => Math.round(x * 10 ** digits) / 10 ** digits;
const euros = (cents: number) => round(cents / 100, 2);

/**
 * The seller's numbers, read from the trigger-kept counters (the stock's here, the price drops' from pricing): a
 * few rows whatever the stock size, and exact at every commit because they are written in the same transaction as
 * the items themselves.
 */
export class StatsService {
  constructor(
    private readonly repo: StatsRepository,
    private readonly priceDrops: Pick<PriceDropService, 'dropsSince'>,
  ) {}

  async read(now = new Date(), topBrands = 5): Promise<StockStats> {
    const since = new Date(now.getTime() - 29 * 86_400_000).toISOString().slice(0, 10);
    const [rows, brands, drops] = await Promise.all([this.repo.counters(), this.repo.topBrands(topBrands), this.priceDrops.dropsSince(since)]);
    const total = { n: 0, priced_n: 0, price_sum: 0, dup_n: 0, created_days_sum: 0 };
    const by = Object.fromEntries(STATUSES.map((s) => [s, 0])) as StockStats['by_status'];
    for (const r of rows) {
      for (const k of Object.keys(total) as (keyof typeof total)[]) total[k] += Number(r[k]);
      if (r.status in by) by[r.status as keyof typeof by] = Number(r.n);
    }
    const get = (status: string) => rows.find((r) => r.status === status);
    const listed = get('listed');
    const sold = get('sold');
    const nowDays = (now.getTime() - STATS_EPOCH_MS) / 86_400_000;
    const soldN = Number(sold?.n ?? 0);
    const listedN = Number(listed?.n ?? 0);
    const sellN = Number(sold?.sell_days_n ?? 0);
    return {
      total_items: total.n,
      total_value: euros(total.price_sum),
      avg_price: total.priced_n ? euros(total.price_sum / total.priced_n) : 0,
      top_brands: brands.map((b) => b.label),
      top_brand_counts: brands.map((b) => ({ brand: b.label, count: Number(b.n) })),
      duplicates_detected: total.dup_n,
      avg_days_since_creation: total.n ? round(Math.max(0, nowDays - total.created_days_sum / total.n), 1) : 0,
      by_status: by,
      listed_value: euros(Number(listed?.price_sum ?? 0)),
      stock_value: euros(Number(listed?.price_sum ?? 0) + Number(get('draft')?.price_sum ?? 0)),
      sold_count: soldN,
      revenue: euros(Number(sold?.sold_price_sum ?? 0)),
      sell_through: soldN + listedN ? round(soldN / (soldN + listedN), 4) : null,
      avg_days_to_sell: sellN ? round(Number(sold!.sell_days_sum) / sellN, 1) : null,
      price_drops_30d: drops,
    };
  }
}
