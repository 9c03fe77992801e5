import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client.ts';

export const useStats = () => useQuery({ queryKey: ['stats'], queryFn: ({ signal }) => unwrap(api.GET('/stats', { signal })) });

export const useRecommendations = () =>
  useQuery({ queryKey: ['listings', 'recommendations'], queryFn: ({ signal }) => unwrap(api.GET('/recommendations', { params: { query: { limit: 10 } }, signal })) });

export const useDuplicateGroups = () =>
  useQuery({ queryKey: ['listings', 'duplicates'], queryFn: ({ signal }) => unwrap(api.GET('/duplicates', { params: { query: { limit: 20 } }, signal })) });

/** The price-drop runs of the last 30 days: one bar per day. */
export const useDropRuns = () =>
  useQuery({ queryKey: ['pricing', 'runs', 30], queryFn: ({ signal }) => unwrap(api.GET('/pricing/runs', { params: { query: { limit: 30 } }, signal })) });

/**
 * Recent sales, bucketed by week in the browser. /stats has no time series, so this reads at most the 200 most
 * recently changed sold items (one bounded request) rather than the whole stock.
 */
export const useRecentSales = () =>
  useQuery({
    queryKey: ['listings', 'recent-sales'],
    queryFn: ({ signal }) => unwrap(api.GET('/listings', { params: { query: { status: 'sold', sort: '-updated_at', limit: 200 } }, signal })),
  });

export function weeklySales(items: { sold_at: string | null; sold_price: number | null; price: number | null }[], weeks = 12) {
  const start = startOfWeek(new Date());
  start.setDate(start.getDate() - 7 * (weeks - 1));
  const buckets = Array.from({ length: weeks }, (_, i) => {
    const d = new Date(start);
    d.setDate(d.getDate() + 7 * i);
    return { week: d.getTime(), count: 0, amount: 0 };
  });
  for (const it of items) {
    if (!it.sold_at) continue;
    const w = startOfWeek(new Date(it.sold_at)).getTime();
    const b = buckets.find((x) => x.week === w);
    if (!b) continue;
    b.count += 1;
    b.amount += it.sold_price ?? it.price ?? 0;
  }
  return buckets.map((b) => ({ ...b, amount: Math.round(b.amount * 100) / 100 }));
}

function startOfWeek(d: Date) {
  const x = new Date(d.getFullYear(), d.getMonth(), d.getDate());
  x.setDate(x.getDate() - ((x.getDay() + 6) % 7));
  return x;
}
