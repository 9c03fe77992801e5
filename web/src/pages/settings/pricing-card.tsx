import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { TrendingDownIcon } from 'lucide-react';
import { type FormEvent, useEffect, useState } from 'react';
import { api, type Paths, unwrap } from '../../api/client.ts';
import { Button } from '../../components/ui/button.tsx';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '../../components/ui/card.tsx';
import { Switch } from '../../components/ui/controls.tsx';
import { ConfirmDialog } from '../../components/ui/dialog.tsx';
import { ErrorCallout, useFieldIssues } from '../../components/ui/feedback.tsx';
import { Field, Input, Label, NativeSelect } from '../../components/ui/input.tsx';
import { Skeleton } from '../../components/ui/skeleton.tsx';
import { useToast } from '../../components/ui/toast.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { usePricingSettings } from '../item/pricing-hooks.ts';

type PricingPatch = NonNullable<Paths['/settings/pricing']['patch']['requestBody']>['content']['application/json'];

/** Seller-wide price-drop defaults, what the next run will change, and a manual run. */
export function PricingCard() {
  const { t, date } = useI18n();
  const p = t.settings.pricing;
  const qc = useQueryClient();
  const toast = useToast();
  const settings = usePricingSettings();
  const preview = useQuery({ queryKey: ['pricing', 'preview'], queryFn: ({ signal }) => unwrap(api.GET('/pricing/preview', { signal })) });
  const runs = useQuery({ queryKey: ['pricing', 'runs'], queryFn: ({ signal }) => unwrap(api.GET('/pricing/runs', { params: { query: { limit: 1 } }, signal })) });
  const [rate, setRate] = useState('');
  const [floor, setFloor] = useState('');
  const [confirm, setConfirm] = useState(false);
  useEffect(() => {
    if (settings.data) {
      setRate(String(Math.round(settings.data.drop_rate * 1000) / 10));
      setFloor(String(settings.data.min_floor));
    }
  }, [settings.data]);
  const patch = useMutation({
    mutationFn: (body: PricingPatch) => unwrap(api.PATCH('/settings/pricing', { body })),
    onSuccess: (d) => {
      qc.setQueryData(['settings', 'pricing'], d);
      void qc.invalidateQueries({ queryKey: ['pricing'] });
      toast({ title: p.saved, variant: 'success' });
    },
  });
  const run = useMutation({
    mutationFn: () => unwrap(api.POST('/pricing/run', { body: { dry_run: false } })),
    onSuccess: (r) => {
      setConfirm(false);
      toast({ title: p.ran(r.dropped), variant: 'success' });
      void qc.invalidateQueries({ queryKey: ['pricing'] });
      void qc.invalidateQueries({ queryKey: ['listings'] });
    },
    onError: () => setConfirm(false),
  });
  const issues = useFieldIssues(patch.error);
  if (settings.isPending) return <Card><CardContent className="pt-5"><Skeleton className="h-40 w-full" /></CardContent></Card>;
  if (settings.isError) return <Card><CardHeader><CardTitle>{p.title}</CardTitle></CardHeader><CardContent><ErrorCallout error={settings.error} /></CardContent></Card>;
  const d = settings.data;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    patch.mutate({ drop_rate: Number(rate.replace(',', '.')) / 100, min_floor: Number(floor.replace(',', '.')) });
  };
  const previewCount = preview.data?.dropped;
  return (
    <Card>
      <CardHeader>
        <CardTitle>{p.title}</CardTitle>
        <CardDescription>{p.explain}</CardDescription>
      </CardHeader>
      <CardContent className="space-y-4">
        <div className="flex items-center justify-between gap-3">
          <Label htmlFor="auto-drop-enabled">{p.enabled}</Label>
          <Switch id="auto-drop-enabled" checked={d.auto_drop_enabled} disabled={patch.isPending} onCheckedChange={(v) => patch.mutate({ auto_drop_enabled: v })} />
        </div>
        <form onSubmit={submit} className="grid gap-3 sm:grid-cols-2">
          <Field id="default-rate" label={p.rate} error={issues.drop_rate}>
            <Input id="default-rate" inputMode="decimal" value={rate} onChange={(e) => setRate(e.target.value)} />
          </Field>
          <Field id="min-floor" label={p.minFloor} hint={p.minFloorHint} error={issues.min_floor}>
            <Input id="min-floor" inputMode="decimal" value={floor} onChange={(e) => setFloor(e.target.value)} />
          </Field>
          <Field id="rounding" label={p.rounding}>
            <NativeSelect id="rounding" value={d.rounding} onChange={(e) => patch.mutate({ rounding: e.target.value as PricingPatch['rounding'] })}>
              {Object.entries(p.roundings).map(([k, v]) => <option key={k} value={k}>{v}</option>)}
            </NativeSelect>
          </Field>
          <Field id="without-floor" label={p.withoutFloor}>
            <NativeSelect id="without-floor" value={d.without_floor} onChange={(e) => patch.mutate({ without_floor: e.target.value as PricingPatch['without_floor'] })}>
              {Object.entries(p.withoutFloors).map(([k, v]) => <option key={k} value={k}>{v}</option>)}
            </NativeSelect>
          </Field>
          <div className="sm:col-span-2">
            <Button type="submit" variant="outline" disabled={patch.isPending || (rate === String(Math.round(d.drop_rate * 1000) / 10) && floor === String(d.min_floor))}>
              {t.common.save}
            </Button>
          </div>
        </form>
        {patch.isError && <ErrorCallout error={patch.error} />}
        <div className="flex flex-wrap items-center justify-between gap-2 rounded-lg border p-3 text-sm">
          <div>
            <p className="font-medium">{p.preview}</p>
            <p className="text-muted-foreground">
              {previewCount !== undefined ? p.previewCount(previewCount) : '…'}
              {runs.data?.next_run ? ` · ${p.nextRun(date(runs.data.next_run, true))}` : ''}
            </p>
          </div>
          <Button size="sm" variant="outline" onClick={() => setConfirm(true)} disabled={run.isPending}>
            <TrendingDownIcon aria-hidden="true" />
            {p.runNow}
          </Button>
        </div>
        {run.isError && <ErrorCallout error={run.error} />}
      </CardContent>
      <ConfirmDialog open={confirm} onOpenChange={setConfirm} title={p.runConfirm} description={p.runConfirmText} confirmLabel={p.runNow} busy={run.isPending} onConfirm={() => run.mutate()} />
    </Card>
  );
}
