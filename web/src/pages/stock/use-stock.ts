import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useMemo } from 'react';
import { useSearchParams } from 'react-router';
import { api, type Paths, type Schemas, unwrap } from '../../api/client.ts';
import { ApiError } from '../../api/errors.ts';
import type { Status } from '../../lib/vocabulary.ts';
import { priceFilter } from './price-filter.ts';

export { priceFilter } from './price-filter.ts';

export type Item = Schemas['Item'];
export type ListQuery = NonNullable<Paths['/listings']['get']['parameters']['query']>;

export interface StockFilters {
  q: string;
  status: Status | '';
  brand: string;
  size: string;
  category: string;
  gender: string;
  /** The storage location (box, shelf): whole value, case-insensitive, as the API's ?location= takes it. */
  location: string;
  min_price: string;
  max_price: string;
  sort: string;
  limit: number;
}

const FILTER_KEYS = ['q', 'status', 'brand', 'size', 'category', 'gender', 'location', 'min_price', 'max_price'] as const;


/** The stock filters live in the address bar, so a filtered view survives a reload and can be bookmarked. */
export function useStockFilters() {
  const [params, setParams] = useSearchParams();
  const filters = useMemo<StockFilters>(() => ({
    q: params.get('q') ?? '',
    status: (params.get('status') ?? '') as Status | '',
    brand: params.get('brand') ?? '',
    size: params.get('size') ?? '',
    category: params.get('category') ?? '',
    gender: params.get('gender') ?? '',
    location: params.get('location') ?? '',
    min_price: params.get('min_price') ?? '',
    max_price: params.get('max_price') ?? '',
    sort: params.get('sort') ?? '-created_at',
    limit: Number(params.get('limit')) || 25,
  }), [params]);
  const setFilters = (patch: Partial<StockFilters>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(patch)) {
      if (v === '' || v === undefined || (k === 'sort' && v === '-created_at') || (k === 'limit' && v === 25)) next.delete(k);
      else next.set(k, String(v));
    }
    setParams(next, { replace: true });
  };
  // A price that is not an amount ("abc", typed or in the address) filters nothing, so it does not count as a filter.
  const active = FILTER_KEYS.filter((k) => k !== 'q' && filters[k] !== '' && !((k === 'min_price' || k === 'max_price') && priceFilter(filters[k]) === null)).length;
  const clear = () => setParams(new URLSearchParams(filters.sort !== '-created_at' ? { sort: filters.sort } : {}), { replace: true });
  return { filters, setFilters, active, clear };
}

export function toQuery(f: StockFilters, cursor: string | undefined): ListQuery {
  const num = (s: string) => priceFilter(s) ?? undefined;
  const q: ListQuery = { sort: f.sort, limit: f.limit, include_total: 'true' };
  if (f.q.trim()) q.q = f.q.trim();
  if (f.status) q.status = f.status;
  if (f.brand.trim()) q.brand = f.brand.trim();
  if (f.size.trim()) q.size = f.size.trim();
  if (f.category) q.category = f.category;
  if (f.gender) q.gender = f.gender as ListQuery['gender'];
  if (f.location.trim()) q.location = f.location.trim();
  const min = num(f.min_price);
  const max = num(f.max_price);
  if (min !== undefined) q.min_price = min;
  if (max !== undefined) q.max_price = max;
  if (cursor) q.cursor = cursor;
  return q;
}

export function useListingsPage(query: ListQuery) {
  return useQuery({
    queryKey: ['listings', 'page', query],
    queryFn: ({ signal }) => unwrap(api.GET('/listings', { params: { query }, signal })),
    placeholderData: keepPreviousData,
  });
}

export interface BulkResult {
  id: string;
  ok: boolean;
  error?: ApiError;
}

/** Changes the status of many items, one PATCH each (a few at a time): one refusal never stops the others. */
export function useBulkStatus() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async ({ ids, status }: { ids: string[]; status: Status }): Promise<BulkResult[]> => {
      const results: BulkResult[] = [];
      const queue = [...ids];
      const worker = async () => {
        for (let id = queue.shift(); id; id = queue.shift()) {
          try {
            await unwrap(api.PATCH('/listings/{id}', { params: { path: { id } }, body: { status } }));
            results.push({ id, ok: true });
          } catch (e) {
            results.push({ id, ok: false, error: e instanceof ApiError ? e : new ApiError(0, 'network_error', String(e)) });
          }
        }
      };
      await Promise.all([worker(), worker(), worker()]);
      return results;
    },
    onSettled: () => qc.invalidateQueries({ queryKey: ['listings'] }),
  });
}
