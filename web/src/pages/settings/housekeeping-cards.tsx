import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { BroomIcon, FlaskConicalIcon, Trash2Icon } from 'lucide-react';
import { type FormEvent, useEffect, useState } from 'react';
import { api, type Paths, unwrap } from '../../api/client.ts';
import { Button } from '../../components/ui/button.tsx';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '../../components/ui/card.tsx';
import { Checkbox, Switch } from '../../components/ui/controls.tsx';
import { ConfirmDialog } from '../../components/ui/dialog.tsx';
import { Callout, ErrorCallout, useFieldIssues } from '../../components/ui/feedback.tsx';
import { Field, Input, Label, NativeSelect } from '../../components/ui/input.tsx';
import { Skeleton } from '../../components/ui/skeleton.tsx';
import { useToast } from '../../components/ui/toast.tsx';
import { useI18n } from '../../i18n/index.tsx';

type PurgePatch = NonNullable<Paths['/settings/maintenance']['patch']['requestBody']>['content']['application/json'];
type PurgeReport = Paths['/maintenance/purge']['post']['responses'][200]['content']['application/json'];

/** When an item lands in the dashboard's "to do": the three thresholds. */
export function RecommendationsCard() {
  const { t } = useI18n();
  const r = t.settings.recommendations;
  const toast = useToast();
  const qc = useQueryClient();
  const q = useQuery({ queryKey: ['settings', 'recommendations'], queryFn: ({ signal }) => unwrap(api.GET('/settings/recommendations', { signal })) });
  const [v, setV] = useState({ listed_days: '', floor_days: '', low_score: '' });
  useEffect(() => {
    if (q.data) setV({ listed_days: String(q.data.listed_days), floor_days: String(q.data.floor_days), low_score: String(q.data.low_score) });
  }, [q.data]);
  const save = useMutation({
    mutationFn: () => unwrap(api.PATCH('/settings/recommendations', { body: { listed_days: Number(v.listed_days), floor_days: Number(v.floor_days), low_score: Number(v.low_score) } })),
    onSuccess: (d) => {
      qc.setQueryData(['settings', 'recommendations'], d);
      void qc.invalidateQueries({ queryKey: ['listings', 'recommendations'] });
      toast({ title: r.saved, variant: 'success' });
    },
  });
  const issues = useFieldIssues(save.error);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate();
  };
  return (
    <Card>
      <CardHeader>
        <CardTitle>{r.title}</CardTitle>
        <CardDescription>{r.explain}</CardDescription>
      </CardHeader>
      <CardContent>
        {q.isPending ? <Skeleton className="h-20" /> : q.isError ? <ErrorCallout error={q.error} /> : (
          <form onSubmit={submit} className="grid grid-cols-3 items-end gap-3">
            <Field id="rec-listed" label={r.listedDays} error={issues.listed_days}>
              <Input id="rec-listed" type="number" min={1} max={365} value={v.listed_days} onChange={(e) => setV((x) => ({ ...x, listed_days: e.target.value }))} />
            </Field>
            <Field id="rec-floor" label={r.floorDays} error={issues.floor_days}>
              <Input id="rec-floor" type="number" min={1} max={365} value={v.floor_days} onChange={(e) => setV((x) => ({ ...x, floor_days: e.target.value }))} />
            </Field>
            <Field id="rec-score" label={r.lowScore} error={issues.low_score}>
              <Input id="rec-score" type="number" min={0} max={100} value={v.low_score} onChange={(e) => setV((x) => ({ ...x, low_score: e.target.value }))} />
            </Field>
            <div className="col-span-3">
              <Button type="submit" variant="outline" disabled={save.isPending}>{t.common.save}</Button>
            </div>
            {save.isError && !Object.keys(issues).length && <ErrorCallout error={save.error} className="col-span-3" />}
          </form>
        )}
      </CardContent>
    </Card>
  );
}

