import { useInfiniteQuery } from '@tanstack/react-query';
import { api, type Paths, unwrap } from '../../api/client.ts';

export type HistoryQuery = NonNullable<Paths['/history']['get']['parameters']['query']>;
export type HistoryEntry = Awaited<ReturnType<typeof fetchPage>>['entries'][number];

const fetchPage = (query: HistoryQuery) => unwrap(api.GET('/history', { params: { query } }));

/** History entries, newest first, a page at a time ("show more" follows the cursor). */
export function useHistory(query: Omit<HistoryQuery, 'cursor'>, { enabled = true }: { enabled?: boolean } = {}) {
  return useInfiniteQuery({
    enabled,
    // Under ['listings'] too: every change to the stock invalidates it, so an item's history follows its edits.
    queryKey: ['listings', 'history', query],
    queryFn: ({ pageParam }) => fetchPage({ ...query, ...(pageParam ? { cursor: pageParam } : {}) }),
    initialPageParam: '' as string,
    getNextPageParam: (last) => last.next_cursor ?? undefined,
  });
}
