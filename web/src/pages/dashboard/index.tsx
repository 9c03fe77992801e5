import { BoxesIcon, FileUpIcon, SparklesIcon, type LucideIcon } from 'lucide-react';
import { Link } from 'react-router';
import { PageHeader } from '../../components/layout/page-header.tsx';
import { Button } from '../../components/ui/button.tsx';
import { Card } from '../../components/ui/card.tsx';
import { EmptyState, ErrorCallout } from '../../components/ui/feedback.tsx';
import { Skeleton } from '../../components/ui/skeleton.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { BrandsChart, DropsChart, SalesChart, StatusChart } from './charts.tsx';
import { DemoButtons } from '../settings/housekeeping-cards.tsx';
import { TodoCard } from './todo-card.tsx';
import { useDropRuns, useRecentSales, useStats, weeklySales } from './use-dashboard.ts';

function Stat({ label, value, hint, testId }: { label: string; value: string; hint?: string; testId?: string }) {
  return (
    <Card className="p-3 sm:p-4" data-testid={testId}>
      <p className="truncate text-xs font-medium text-muted-foreground">{label}</p>
      <p className="mt-1 truncate text-lg font-semibold tabular-nums sm:text-2xl">{value}</p>
      {/* Two lines: the hints (e.g. listed and draft counts) are cut at one line on a six-card row. */}
      {hint && <p className="line-clamp-2 text-xs text-muted-foreground" title={hint}>{hint}</p>}
    </Card>
  );
}

export default function DashboardPage() {
  const { t, money, number } = useI18n();
  const c = t.dashboard.cards;
  const stats = useStats();
  const runs = useDropRuns();
  const sales = useRecentSales();
  const s = stats.data;
  const empty = s && s.total_items === 0;
  const days = (v: number | null | undefined) => (v === null || v === undefined ? c.none : c.daysValue(number(v, 1)));
  return (
    <div className="space-y-4">
      <PageHeader title={t.dashboard.title} description={t.dashboard.description} />
      {stats.isError && <ErrorCallout error={stats.error} onRetry={() => stats.refetch()} />}
      {empty ? (
        <EmptyState
          icon={SparklesIcon}
          title={t.dashboard.emptyTitle}
          action={
            <div className="flex flex-wrap justify-center gap-2">
              {([['/annonce/nouvelle', t.dashboard.start.newListing, SparklesIcon], ['/lot', t.dashboard.start.bulk, BoxesIcon], ['/fichiers', t.dashboard.start.files, FileUpIcon]] as [string, string, LucideIcon][]).map(([to, label, Icon], i) => (
                <Button key={to} asChild variant={i === 0 ? 'default' : 'outline'}><Link to={to}><Icon aria-hidden="true" />{label}</Link></Button>
              ))}
            </div>
          }
        >
          <p>{t.dashboard.emptyText}</p>
          <div className="mt-4"><DemoButtons onlyCreate /></div>
        </EmptyState>
      ) : (
        <>
          <section aria-label={t.dashboard.title} className="grid grid-cols-2 gap-2 sm:gap-3 md:grid-cols-3 xl:grid-cols-6" aria-busy={stats.isPending}>
            {!s ? (
              Array.from({ length: 6 }, (_, i) => <Skeleton key={i} className="h-20 sm:h-24" />)
            ) : (
              <>
                <Stat testId="stat-total" label={c.totalItems} value={number(s.total_items)} hint={`${t.status.listed} ${number(s.by_status.listed)} · ${t.status.draft} ${number(s.by_status.draft)}`} />
                <Stat testId="stat-value" label={c.totalValue} value={money(s.stock_value)} hint={`${c.listedValue} ${money(s.listed_value)}`} />
                <Stat testId="stat-revenue" label={c.revenue} value={money(s.revenue)} hint={`${c.sold} ${number(s.sold_count)}`} />
                <Stat label={c.sellThrough} value={s.sell_through === null ? c.none : `${number(s.sell_through * 100)} %`} hint={`${c.daysToSell} ${days(s.avg_days_to_sell)}`} />
                <Stat label={c.avgPrice} value={money(s.avg_price)} hint={`${c.avgAge} ${days(s.avg_days_since_creation)}`} />
                <Stat testId="stat-duplicates" label={c.duplicates} value={number(s.duplicates_detected)} hint={`${c.drops30} ${number(s.price_drops_30d)}`} />
              </>
            )}
          </section>
          <div className="grid items-start gap-4 xl:grid-cols-[minmax(0,1fr)_24rem]">
            <div className="grid min-w-0 gap-4 md:grid-cols-2">
              <StatusChart byStatus={s?.by_status} loading={stats.isPending} />
              <BrandsChart brands={s?.top_brand_counts} loading={stats.isPending} />
              <DropsChart runs={runs.data?.runs} loading={runs.isPending && !runs.isError} />
              <SalesChart weeks={weeklySales(sales.data?.items ?? [])} loading={sales.isPending} />
            </div>
            {/* On a phone, what to do comes before the charts. */}
            <div className="order-first min-w-0 space-y-4 xl:order-none">
              <TodoCard />
            </div>
          </div>
        </>
      )}
    </div>
  );
}