/** The nightly clean-up: what it touches, a dry run that counts, and a run now behind a confirmation. */
export function MaintenanceCard() {
  const { t, number } = useI18n();
  const m = t.settings.maintenance;
  const toast = useToast();
  const qc = useQueryClient();
  const q = useQuery({ queryKey: ['settings', 'maintenance'], queryFn: ({ signal }) => unwrap(api.GET('/settings/maintenance', { signal })) });
  const [days, setDays] = useState({ drafts: '', logs: '' });
  const [confirm, setConfirm] = useState(false);
  const [report, setReport] = useState<PurgeReport | null>(null);
  useEffect(() => {
    if (q.data) setDays({ drafts: String(q.data.drafts_after_days), logs: String(q.data.logs_after_days) });
  }, [q.data]);
  const patch = useMutation({
    mutationFn: (body: PurgePatch) => unwrap(api.PATCH('/settings/maintenance', { body })),
    onSuccess: (d) => {
      qc.setQueryData(['settings', 'maintenance'], d);
      toast({ title: m.saved, variant: 'success' });
    },
  });
  const purge = useMutation({
    mutationFn: (dry: boolean) => unwrap(api.POST('/maintenance/purge', { body: { dry_run: dry } })),
    onSuccess: (r) => {
      setReport(r);
      setConfirm(false);
      if (!r.dry_run) void qc.invalidateQueries({ queryKey: ['listings'] });
    },
    onError: () => setConfirm(false),
  });
  if (q.isPending) return <Card><CardContent className="pt-5"><Skeleton className="h-32" /></CardContent></Card>;
  if (q.isError) return <Card><CardHeader><CardTitle>{m.title}</CardTitle></CardHeader><CardContent><ErrorCallout error={q.error} /></CardContent></Card>;
  const d = q.data;
  const logs = report ? report.logs.job_runs + report.logs.scheduler_ticks + report.logs.price_drop_runs : 0;
  return (
    <Card>
      <CardHeader>
        <CardTitle>{m.title}</CardTitle>
        <CardDescription>{m.explain}</CardDescription>
      </CardHeader>
      <CardContent className="space-y-3">
        <div className="flex items-center justify-between gap-3">
          <Label htmlFor="purge-drafts">{m.draftsEnabled}</Label>
          <Switch id="purge-drafts" checked={d.drafts_enabled} disabled={patch.isPending} onCheckedChange={(v) => patch.mutate({ drafts_enabled: v })} />
        </div>
        <div className="grid grid-cols-2 gap-3">
          <Field id="purge-drafts-days" label={m.draftsAfter}>
            <Input id="purge-drafts-days" type="number" min={1} value={days.drafts} disabled={!d.drafts_enabled} onChange={(e) => setDays((x) => ({ ...x, drafts: e.target.value }))} onBlur={() => Number(days.drafts) !== d.drafts_after_days && patch.mutate({ drafts_after_days: Number(days.drafts) })} />
          </Field>
          <Field id="purge-action" label={m.draftsAction}>
            <NativeSelect id="purge-action" value={d.drafts_action} disabled={!d.drafts_enabled} onChange={(e) => patch.mutate({ drafts_action: e.target.value as PurgePatch['drafts_action'] })}>
              {Object.entries(m.actions).map(([k, v]) => <option key={k} value={k}>{v}</option>)}
            </NativeSelect>
          </Field>
          <Field id="purge-logs" label={m.logsAfter}>
            <Input id="purge-logs" type="number" min={1} value={days.logs} onChange={(e) => setDays((x) => ({ ...x, logs: e.target.value }))} onBlur={() => Number(days.logs) !== d.logs_after_days && patch.mutate({ logs_after_days: Number(days.logs) })} />
          </Field>
          <div className="flex items-end gap-2 pb-2">
            <Checkbox id="purge-orphans" checked={d.orphan_photos} onCheckedChange={(c) => patch.mutate({ orphan_photos: c === true })} />
            <Label htmlFor="purge-orphans" className="leading-snug">{m.orphans}</Label>
          </div>
        </div>
        {patch.isError && <ErrorCallout error={patch.error} />}
        <div className="flex flex-wrap gap-2">
          <Button size="sm" variant="outline" onClick={() => purge.mutate(true)} disabled={purge.isPending}>{m.check}</Button>
          <Button size="sm" variant="outline" onClick={() => setConfirm(true)} disabled={purge.isPending}>
            <BroomIcon aria-hidden="true" />
            {m.run}
          </Button>
        </div>
        {purge.isError && <ErrorCallout error={purge.error} />}
        {report && (
          <Callout variant="success" title={report.dry_run ? m.dry : m.done}>
            {m.report(report.drafts.count, logs, report.orphan_files.count, number(report.orphan_files.bytes / 1024 / 1024, 1))}
          </Callout>
        )}
      </CardContent>
      <ConfirmDialog open={confirm} onOpenChange={setConfirm} title={m.runConfirm} description={m.runConfirmText} confirmLabel={m.run} busy={purge.isPending} onConfirm={() => purge.mutate(false)} />
    </Card>
  );
}

/** Five demo drafts through the real pipeline, and their removal. */
export function DemoCard() {
  const { t } = useI18n();
  const d = t.settings.demo;
  return (
    <Card>
      <CardHeader>
        <CardTitle>{d.title}</CardTitle>
        <CardDescription>{d.explain}</CardDescription>
      </CardHeader>
      <CardContent><DemoButtons /></CardContent>
    </Card>
  );
}

export function DemoButtons({ onlyCreate = false }: { onlyCreate?: boolean }) {
  const { t } = useI18n();
  const d = t.settings.demo;
  const toast = useToast();
  const qc = useQueryClient();
  const refresh = () => {
    void qc.invalidateQueries({ queryKey: ['listings'] });
    void qc.invalidateQueries({ queryKey: ['stats'] });
  };
  const create = useMutation({
    mutationFn: () => unwrap(api.POST('/test/photoset', { body: {} })),
    onSuccess: (r) => {
      toast({ title: d.created(r.items.length), variant: 'success' });
      refresh();
    },
  });
  const remove = useMutation({
    mutationFn: () => unwrap(api.DELETE('/test/photoset')),
    onSuccess: (r) => {
      toast({ title: d.removed(r.deleted) });
      refresh();
    },
  });
  return (
    <div className="space-y-2">
      <div className="flex flex-wrap justify-center gap-2 sm:justify-start">
        <Button variant="outline" onClick={() => create.mutate()} disabled={create.isPending} data-testid="demo-create">
          <FlaskConicalIcon aria-hidden="true" />
          {create.isPending ? t.common.loading : d.create}
        </Button>
        {!onlyCreate && (
          <Button variant="ghost" onClick={() => remove.mutate()} disabled={remove.isPending}>
            <Trash2Icon aria-hidden="true" />
            {d.remove}
          </Button>
        )}
      </div>
      {(create.error || remove.error) && <ErrorCallout error={create.error ?? remove.error} />}
    </div>
  );
}
