import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { HardDriveIcon } from 'lucide-react';
import { api, unwrap } from '../../api/client.ts';
import { Button } from '../../components/ui/button.tsx';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '../../components/ui/card.tsx';
import { ErrorCallout } from '../../components/ui/feedback.tsx';
import { useToast } from '../../components/ui/toast.tsx';
import { useI18n } from '../../i18n/index.tsx';

/** "Stockage des photos": bytes per tier (local, bucket, cold) and what the lifecycle would move next. */
export function StorageCard() {
  const { t } = useI18n();
  const s = t.storage;
  const qc = useQueryClient();
  const toast = useToast();
  const stats = useQuery({ queryKey: ['storage', 'stats'], queryFn: ({ signal }) => unwrap(api.GET('/storage/stats', { signal })) });
  const run = useMutation({
    mutationFn: () => unwrap(api.POST('/storage/lifecycle', { body: { dry_run: false } })),
    onSuccess: (r) => {
      toast({ title: s.ran(r.moved.photos, r.orphans.objects), variant: 'success' });
      void qc.invalidateQueries({ queryKey: ['storage', 'stats'] });
    },
  });
  const d = stats.data;
  return (
    <Card data-testid="storage-card">
      <CardHeader>
        <CardTitle>{s.title}</CardTitle>
        <CardDescription>{s.explain}</CardDescription>
      </CardHeader>
      <CardContent className="space-y-3">
        {d && (
          <>
            <p className="text-sm font-medium" data-testid="storage-backend">{s.backend(d.backend)}</p>
            <ul className="space-y-1 text-sm">
              {d.tiers.map((tier) => (
                <li key={tier.tier} className="flex justify-between gap-3" data-testid={`storage-tier-${tier.tier}`}>
                  <span>{s.tier(tier.tier, d.backend)}</span>
                  <span className="text-muted-foreground tabular-nums">{s.tierLine(tier.objects, tier.bytes)}</span>
                </li>
              ))}
            </ul>
            <p className="text-xs text-muted-foreground">{d.rules.cold_after_days ? s.ruleOn(d.rules.cold_after_days) : s.ruleOff}</p>
            {d.rules.cold_after_days > 0 && <p className="text-sm" data-testid="storage-next">{s.next(d.next.photos, d.next.bytes)}</p>}
          </>
        )}
        {(stats.error || run.error) && <ErrorCallout error={stats.error ?? run.error} />}
        <Button type="button" variant="outline" onClick={() => run.mutate()} disabled={!d || run.isPending} data-testid="storage-run">
          <HardDriveIcon aria-hidden /> {s.run}
        </Button>
      </CardContent>
    </Card>
  );
}
