import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { SparklesIcon } from 'lucide-react';
import { api, unwrap } from '../../api/client.ts';
import { Button } from '../../components/ui/button.tsx';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '../../components/ui/card.tsx';
import { ErrorCallout } from '../../components/ui/feedback.tsx';
import { useToast } from '../../components/ui/toast.tsx';
import { useI18n } from '../../i18n/index.tsx';

/** "Prix appris sur vos ventes": whether the model learned from the seller's sales prices new items, and why. */
export function PriceModelCard() {
  const { t, money, date } = useI18n();
  const s = t.priceModel;
  const qc = useQueryClient();
  const toast = useToast();
  const status = useQuery({ queryKey: ['pricing', 'model'], queryFn: ({ signal }) => unwrap(api.GET('/pricing/model', { signal })) });
  const train = useMutation({
    mutationFn: () => unwrap(api.POST('/pricing/model/train', { body: {} })),
    onSuccess: (r) => {
      qc.setQueryData(['pricing', 'model'], r);
      toast({ title: s.trained, variant: 'success' });
    },
  });
  const m = status.data;
  const run = m?.last_run;
  return (
    <Card data-testid="price-model">
      <CardHeader>
        <CardTitle>{s.title}</CardTitle>
        <CardDescription>{s.explain}</CardDescription>
      </CardHeader>
      <CardContent className="flex flex-col gap-2 text-sm">
        {m && (
          <p className="font-medium" data-testid="price-model-state">
            {m.sales_available < m.min_sales ? s.waiting(m.sales_available, m.min_sales) : m.in_use ? s.inUse : s.notUsed}
          </p>
        )}
        {run && run.model_error !== null && run.rules_error !== null && (
          <p data-testid="price-model-errors">{s.measured(money(run.model_error), money(run.rules_error), run.test_sales, run.train_sales)}</p>
        )}
        {run && <p className="text-muted-foreground">{s.reasons[run.reason] ?? ''} {s.lastRun(date(run.trained_at, true))}</p>}
        {m && !run && <p className="text-muted-foreground">{s.never}</p>}
        {(status.error || train.error) && <ErrorCallout error={status.error ?? train.error} />}
        <div>
          <Button type="button" variant="outline" onClick={() => train.mutate()} disabled={train.isPending || !m} data-testid="price-model-train">
            <SparklesIcon aria-hidden /> {s.train}
          </Button>
        </div>
      </CardContent>
    </Card>
  );
}
