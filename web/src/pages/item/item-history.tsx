import { HistoryList } from '../../components/history/history-list.tsx';
import { useHistory } from '../../components/history/use-history.ts';
import { Button } from '../../components/ui/button.tsx';
import { ErrorCallout } from '../../components/ui/feedback.tsx';
import { Skeleton } from '../../components/ui/skeleton.tsx';
import { useI18n } from '../../i18n/index.tsx';

/** Every change to this item, newest first: who or what made it, before and after. */
export function ItemHistory({ itemId }: { itemId: string }) {
  const { t } = useI18n();
  const q = useHistory({ item_id: itemId, limit: 10 });
  if (q.isError) return <ErrorCallout error={q.error} onRetry={() => q.refetch()} />;
  if (q.isPending) return <Skeleton className="h-24 w-full" />;
  return (
    <div>
      <HistoryList entries={q.data.pages.flatMap((p) => p.entries)} />
      {q.hasNextPage && (
        <Button variant="outline" size="sm" className="mt-2" disabled={q.isFetchingNextPage} onClick={() => q.fetchNextPage()}>{t.backoffice.history.more}</Button>
      )}
    </div>
  );
}
