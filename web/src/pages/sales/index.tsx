import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { api, unwrap } from '../../api/client.ts';
import { PageHeader } from '../../components/layout/page-header.tsx';
import { Button } from '../../components/ui/button.tsx';
import { Card, CardContent, CardHeader, CardTitle } from '../../components/ui/card.tsx';
import { ErrorCallout } from '../../components/ui/feedback.tsx';
import { Input, NativeSelect } from '../../components/ui/input.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { MarginCell } from './margin-cell.tsx';

// "Ventes": the to-ship list (oldest sale first, with where the item waits) with one-click status changes, and the
// ledger with its filters and CSV export; a sale without a purchase cost shows no margin until the cost is entered.
const NEXT: Record<string, { to: 'shipped' | 'delivered' | 'completed'; label: 'ship' | 'deliver' | 'complete' } | undefined> = {
  sold: { to: 'shipped', label: 'ship' }, shipped: { to: 'delivered', label: 'deliver' }, delivered: { to: 'completed', label: 'complete' },
};
const STATUSES = ['sold', 'shipped', 'delivered', 'completed', 'cancelled', 'returned'] as const;
type Status = (typeof STATUSES)[number];

export default function SalesPage() {
  const { t, money, date } = useI18n();
  const s = t.sales;
  const qc = useQueryClient();
  const [status, setStatus] = useState<Status | ''>('');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const toShip = useQuery({ queryKey: ['orders', 'to-ship'], queryFn: ({ signal }) => unwrap(api.GET('/orders/to-ship', { signal })) });
  const query = { ...(status ? { status } : {}), ...(from ? { from } : {}), ...(to ? { to } : {}), limit: 50 };
  const ledger = useQuery({ queryKey: ['orders', 'list', query], queryFn: ({ signal }) => unwrap(api.GET('/orders', { params: { query }, signal })) });
  const move = useMutation({
    mutationFn: (v: { id: string; status: Status }) => unwrap(api.PATCH('/orders/{id}', { params: { path: { id: v.id } }, body: { status: v.status } })),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['orders'] }),
  });
  const csvUrl = `/orders/export.csv?${new URLSearchParams(Object.entries(query).filter(([k]) => k !== 'limit').map(([k, v]) => [k, String(v)])).toString()}`;
  return (
    <div className="flex flex-col gap-6">
      <PageHeader title={s.title} description={s.description} />
      {move.isError && <ErrorCallout error={move.error} />}
      <Card data-testid="to-ship">
        <CardHeader><CardTitle>{s.toShip}{toShip.data ? ` · ${s.toShipCount(toShip.data.count)}` : ''}</CardTitle></CardHeader>
        <CardContent>
          {toShip.isError && <ErrorCallout error={toShip.error} />}
          {toShip.data?.orders.length === 0 && <p className="text-sm text-muted-foreground">{s.toShipEmpty}</p>}
          <ul className="flex flex-col divide-y">
            {toShip.data?.orders.map((o) => (
              <li key={o.id} className="flex flex-wrap items-center gap-x-4 gap-y-2 py-2" data-testid="to-ship-row">
                {/* On a phone the item takes the first line, where it waits and the button the second. */}
                <div className="min-w-0 basis-full sm:basis-0 sm:flex-1">
                  <Link to={`/stock/${o.item_id}`} className="font-medium hover:underline" translate="no">{o.item?.title ?? o.item_id}</Link>
                  <p className="text-xs text-muted-foreground">
                    {date(o.sold_at)} · {money(o.sale_price)}{o.item?.sku && <> · {s.sku} <span translate="no">{o.item.sku}</span></>}
                  </p>
                </div>
                <span className="mr-auto rounded bg-muted px-2 py-1 text-sm sm:mr-0" data-testid="to-ship-location">
                  {/* "Emplacement B2"; without one, the fact alone ("Emplacement sans emplacement" read twice). */}
                  {o.item?.storage_location
                    ? <><span className="text-muted-foreground">{s.location}</span>{' '}<span translate="no" className="font-semibold">{o.item.storage_location}</span></>
                    : <span className="text-muted-foreground">{s.noLocation}</span>}
                </span>
                <Button size="sm" onClick={() => move.mutate({ id: o.id, status: 'shipped' })} disabled={move.isPending}>{s.ship}</Button>
              </li>
            ))}
          </ul>
        </CardContent>
      </Card>
      <Card data-testid="ledger">
        <CardHeader><CardTitle>{s.ledger}</CardTitle></CardHeader>
        <CardContent className="flex flex-col gap-3">
          <div className="flex flex-wrap items-end gap-3">
            <label className="flex flex-col gap-1 text-sm">{t.sales.columns.status}
              <NativeSelect className="w-44" value={status} onChange={(e) => setStatus(e.target.value as Status | '')}>
                <option value="">{s.anyStatus}</option>
                {STATUSES.map((st) => <option key={st} value={st}>{s.statuses[st]}</option>)}
              </NativeSelect>
            </label>
            <label className="flex flex-col gap-1 text-sm">{s.from}<Input type="date" className="w-40" value={from} onChange={(e) => setFrom(e.target.value)} /></label>
            <label className="flex flex-col gap-1 text-sm">{s.to}<Input type="date" className="w-40" value={to} onChange={(e) => setTo(e.target.value)} /></label>
            <Button variant="outline" size="sm" asChild><a href={csvUrl} download>{s.exportCsv}</a></Button>
          </div>
          {ledger.isError && <ErrorCallout error={ledger.error} />}
          {ledger.data?.orders.length === 0 && <p className="text-sm text-muted-foreground">{s.ledgerEmpty}</p>}
          <div className="overflow-x-auto">
            <table className="w-full text-sm">
              <thead><tr className="text-left text-muted-foreground">
                <th className="py-1 pr-3">{s.columns.item}</th><th className="hidden pr-3 sm:table-cell">{s.columns.sold}</th><th className="pr-3 text-right">{s.columns.price}</th>
                <th className="hidden pr-3 text-right sm:table-cell">{s.columns.margin}</th><th className="hidden pr-3 sm:table-cell">{s.columns.status}</th><th className="hidden sm:table-cell">{s.columns.actions}</th>
              </tr></thead>
              <tbody>
                {ledger.data?.orders.map((o) => {
                  const next = NEXT[o.status];
                  const actions = (
                    <>
                      {next && <Button size="sm" variant="outline" onClick={() => move.mutate({ id: o.id, status: next.to })}>{s[next.label]}</Button>}
                      {o.status === 'sold' && <Button size="sm" variant="ghost" onClick={() => move.mutate({ id: o.id, status: 'cancelled' })}>{s.cancel}</Button>}
                    </>
                  );
                  return (
                    <tr key={o.id} className="border-t" data-testid="ledger-row">
                      <td className="max-w-40 py-1 pr-3 sm:max-w-56">
                        <span className="block truncate" translate="no">{o.item?.title ?? o.item_id}</span>
                        {/* A phone has no room for these columns: they go under the title. */}
                        <span className="block text-xs text-muted-foreground sm:hidden">{date(o.sold_at)} · {s.statuses[o.status]}</span>
                        {/* …and so do the actions, which would not fit beside the title and price. */}
                        {(next || o.status === 'sold') && <div className="mt-1 flex flex-wrap gap-2 sm:hidden">{actions}</div>}
                      </td>
                      <td className="hidden whitespace-nowrap pr-3 sm:table-cell">{date(o.sold_at)}</td>
                      <td className="whitespace-nowrap pr-3 text-right">
                        {money(o.sale_price)}
                        {/* The margin column does not fit a phone: the margin (or the box to enter the cost) under the price. */}
                        <div className="mt-0.5 text-xs text-muted-foreground sm:hidden" data-testid="ledger-margin-phone">
                          {o.margin !== null && <>{s.columns.margin} </>}<MarginCell order={o} />
                        </div>
                      </td>
                      <td className="hidden whitespace-nowrap pr-3 text-right sm:table-cell"><MarginCell order={o} /></td>
                      <td className="hidden pr-3 sm:table-cell">{s.statuses[o.status]}</td>
                      <td className="hidden py-1 sm:table-cell"><div className="flex flex-wrap gap-2">{actions}</div></td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        </CardContent>
      </Card>
    </div>
  );
}
