import { useQuery } from '@tanstack/react-query';
import { api, type Schemas, unwrap } from '../../api/client.ts';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '../../components/ui/card.tsx';
import { ErrorCallout } from '../../components/ui/feedback.tsx';
import { Skeleton } from '../../components/ui/skeleton.tsx';
import { useI18n } from '../../i18n/index.tsx';

// My quotas (accounts mode): what the admin allowed me, what I used this month and what remains.

type Line = Schemas['QuotaLine'];

/** A quota amount in words: bytes as MB for storage, a count otherwise. */
export function useQuotaAmount() {
  const { number } = useI18n();
  return (metric: Line['metric'], v: number) => (metric === 'storage_bytes' ? `${number(v / 1_000_000, 1)} MB` : number(v));
}

export function QuotasCard() {
  const { t } = useI18n();
  const q = t.quotas;
  const amount = useQuotaAmount();
  const quotas = useQuery({ queryKey: ['auth', 'quotas'], queryFn: ({ signal }) => unwrap(api.GET('/auth/quotas', { signal })) });
  return (
    <Card>
      <CardHeader>
        <CardTitle>{q.title}</CardTitle>
        <CardDescription>{quotas.data ? q.explain(quotas.data.period) : null}</CardDescription>
      </CardHeader>
      <CardContent>
        {quotas.isPending ? <Skeleton className="h-20 w-full" /> : quotas.isError ? <ErrorCallout error={quotas.error} /> : (
          <ul className="divide-y" data-testid="quota-list">
            {quotas.data.quotas.map((l) => (
              <li key={l.metric} className="flex items-center justify-between gap-3 py-2 text-sm" data-testid={`quota-${l.metric}`}>
                <span>{q.metric[l.metric]}</span>
                <span className="text-right tabular-nums">
                  {l.limit === null ? q.unlimited : q.usedOf(l.used === null ? '–' : amount(l.metric, l.used), amount(l.metric, l.limit))}
                  {l.remaining !== null && <span className="block text-xs text-muted-foreground">{q.remaining(amount(l.metric, l.remaining))}</span>}
                </span>
              </li>
            ))}
          </ul>
        )}
        {quotas.data?.quotas.some((l) => l.metric === 'vinted_accounts' && l.limit !== null) && <p className="mt-2 text-xs text-muted-foreground">{q.vintedNote}</p>}
      </CardContent>
    </Card>
  );
}
