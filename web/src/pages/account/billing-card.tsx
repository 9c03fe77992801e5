import { useMutation, useQuery } from '@tanstack/react-query';
import { CreditCardIcon, ExternalLinkIcon, RefreshCwIcon } from 'lucide-react';
import { useSearchParams } from 'react-router';
import { api, type Schemas, unwrap } from '../../api/client.ts';
import { ApiError } from '../../api/errors.ts';
import { Badge } from '../../components/ui/badge.tsx';
import { Button } from '../../components/ui/button.tsx';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '../../components/ui/card.tsx';
import { Callout, ErrorCallout } from '../../components/ui/feedback.tsx';
import { Skeleton } from '../../components/ui/skeleton.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { useQuotaAmount } from './quotas-card.tsx';

// My subscription (accounts mode with Stripe billing): the plan whose quotas apply, its state, the plans on offer,
// and the ways to Stripe: Checkout to subscribe, the customer portal to manage. Without Stripe on the server the
// card is not shown (the admin sets quotas by hand). The plan changes only when Stripe's event reaches the server,
// so coming back from Checkout says so and offers to refresh.

type Billing = Schemas['Billing'];
const METRICS = ['listings', 'analyses', 'storage_bytes', 'vinted_accounts'] as const;
/** A subscription Stripe still runs: a new Checkout would make a second one (the server answers 409), so: manage. */
const live = (b: Billing) => b.status !== null && b.status !== 'canceled' && b.status !== 'incomplete_expired';

export function BillingCard() {
  const { t, date } = useI18n();
  const b = t.billing;
  const amount = useQuotaAmount();
  const [params] = useSearchParams();
  const returned = params.get('billing');
  const billing = useQuery({
    queryKey: ['billing'],
    queryFn: ({ signal }) => unwrap(api.GET('/billing', { signal })),
    retry: (n, e) => !(e instanceof ApiError && e.status === 404) && n < 2,
  });
  const go = useMutation({
    mutationFn: (to: { plan: string } | 'portal') => unwrap(to === 'portal' ? api.POST('/billing/portal', { body: {} }) : api.POST('/billing/checkout', { body: to })),
    onSuccess: (r) => window.location.assign(r.url),
  });
  if (billing.error instanceof ApiError && billing.error.status === 404) return null;
  const data = billing.data;
  return (
    <Card data-testid="billing-card">
      <CardHeader>
        <CardTitle>{b.title}</CardTitle>
        <CardDescription>{b.explain}</CardDescription>
      </CardHeader>
      <CardContent className="space-y-3">
        {returned === 'success' && <Callout variant="success">{b.success}</Callout>}
        {returned === 'cancelled' && <Callout>{b.cancelled}</Callout>}
        {billing.isPending ? <Skeleton className="h-24 w-full" /> : billing.isError ? <ErrorCallout error={billing.error} /> : data && (
          <>
            <div className="flex flex-wrap items-center gap-2 text-sm">
              <span className="text-muted-foreground">{b.current}</span>
              <span className="font-medium" data-testid="billing-plan">{data.plan.name}</span>
              {data.status && <Badge variant={data.status === 'active' || data.status === 'trialing' ? 'success' : 'warning'} data-testid="billing-status">{b.status[data.status] ?? data.status}</Badge>}
              {data.current_period_end && live(data) && (
                <span className="text-xs text-muted-foreground">{(data.cancel_at_period_end ? b.ends : b.renews)(date(data.current_period_end))}</span>
              )}
            </div>
            {data.status === 'past_due' && <Callout variant="warning">{b.pastDue}</Callout>}
            <ul className="grid gap-2 sm:grid-cols-2" data-testid="billing-plans">
              {data.plans.map((p) => (
                <li key={p.id} className="rounded-md border p-3 text-sm" data-testid={`billing-plan-${p.id}`}>
                  <div className="mb-1 flex items-center justify-between gap-2">
                    <span className="font-medium">{p.name}</span>
                    {p.id === data.plan.id && <Badge variant="secondary">{b.yours}</Badge>}
                  </div>
                  <ul className="text-xs text-muted-foreground">
                    {METRICS.map((m) => (
                      <li key={m}>{b.limit(t.quotas.metric[m], p.quotas[m] === null ? t.quotas.unlimited : amount(m, p.quotas[m]))}</li>
                    ))}
                  </ul>
                  {p.purchasable && p.id !== data.plan.id && !live(data) && (
                    <Button size="sm" className="mt-2" disabled={go.isPending} onClick={() => go.mutate({ plan: p.id })} data-testid={`subscribe-${p.id}`}>
                      <CreditCardIcon aria-hidden="true" />
                      {b.subscribe}
                    </Button>
                  )}
                </li>
              ))}
            </ul>
            <div className="flex flex-wrap gap-2">
              {data.has_customer && (
                <Button variant="outline" disabled={go.isPending} onClick={() => go.mutate('portal')} title={b.manageExplain} data-testid="billing-manage">
                  <ExternalLinkIcon aria-hidden="true" />
                  {b.manage}
                </Button>
              )}
              {returned === 'success' && (
                <Button variant="ghost" onClick={() => void billing.refetch()} data-testid="billing-refresh">
                  <RefreshCwIcon aria-hidden="true" />
                  {b.refresh}
                </Button>
              )}
            </div>
          </>
        )}
        {go.isError && <ErrorCallout error={go.error} />}
      </CardContent>
    </Card>
  );
}
