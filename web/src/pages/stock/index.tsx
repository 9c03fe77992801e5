import { ChevronLeftIcon, ChevronRightIcon, PackageOpenIcon, PlusIcon, SearchXIcon } from 'lucide-react';
import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import { PageHeader } from '../../components/layout/page-header.tsx';
import { Button } from '../../components/ui/button.tsx';
import { EmptyState, ErrorCallout } from '../../components/ui/feedback.tsx';
import { NativeSelect } from '../../components/ui/input.tsx';
import { Skeleton } from '../../components/ui/skeleton.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { BulkStatusBar } from './bulk-status-bar.tsx';
import { StockFiltersBar } from './stock-filters.tsx';
import { StockTable } from './stock-table.tsx';
import { toQuery, useListingsPage, useStockFilters } from './use-stock.ts';

function StockSkeleton() {
  return (
    <div className="space-y-2" aria-busy="true" data-testid="stock-skeleton">
      {Array.from({ length: 6 }, (_, i) => (
        <div key={i} className="flex items-center gap-3 rounded-xl border bg-card p-3">
          <Skeleton className="size-12" />
          <div className="flex-1 space-y-2">
            <Skeleton className="h-4 w-2/3" />
            <Skeleton className="h-3 w-1/3" />
          </div>
          <Skeleton className="h-5 w-16" />
        </div>
      ))}
    </div>
  );
}

export default function StockPage() {
  const { t } = useI18n();
  const { filters, setFilters, active, clear } = useStockFilters();
  // Cursor paging: the cursors of the pages seen so far, so "previous" needs no offset.
  const [cursors, setCursors] = useState<(string | undefined)[]>([undefined]);
  const pageIndex = cursors.length - 1;
  const filterKey = JSON.stringify(filters);
  useEffect(() => setCursors([undefined]), [filterKey]);
  const query = toQuery(filters, cursors[pageIndex]);
  const page = useListingsPage(query);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const items = page.data?.items ?? [];
  const total = page.data?.total;
  const toggle = (id: string) => setSelected((s) => {
    const n = new Set(s);
    if (n.has(id)) n.delete(id);
    else n.add(id);
    return n;
  });
  const toggleAll = () => setSelected((s) => (items.every((i) => s.has(i.id)) ? new Set() : new Set(items.map((i) => i.id))));
  const hasFilters = active > 0 || filters.q.trim() !== '';

  return (
    <div className="space-y-4">
      <PageHeader
        title={t.stock.title}
        description={total !== undefined ? (page.data?.total_exact === false ? t.stock.countAtLeast(total) : t.stock.count(total)) : t.stock.description}
        actions={
          <Button asChild>
            <Link to="/annonce/nouvelle"><PlusIcon aria-hidden="true" />{t.stock.newItem}</Link>
          </Button>
        }
      />
      <StockFiltersBar filters={filters} setFilters={setFilters} active={active} clear={clear} />
      <BulkStatusBar selected={selected} items={items} onDone={() => setSelected(new Set())} />
      {page.isError ? (
        <ErrorCallout error={page.error} onRetry={() => page.refetch()} />
      ) : page.isPending ? (
        <StockSkeleton />
      ) : items.length === 0 ? (
        hasFilters ? (
          <EmptyState icon={SearchXIcon} title={t.stock.noMatchTitle} action={<Button variant="outline" onClick={clear}>{t.stock.clearFilters}</Button>}>
            {t.stock.noMatchText}
          </EmptyState>
        ) : (
          <EmptyState icon={PackageOpenIcon} title={t.stock.emptyTitle} action={<Button asChild><Link to="/annonce/nouvelle">{t.stock.newItem}</Link></Button>}>
            {t.stock.emptyText}
          </EmptyState>
        )
      ) : (
        <div className={page.isPlaceholderData ? 'opacity-60 transition-opacity' : undefined} aria-busy={page.isFetching}>
          <StockTable items={items} selected={selected} toggle={toggle} toggleAll={toggleAll} />
        </div>
      )}
      {(pageIndex > 0 || page.data?.next_cursor) && (
        <nav aria-label={t.stock.pagination} className="flex items-center justify-between gap-2">
          <Button variant="outline" size="sm" disabled={pageIndex === 0} onClick={() => setCursors((c) => c.slice(0, -1))}>
            <ChevronLeftIcon aria-hidden="true" />
            {t.common.previous}
          </Button>
          <span className="text-sm text-muted-foreground" aria-live="polite">{t.stock.page(pageIndex + 1)}</span>
          <div className="flex items-center gap-2">
            <NativeSelect aria-label={t.stock.perPage} value={filters.limit} onChange={(e) => setFilters({ limit: Number(e.target.value) })} className="h-8 w-auto text-xs">
              {[25, 50, 100].map((n) => <option key={n} value={n}>{n}</option>)}
            </NativeSelect>
            <Button
              variant="outline"
              size="sm"
              disabled={!page.data?.next_cursor || page.isPlaceholderData}
              onClick={() => setCursors((c) => [...c, page.data!.next_cursor!])}
            >
              {t.common.next}
              <ChevronRightIcon aria-hidden="true" />
            </Button>
          </div>
        </nav>
      )}
    </div>
  );
}
