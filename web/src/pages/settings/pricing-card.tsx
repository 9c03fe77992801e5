import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { TrendingDownIcon } from 'lucide-react';
import { type FormEvent, useEffect, useState } from 'react';
import { api, type Paths, type Schemas, unwrap } from '../../api/client.ts';
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
type PricingSettings = Schemas['PricingSettings'];
interface Form {
  enabled: boolean;
  dropByDefault: boolean;
  rate: string;
  floor: string;
  rounding: PricingSettings['rounding'];
  withoutFloor: PricingSettings['without_floor'];
}

const decimal = (x: number, lang: 'fr' | 'en') => (lang === 'fr' ? String(x).replace('.', ',') : String(x));
const formOf = (d: PricingSettings, lang: 'fr' | 'en'): Form => ({
  enabled: d.auto_drop_enabled, dropByDefault: d.drop_by_default, rate: decimal(Math.round(d.drop_rate * 1000) / 10, lang),
  floor: decimal(d.min_floor, lang), rounding: d.rounding, withoutFloor: d.without_floor,
});

/** Seller-wide price-drop defaults, what the next run will change, and a manual run. */
export function PricingCard() {
  const { t, date, lang, money } = useI18n();
  const p = t.settings.pricing;
  const qc = useQueryClient();
  const toast = useToast();
  const settings = usePricingSettings();
  const preview = useQuery({ queryKey: ['pricing', 'preview'], queryFn: ({ signal }) => unwrap(api.GET('/pricing/preview', { signal })) });
  const runs = useQuery({ queryKey: ['pricing', 'runs'], queryFn: ({ signal }) => unwrap(api.GET('/pricing/runs', { params: { query: { limit: 1 } }, signal })) });
  // Every field of the card is edited here and saved together with one button (the switches and menus too).
  const [form, setForm] = useState<Form | null>(null);
  const [confirm, setConfirm] = useState(false);
  useEffect(() => {
    if (settings.data) setForm(formOf(settings.data, lang));
  }, [settings.data, lang]);
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
  // The real effect of the rate and the rounding typed (not yet saved), on a 15 € item, through the server's own rule.
  const exampleRate = form ? Number(form.rate.replace(',', '.')) / 100 : NaN;
  const example = useQuery({
    queryKey: ['pricing', 'example', exampleRate, form?.rounding],
    enabled: !!form && exampleRate > 0 && exampleRate <= 0.5,
    queryFn: ({ signal }) => unwrap(api.POST('/pricing/simulate', { body: { initial_price: 15, min_price: 1, rate: exampleRate, days: 3, rounding: form!.rounding }, signal })),
    placeholderData: (prev) => prev,
  });
  if (settings.isPending) return <Card><CardContent className="pt-5"><Skeleton className="h-40 w-full" /></CardContent></Card>;
  if (settings.isError) return <Card><CardHeader><CardTitle>{p.title}</CardTitle></CardHeader><CardContent><ErrorCallout error={settings.error} /></CardContent></Card>;
  const d = settings.data;
  const f = form ?? formOf(d, lang);
  const saved = formOf(d, lang);
  const dirty = JSON.stringify(f) !== JSON.stringify(saved);
  const set = (x: Partial<Form>) => setForm({ ...f, ...x });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    patch.mutate({
      auto_drop_enabled: f.enabled, drop_by_default: f.dropByDefault, rounding: f.rounding, without_floor: f.withoutFloor,
      drop_rate: Number(f.rate.replace(',', '.')) / 100, min_floor: Number(f.floor.replace(',', '.')),
    } as PricingPatch);
  };
  const previewCount = preview.data?.dropped;
  return (
    <Card>
      <CardHeader>
        <CardTitle>{p.title}</CardTitle>
        <CardDescription>{p.explain}</CardDescription>
      </CardHeader>
      <CardContent className="space-y-4">
        <form onSubmit={submit} className="grid gap-3 sm:grid-cols-2" data-testid="pricing-form">
          <div className="flex items-center justify-between gap-3 sm:col-span-2">
            <Label htmlFor="auto-drop-enabled">{p.enabled}</Label>
            <Switch id="auto-drop-enabled" checked={f.enabled} onCheckedChange={(v) => set({ enabled: v })} />
          </div>
          <div className="flex items-start justify-between gap-3 sm:col-span-2">
            <div>
              <Label htmlFor="drop-by-default">{p.dropByDefault}</Label>
              <p className="text-xs text-muted-foreground">{p.dropByDefaultHint}</p>
            </div>
            <Switch id="drop-by-default" checked={f.dropByDefault} onCheckedChange={(v) => set({ dropByDefault: v })} />
          </div>
          <Field id="default-rate" label={p.rate} error={issues.drop_rate}>
            <Input id="default-rate" inputMode="decimal" value={f.rate} onChange={(e) => set({ rate: e.target.value })} />
          </Field>
          <Field id="min-floor" label={p.minFloor} hint={p.minFloorHint} error={issues.min_floor}>
            <Input id="min-floor" inputMode="decimal" value={f.floor} onChange={(e) => set({ floor: e.target.value })} />
          </Field>
          <Field id="rounding" label={p.rounding} className="sm:col-span-2">
            <NativeSelect id="rounding" value={f.rounding} onChange={(e) => set({ rounding: e.target.value as Form['rounding'] })}>
              {Object.entries(p.roundings).map(([k, v]) => <option key={k} value={k}>{v}</option>)}
            </NativeSelect>
          </Field>
          {example.data && example.data.length > 1 && (
            <p className="-mt-1 text-xs text-muted-foreground sm:col-span-2" data-testid="pricing-example">
              {p.example(money(example.data[0].price), example.data.slice(1).map((d) => money(d.price)).join(' → '))}
            </p>
          )}
          <Field id="without-floor" label={p.withoutFloor} className="sm:col-span-2">
            <NativeSelect id="without-floor" value={f.withoutFloor} onChange={(e) => set({ withoutFloor: e.target.value as Form['withoutFloor'] })}>
              {Object.entries(p.withoutFloors).map(([k, v]) => <option key={k} value={k}>{v}</option>)}
            </NativeSelect>
          </Field>
          <div className="flex flex-wrap items-center gap-2 sm:col-span-2">
            <Button type="submit" disabled={patch.isPending || !dirty} data-testid="pricing-save">
              {patch.isPending ? t.common.saving : t.common.save}
            </Button>
            {dirty && (
              <>
                <Button type="button" variant="ghost" onClick={() => setForm(saved)}>{t.common.reset}</Button>
                <span className="text-xs text-muted-foreground" role="status">{p.unsaved}</span>
              </>
            )}
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
