import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { api, unwrap } from '../../api/client.ts';
import { PageHeader } from '../../components/layout/page-header.tsx';
import { Card, CardContent, CardHeader, CardTitle } from '../../components/ui/card.tsx';
import { Callout, ErrorCallout } from '../../components/ui/feedback.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { axisTick, CHART_COLORS, euroTick, tooltipStyle } from '../../lib/chart.ts';
import { categoryLabel } from '../../lib/vocabulary.ts';
import { PriceModelCard } from './price-model-card.tsx';

// "Statistiques": revenue and margin per period against the previous one, sell-through, stock ageing, price drops and
// the yearly reporting threshold (DAC7), all figures from /analytics (computed by the server).
type Period = 'day' | 'week' | 'month';
const useAnalytics = <T,>(key: unknown[], fn: (signal: AbortSignal) => Promise<T>) => useQuery({ queryKey: ['analytics', ...key], queryFn: ({ signal }) => fn(signal) });

export default function StatisticsPage() {
  const { t, lang, locale, money } = useI18n();
  const s = t.sales.stats;
  const [period, setPeriod] = useState<Period>('month');
  const summary = useAnalytics(['summary', period], (signal) => unwrap(api.GET('/analytics/summary', { params: { query: { period } }, signal })));
  const through = useAnalytics(['sell-through'], (signal) => unwrap(api.GET('/analytics/sell-through', { params: { query: { by: 'category' } }, signal })));
  const ageing = useAnalytics(['ageing'], (signal) => unwrap(api.GET('/analytics/stock-ageing', { signal })));
  const drops = useAnalytics(['drops'], (signal) => unwrap(api.GET('/analytics/price-drops', { params: { query: { days: 7 } }, signal })));
  const tax = useAnalytics(['tax'], (signal) => unwrap(api.GET('/analytics/tax-threshold', { params: { query: {} }, signal })));
  const pct = (v: number | null) => (v === null ? s.noPrevious : s.vsPrevious(`${v >= 0 ? '+' : ''}${Math.round(v * 100)} %`));
  const sum = summary.data;
  // A bucket's first day as a seller reads it: "déc. 26" for months, "6 déc." for days and weeks.
  const bucketLabel = (start: string) => new Intl.DateTimeFormat(locale, period === 'month'
    ? { month: 'short', year: '2-digit', timeZone: 'UTC' } : { day: 'numeric', month: 'short', timeZone: 'UTC' }).format(new Date(`${start}T00:00:00Z`));
  return (
    <div className="flex flex-col gap-6">
      <PageHeader title={s.title} description={s.description} />
      {[summary, through, ageing, drops, tax].map((x, i) => x.isError && <ErrorCallout key={i} error={x.error} />)}
      {tax.data && (
        <Card data-testid="tax-threshold">
          <CardHeader><CardTitle>{s.tax}</CardTitle></CardHeader>
          <CardContent className="flex flex-col gap-2 text-sm">
            <p className="font-medium">{s.taxLine(tax.data.sales, money(tax.data.total), tax.data.year)}</p>
            <div className="h-2 w-full rounded bg-muted" aria-hidden="true">
              <div className="h-2 rounded bg-primary" style={{ width: `${Math.min(100, Math.max(tax.data.progress.sales, tax.data.progress.total) * 100)}%` }} />
            </div>
            {tax.data.reached ? <Callout variant="warning">{s.taxReached}</Callout> : tax.data.warning && <Callout variant="warning">{s.taxWarning}</Callout>}
            <p className="text-xs text-muted-foreground" data-testid="tax-notice">{s.taxNotice}</p>
          </CardContent>
        </Card>
      )}
      <div className="flex items-center gap-2" role="group" aria-label={s.period}>
        {(['day', 'week', 'month'] as const).map((p) => (
          <button key={p} type="button" aria-pressed={p === period} onClick={() => setPeriod(p)}
            className={`rounded border px-3 py-1 text-sm ${p === period ? 'bg-primary text-primary-foreground' : ''}`}>{s.periods[p]}</button>
        ))}
      </div>
      {sum && (
        <div className="grid grid-cols-2 gap-3 lg:grid-cols-4" data-testid="summary-totals">
          {([[s.revenue, money(sum.totals.revenue), sum.change.revenue], [s.cost, money(sum.totals.cost_of_goods), null], [s.margin, money(sum.totals.margin), sum.change.margin], [s.sales, String(sum.totals.sales), sum.change.sales]] as const).map(([label, value, ch]) => (
            <Card key={label}><CardContent className="pt-4">
              <p className="text-xs text-muted-foreground">{label}</p>
              <p className="text-2xl font-semibold">{value}</p>
              {label !== s.cost && <p className="text-xs text-muted-foreground">{pct(ch)}</p>}
              {/* The margin counts only sales with a known purchase cost: say how many it leaves out. */}
              {label === s.margin && sum.totals.margin_unknown_count > 0 && (
                <p className="text-xs text-muted-foreground" data-testid="margin-unknown-count">{s.marginUnknown(sum.totals.margin_unknown_count)}</p>
              )}
            </CardContent></Card>
          ))}
        </div>
      )}
      {sum && (
        <Card>
          <CardHeader><CardTitle>{s.revenue} · {s.margin}</CardTitle></CardHeader>
          <CardContent className="h-64">
            <ResponsiveContainer width="100%" height="100%">
              <BarChart data={sum.buckets}>
                <CartesianGrid strokeDasharray="3 3" vertical={false} />
                <XAxis dataKey="start" tick={axisTick} tickFormatter={bucketLabel} />
                <YAxis tick={axisTick} tickFormatter={(v: number) => euroTick(v, lang)} width={56} />
                <Tooltip contentStyle={tooltipStyle} formatter={(v) => money(Number(v))} labelFormatter={(l) => bucketLabel(String(l))} />
                <Legend />
                <Bar dataKey="revenue" name={s.revenue} fill={CHART_COLORS[0]} radius={[4, 4, 0, 0]} isAnimationActive={false} />
                <Bar dataKey="margin" name={s.margin} fill={CHART_COLORS[1]} radius={[4, 4, 0, 0]} isAnimationActive={false} />
              </BarChart>
            </ResponsiveContainer>
          </CardContent>
        </Card>
      )}
      <div className="grid gap-4 lg:grid-cols-2">
        {through.data && (
          <Card>
            <CardHeader><CardTitle>{s.sellThrough}</CardTitle></CardHeader>
            <CardContent><ul className="flex flex-col gap-1 text-sm">
              {through.data.groups.slice(0, 10).map((g) => (
                <li key={g.key} className="flex justify-between gap-2">
                  <span>{g.label ? categoryLabel(g.key, lang) : s.noCategory}</span>
                  <span>{Math.round(g.sell_through * 100)} % · {g.sold}/{g.listed}{g.median_days_to_sell !== null ? ` · ${s.medianDays(String(g.median_days_to_sell))}` : ''}</span>
                </li>
              ))}
            </ul></CardContent>
          </Card>
        )}
        {ageing.data && (
          <Card>
            <CardHeader><CardTitle>{s.ageing}</CardTitle></CardHeader>
            <CardContent className="flex flex-col gap-2 text-sm">
              <div className="h-40">
                <ResponsiveContainer width="100%" height="100%">
                  <BarChart data={ageing.data.buckets}>
                    <XAxis dataKey="key" tick={axisTick} /><YAxis tick={axisTick} allowDecimals={false} width={32} />
                    <Tooltip contentStyle={tooltipStyle} />
                    <Bar dataKey="items" name={s.items} fill={CHART_COLORS[2]} radius={[4, 4, 0, 0]} isAnimationActive={false} />
                  </BarChart>
                </ResponsiveContainer>
              </div>
              <p>{s.unsoldValue(money(ageing.data.unsold.value_at_cost), money(ageing.data.unsold.value_at_price))}</p>
            </CardContent>
          </Card>
        )}
        {drops.data && (
          <Card data-testid="price-drops">
            <CardHeader><CardTitle>{s.drops}</CardTitle></CardHeader>
            <CardContent className="flex flex-col gap-1 text-sm">
              <p>{s.dropsLine(drops.data.sold_after_drop, drops.data.sold, drops.data.sold_within_days_of_drop, drops.data.days)}</p>
              {drops.data.sale_to_first_ratio !== null && <p>{s.ratio(`${Math.round(drops.data.sale_to_first_ratio * 100)} %`)}</p>}
            </CardContent>
          </Card>
        )}
        <PriceModelCard />
      </div>
    </div>
  );
}
