import { CartesianGrid, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { useI18n } from '../../i18n/index.tsx';
import { euroTick } from '../../lib/chart.ts';
import type { Item } from './use-item.ts';

/** The price over time from price_history, with the table beside it for screen readers. */
export function PriceHistory({ item }: { item: Item }) {
  const { t, money, date, locale, lang } = useI18n();
  const h = item.price_history;
  if (!h.length) return <p className="text-sm text-muted-foreground">{t.item.history.empty}</p>;
  const first = h[0];
  const points = [
    ...(first.old_price !== null ? [{ at: new Date(item.created_at).getTime(), price: first.old_price }] : []),
    ...h.map((e) => ({ at: new Date(e.at).getTime(), price: e.new_price })),
  ];
  const short = new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'short' });
  return (
    <div className="space-y-3">
      <div className="h-48 w-full" role="img" aria-label={t.item.history.title}>
        <ResponsiveContainer width="100%" height="100%">
          <LineChart data={points} margin={{ top: 8, right: 12, bottom: 0, left: 0 }}>
            <CartesianGrid strokeDasharray="3 3" stroke="var(--border)" />
            <XAxis dataKey="at" type="number" scale="time" domain={['dataMin', 'dataMax']} tickFormatter={(v) => short.format(v)} tick={{ fontSize: 11, fill: 'var(--muted-foreground)' }} />
            <YAxis width={52} tickFormatter={(v) => euroTick(Number(v), lang)} tick={{ fontSize: 11, fill: 'var(--muted-foreground)' }} domain={['auto', 'auto']} />
            <Tooltip formatter={(v) => money(Number(v))} labelFormatter={(v) => date(new Date(Number(v)).toISOString(), true)} contentStyle={{ background: 'var(--popover)', border: '1px solid var(--border)', borderRadius: 8 }} />
            <Line type="stepAfter" dataKey="price" name={t.item.history.price} stroke="var(--chart-1)" strokeWidth={2} dot={{ r: 3 }} isAnimationActive={false} />
          </LineChart>
        </ResponsiveContainer>
      </div>
      <details className="text-sm">
        <summary className="cursor-pointer text-muted-foreground">{t.item.history.table}</summary>
        <table className="mt-2 w-full text-left">
          <thead>
            <tr className="text-xs text-muted-foreground"><th className="py-1">{t.item.history.date}</th><th>{t.item.history.price}</th><th /></tr>
          </thead>
          <tbody>
            {h.map((e) => (
              <tr key={e.at + e.new_price} className="border-t">
                <td className="py-1">{date(e.at, true)}</td>
                <td className="tabular-nums">{e.old_price !== null ? `${money(e.old_price)} → ` : ''}{money(e.new_price)}</td>
                <td className="text-xs text-muted-foreground">{t.item.history.reasons[e.reason] ?? t.item.history.reasons.edit}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </div>
  );
}
