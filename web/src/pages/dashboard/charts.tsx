import { Bar, BarChart, CartesianGrid, Cell, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { ReactNode } from 'react';
import { Card, CardContent, CardHeader, CardTitle } from '../../components/ui/card.tsx';
import { Skeleton } from '../../components/ui/skeleton.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { axisTick, CHART_COLORS, tooltipStyle } from '../../lib/chart.ts';
import { STATUSES } from '../../lib/vocabulary.ts';

/** A chart in a card, with its numbers as a table for screen readers (the picture alone says nothing to them). */
export function ChartCard({ title, rows, children, empty, loading, testId }: { title: string; rows: [string, string][]; children: ReactNode; empty?: string; loading?: boolean; testId?: string }) {
  const { t } = useI18n();
  return (
    <Card data-testid={testId}>
      <CardHeader><CardTitle>{title}</CardTitle></CardHeader>
      <CardContent>
        {loading ? (
          <Skeleton className="h-52 w-full" />
        ) : empty ? (
          <p className="flex h-24 items-center justify-center text-center text-sm text-muted-foreground sm:h-52">{empty}</p>
        ) : (
          <>
            <div className="h-52 w-full" aria-hidden="true">{children}</div>
            <table className="sr-only">
              <caption>{t.dashboard.charts.tableLabel(title)}</caption>
              <tbody>{rows.map(([k, v]) => <tr key={k}><th scope="row">{k}</th><td>{v}</td></tr>)}</tbody>
            </table>
          </>
        )}
      </CardContent>
    </Card>
  );
}

const STATUS_COLORS: Record<string, string> = { draft: 'var(--muted-foreground)', listed: 'var(--chart-1)', sold: 'var(--chart-4)', archived: 'var(--chart-3)' };

export function StatusChart({ byStatus, loading }: { byStatus?: Record<(typeof STATUSES)[number], number>; loading: boolean }) {
  const { t, number } = useI18n();
  const data = STATUSES.map((s) => ({ key: s, name: t.status[s], count: byStatus?.[s] ?? 0 }));
  const total = data.reduce((a, d) => a + d.count, 0);
  return (
    <ChartCard title={t.dashboard.charts.byStatus} loading={loading} empty={!loading && total === 0 ? t.stock.emptyTitle : undefined} rows={data.map((d) => [d.name, number(d.count)])} testId="chart-status">
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: -16 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="var(--border)" vertical={false} />
          <XAxis dataKey="name" tick={axisTick} interval={0} />
          <YAxis allowDecimals={false} tick={axisTick} />
          <Tooltip contentStyle={tooltipStyle} cursor={{ fill: 'var(--muted)' }} />
          <Bar dataKey="count" name={t.dashboard.charts.byStatusCount} radius={[4, 4, 0, 0]} isAnimationActive={false}>
            {data.map((d) => <Cell key={d.key} fill={STATUS_COLORS[d.key]} />)}
          </Bar>
        </BarChart>
      </ResponsiveContainer>
    </ChartCard>
  );
}

export function BrandsChart({ brands, loading }: { brands?: { brand: string; count: number }[]; loading: boolean }) {
  const { t, number } = useI18n();
  const data = brands ?? [];
  return (
    <ChartCard title={t.dashboard.charts.topBrands} loading={loading} empty={!loading && data.length === 0 ? t.dashboard.charts.brandsEmpty : undefined} rows={data.map((b) => [b.brand, number(b.count)])} testId="chart-brands">
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={data} layout="vertical" margin={{ top: 0, right: 12, bottom: 0, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="var(--border)" horizontal={false} />
          <XAxis type="number" allowDecimals={false} tick={axisTick} />
          <YAxis type="category" dataKey="brand" width={96} tick={axisTick} tickFormatter={(v: string) => (v.length > 14 ? `${v.slice(0, 13)}…` : v)} />
          <Tooltip contentStyle={tooltipStyle} cursor={{ fill: 'var(--muted)' }} />
          <Bar dataKey="count" name={t.dashboard.charts.byStatusCount} radius={[0, 4, 4, 0]} isAnimationActive={false}>
            {data.map((b, i) => <Cell key={b.brand} fill={CHART_COLORS[i % CHART_COLORS.length]} />)}
          </Bar>
        </BarChart>
      </ResponsiveContainer>
    </ChartCard>
  );
}

export function DropsChart({ runs, loading }: { runs?: { day: string; dropped: number; trigger: string }[]; loading: boolean }) {
  const { t, locale, number } = useI18n();
  const byDay = new Map<string, number>();
  for (const r of runs ?? []) if (r.trigger !== 'preview') byDay.set(r.day, (byDay.get(r.day) ?? 0) + r.dropped);
  const data = [...byDay].sort(([a], [b]) => a.localeCompare(b)).map(([day, dropped]) => ({ day, dropped }));
  const short = new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'short' });
  const label = (d: string) => short.format(new Date(`${d}T12:00:00`));
  return (
    <ChartCard title={t.dashboard.charts.drops} loading={loading} empty={!loading && !data.some((d) => d.dropped > 0) ? t.dashboard.charts.dropsEmpty : undefined} rows={data.map((d) => [label(d.day), number(d.dropped)])} testId="chart-drops">
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: -16 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="var(--border)" vertical={false} />
          <XAxis dataKey="day" tickFormatter={label} tick={axisTick} />
          <YAxis allowDecimals={false} tick={axisTick} />
          <Tooltip contentStyle={tooltipStyle} labelFormatter={(d) => label(String(d))} cursor={{ fill: 'var(--muted)' }} />
          <Bar dataKey="dropped" name={t.dashboard.cards.drops30} fill="var(--chart-2)" radius={[4, 4, 0, 0]} isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </ChartCard>
  );
}

export function SalesChart({ weeks, loading }: { weeks: { week: number; count: number; amount: number }[]; loading: boolean }) {
  const { t, locale, money, number } = useI18n();
  const short = new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'short' });
  return (
    <ChartCard
      title={t.dashboard.charts.sales}
      loading={loading}
      empty={!loading && !weeks.some((w) => w.count > 0) ? t.dashboard.charts.salesEmpty : undefined}
      rows={weeks.map((w) => [t.dashboard.charts.weekOf(short.format(w.week)), `${number(w.count)} · ${money(w.amount)}`])}
      testId="chart-sales"
    >
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={weeks} margin={{ top: 8, right: 8, bottom: 0, left: -16 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="var(--border)" vertical={false} />
          <XAxis dataKey="week" tickFormatter={(v) => short.format(v)} tick={axisTick} />
          <YAxis allowDecimals={false} tick={axisTick} />
          <Tooltip
            contentStyle={tooltipStyle}
            labelFormatter={(v) => t.dashboard.charts.weekOf(short.format(Number(v)))}
            formatter={(v, name, item) => (name === t.dashboard.charts.salesCount ? [`${v} · ${money((item.payload as { amount: number }).amount)}`, name] : [String(v), name])}
            cursor={{ fill: 'var(--muted)' }}
          />
          <Bar dataKey="count" name={t.dashboard.charts.salesCount} fill="var(--chart-4)" radius={[4, 4, 0, 0]} isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </ChartCard>
  );
}
