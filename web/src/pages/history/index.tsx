import { DownloadIcon } from 'lucide-react';
import { useState } from 'react';
import { PageHeader } from '../../components/layout/page-header.tsx';
import { HistoryList } from '../../components/history/history-list.tsx';
import { type HistoryQuery, useHistory } from '../../components/history/use-history.ts';
import { Button } from '../../components/ui/button.tsx';
import { Card, CardContent } from '../../components/ui/card.tsx';
import { ErrorCallout } from '../../components/ui/feedback.tsx';
import { Field, Input, NativeSelect } from '../../components/ui/input.tsx';
import { Skeleton } from '../../components/ui/skeleton.tsx';
import { errorText } from '../../i18n/error-text.ts';
import { useI18n } from '../../i18n/index.tsx';
import { download } from '../../lib/download.ts';

const TYPES = ['created', 'edited', 'price_changed', 'status_changed', 'deleted', 'order_shipped'] as const;

/** Every change to the stock and the sales, filtered by type and dates, exported as CSV with the same filters. */
export default function HistoryPage() {
  const { t } = useI18n();
  const h = t.backoffice.history;
  const [type, setType] = useState('');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const query: Omit<HistoryQuery, 'cursor'> = {
    limit: 50, ...(type ? { type: type as (typeof TYPES)[number] } : {}), ...(from ? { from } : {}), ...(to ? { to } : {}),
  };
  // A start after the end is said at the field; no request is sent for it.
  const badRange = Boolean(from && to && from > to);
  const filtered = Boolean(type || from || to);
  const q = useHistory(query, { enabled: !badRange });
  const entries = q.data?.pages.flatMap((p) => p.entries) ?? [];
  const csvPath = `/history/export.csv?${new URLSearchParams(Object.entries({ type, from, to }).filter(([, v]) => v)).toString()}`;
  return (
    <div className="space-y-4">
      <PageHeader
        title={h.title}
        description={h.description}
        actions={<Button variant="outline" disabled={badRange} onClick={() => download(csvPath, 'vintedbot-history.csv')} data-testid="history-export"><DownloadIcon aria-hidden="true" />{h.exportCsv}</Button>}
      />
      <Card>
        <CardContent className="grid gap-3 pt-4 sm:grid-cols-3">
          <Field id="history-type" label={h.type}>
            <NativeSelect id="history-type" value={type} onChange={(e) => setType(e.target.value)} data-testid="history-type">
              <option value="">{h.anyType}</option>
              {TYPES.map((k) => <option key={k} value={k}>{h.types[k]}</option>)}
            </NativeSelect>
          </Field>
          <Field id="history-from" label={h.from}>
            <Input id="history-from" type="date" value={from} onChange={(e) => setFrom(e.target.value)} />
          </Field>
          <Field id="history-to" label={h.to} error={badRange ? errorText(t.errors, 'invalid_date_range') : undefined}>
            <Input id="history-to" type="date" value={to} min={from || undefined} aria-invalid={badRange || undefined} onChange={(e) => setTo(e.target.value)} />
          </Field>
        </CardContent>
      </Card>
      {badRange ? null : q.isError ? (
        <ErrorCallout error={q.error} onRetry={() => q.refetch()} />
      ) : q.isPending ? (
        <Skeleton className="h-64 w-full" />
      ) : (
        <Card>
          <CardContent className="pt-2">
            <HistoryList
              entries={entries}
              showItem
              empty={filtered ? (
                <div className="flex flex-wrap items-center gap-3 py-2 text-sm text-muted-foreground" data-testid="history-empty-filtered">
                  {h.emptyFiltered}
                  <Button variant="outline" size="sm" onClick={() => { setType(''); setFrom(''); setTo(''); }}>{t.stock.clearFilters}</Button>
                </div>
              ) : undefined}
            />
            {q.hasNextPage && (
              <Button variant="outline" size="sm" className="mt-2" disabled={q.isFetchingNextPage} onClick={() => q.fetchNextPage()}>{h.more}</Button>
            )}
          </CardContent>
        </Card>
      )}
    </div>
  );
}
