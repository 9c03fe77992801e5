import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { PlayIcon, RotateCcwIcon, ShieldAlertIcon } from 'lucide-react';
import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import { api, type Paths, unwrap } from '../../api/client.ts';
import { Button } from '../../components/ui/button.tsx';
import { Card, CardContent, CardHeader, CardTitle } from '../../components/ui/card.tsx';
import { Checkbox, Switch } from '../../components/ui/controls.tsx';
import { ConfirmDialog } from '../../components/ui/dialog.tsx';
import { Callout, ErrorCallout } from '../../components/ui/feedback.tsx';
import { Field, Input, Label } from '../../components/ui/input.tsx';
import { Skeleton } from '../../components/ui/skeleton.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { useVintedSettings, useVintedStatus } from '../item/vinted-flow.ts';

type SettingsPatch = NonNullable<Paths['/vinted/settings']['patch']['requestBody']>['content']['application/json'];

/** The publication switch behind the Terms notice, the queue's mode and budget, and the circuit breaker. */
export function PublicationCard() {
  const { t, date, lang } = useI18n();
  const s = t.vinted.settings;
  const qc = useQueryClient();
  const settings = useVintedSettings();
  const status = useVintedStatus();
  const [terms, setTerms] = useState(false);
  const [ack, setAck] = useState(false);
  const [budget, setBudget] = useState('');
  const [attempts, setAttempts] = useState('');
  useEffect(() => {
    if (settings.data) {
      setBudget(String(settings.data.hourly_write_budget));
      setAttempts(String(settings.data.queue_max_attempts));
    }
  }, [settings.data]);
  const patch = useMutation({
    mutationFn: (body: SettingsPatch) => unwrap(api.PATCH('/vinted/settings', { body })),
    onSuccess: (d) => {
      qc.setQueryData(['vinted', 'settings'], d);
      void qc.invalidateQueries({ queryKey: ['vinted', 'status'] });
      setTerms(false);
      setAck(false);
    },
  });
  const resume = useMutation({
    mutationFn: () => unwrap(api.POST('/vinted/resume', { body: {} })),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['vinted', 'status'] }),
  });
  if (settings.isPending) return <Card><CardContent className="pt-5"><Skeleton className="h-32 w-full" /></CardContent></Card>;
  if (settings.isError) return <Card><CardHeader><CardTitle>{s.publicationTitle}</CardTitle></CardHeader><CardContent><ErrorCallout error={settings.error} /></CardContent></Card>;
  const d = settings.data;
  const guard = status.data?.guard;
  const pace = status.data?.pace;
  return (
    <Card>
      <CardHeader><CardTitle>{s.publicationTitle}</CardTitle></CardHeader>
      <CardContent className="space-y-4">
        <div className="flex items-start justify-between gap-3">
          <div>
            <Label htmlFor="publication-enabled">{d.publication_enabled ? s.publicationOn : s.publicationOff}</Label>
            {d.terms_acknowledged_at && <p className="mt-1 text-xs text-muted-foreground">{s.acknowledgedAt(date(d.terms_acknowledged_at, true))}</p>}
          </div>
          <Switch
            id="publication-enabled"
            data-testid="publication-switch"
            checked={d.publication_enabled}
            disabled={patch.isPending}
            onCheckedChange={(on) => (on ? setTerms(true) : patch.mutate({ publication_enabled: false }))}
          />
        </div>
        {guard?.stopped && (
          <Callout variant="error" title={s.stopped} icon={ShieldAlertIcon}>
            <p>{s.stoppedText(guard.stopped_reason ?? '?')}</p>
            <Button size="sm" variant="outline" className="mt-2" onClick={() => resume.mutate()} disabled={resume.isPending}>
              <RotateCcwIcon aria-hidden="true" />
              {s.resume}
            </Button>
          </Callout>
        )}
        {guard && guard.backoff_seconds_left > 0 && <Callout variant="warning" title={s.backoff(guard.backoff_seconds_left)} />}
        {pace && <p className="text-sm text-muted-foreground">{s.pace(pace.writes_last_hour, pace.hourly_write_budget)}</p>}
        <div className="space-y-3">
          <div className="flex items-start gap-2">
            <Checkbox id="queue-dry-run" checked={d.dry_run} disabled={patch.isPending} onCheckedChange={(c) => patch.mutate({ dry_run: c === true })} aria-describedby="queue-dry-run-hint" />
            <div>
              <Label htmlFor="queue-dry-run">{s.queueDryRun}</Label>
              <p id="queue-dry-run-hint" className="text-xs text-muted-foreground">{s.queueDryRunHint}</p>
            </div>
          </div>
          <div className="flex items-start gap-2">
            <Checkbox id="prefer-draft" checked={d.prefer_vinted_draft} disabled={patch.isPending} onCheckedChange={(c) => patch.mutate({ prefer_vinted_draft: c === true })} />
            <Label htmlFor="prefer-draft" className="leading-snug">{s.preferDraft}</Label>
          </div>
        </div>
        <form
          className="grid gap-3 sm:grid-cols-2"
          onSubmit={(e) => {
            e.preventDefault();
            patch.mutate({ hourly_write_budget: Number(budget), queue_max_attempts: Number(attempts) });
          }}
        >
          <Field id="write-budget" label={s.budget} hint={s.budgetHint}>
            <Input id="write-budget" type="number" min={1} max={200} value={budget} onChange={(e) => setBudget(e.target.value)} />
          </Field>
          <Field id="max-attempts" label={s.maxAttempts}>
            <Input id="max-attempts" type="number" min={1} max={20} value={attempts} onChange={(e) => setAttempts(e.target.value)} />
          </Field>
          <div className="sm:col-span-2">
            <Button type="submit" variant="outline" disabled={patch.isPending || (budget === String(d.hourly_write_budget) && attempts === String(d.queue_max_attempts))}>
              {t.common.save}
            </Button>
          </div>
        </form>
        {patch.isError && <ErrorCallout error={patch.error} />}
      </CardContent>
      <ConfirmDialog
        open={terms}
        onOpenChange={(o) => {
          setTerms(o);
          if (!o) setAck(false);
        }}
        title={s.termsTitle}
        description={
          <div className="max-h-[50dvh] space-y-2 overflow-y-auto rounded-md border bg-muted/50 p-3 text-sm text-foreground" data-testid="terms-notice">
            {/* The notice in full in the seller's language, for the version the server asks to accept; the original beside it. */}
            {s.termsNotice[d.current_terms_notice_version] ? (
              <p className="whitespace-pre-line" data-testid="terms-notice-text">{s.termsNotice[d.current_terms_notice_version]}</p>
            ) : (
              <>
                <p>{s.termsSummary}</p>
                <p className="text-xs text-muted-foreground">{s.termsUntranslated}</p>
              </>
            )}
            {lang !== 'en' && (
              <details className="pt-1 text-xs" open={!s.termsNotice[d.current_terms_notice_version]}>
                <summary className="cursor-pointer font-medium text-muted-foreground">{s.termsOriginal}</summary>
                <p className="mt-1 whitespace-pre-line" lang="en">{d.terms_notice}</p>
              </details>
            )}
          </div>
        }
        confirmLabel={s.enable}
        busy={!ack || patch.isPending}
        onConfirm={() => patch.mutate({ publication_enabled: true, acknowledge_terms: true })}
      >
        <div className="flex items-start gap-2">
          <Checkbox id="ack-terms" checked={ack} onCheckedChange={(c) => setAck(c === true)} data-testid="terms-ack" />
          <Label htmlFor="ack-terms" className="leading-snug">{s.acknowledge}</Label>
        </div>
      </ConfirmDialog>
    </Card>
  );
}

/** Items opted in for automatic publication, where each one stands, and a manual pass. */
export function QueueCard() {
  const { t, date } = useI18n();
  const s = t.vinted.settings;
  const qc = useQueryClient();
  const queue = useQuery({ queryKey: ['vinted', 'queue'], queryFn: ({ signal }) => unwrap(api.GET('/vinted/publish/queue', { signal })), refetchInterval: 30_000 });
  const run = useMutation({ mutationFn: () => unwrap(api.POST('/vinted/publish/queue/run', { body: {} })), onSettled: () => qc.invalidateQueries({ queryKey: ['vinted'] }) });
  const requeue = useMutation({
    mutationFn: (item_id: string) => unwrap(api.POST('/vinted/publish/queue/{item_id}/requeue', { params: { path: { item_id } }, body: {} })),
    onSettled: () => qc.invalidateQueries({ queryKey: ['vinted', 'queue'] }),
  });
  return (
    <Card>
      <CardHeader>
        <div className="flex flex-wrap items-center justify-between gap-2">
          <CardTitle>{s.queueTitle}</CardTitle>
          <Button size="sm" variant="outline" onClick={() => run.mutate()} disabled={run.isPending}>
            <PlayIcon aria-hidden="true" />
            {s.runQueue}
          </Button>
        </div>
      </CardHeader>
      <CardContent className="space-y-2">
        {queue.isPending ? <Skeleton className="h-16 w-full" /> : queue.isError ? <ErrorCallout error={queue.error} /> : queue.data.items.length === 0 ? (
          <p className="text-sm text-muted-foreground">{s.queueEmpty}</p>
        ) : (
          <>
            <p className="text-sm text-muted-foreground">{s.queueSize(queue.data.queue_size)}</p>
            <ul className="divide-y rounded-lg border">
              {queue.data.items.map((it) => (
                <li key={it.item_id} className="flex flex-wrap items-center gap-2 p-2 text-sm" data-testid="vinted-queue-item">
                  <Link to={`/stock/${it.item_id}`} className="min-w-0 flex-1 truncate font-medium hover:underline">{it.title}</Link>
                  <span className="rounded-full bg-muted px-2 py-0.5 text-xs">{s.states[it.state] ?? s.states.pending}</span>
                  {it.next_attempt_at && <span className="text-xs text-muted-foreground">{date(it.next_attempt_at, true)}</span>}
                  {(it.state === 'needs_manual' || it.state === 'dead') && (
                    <Button size="sm" variant="ghost" onClick={() => requeue.mutate(it.item_id)}>{s.requeue}</Button>
                  )}
                  {it.last_error && <p className="w-full break-words text-xs text-muted-foreground">{it.last_error}</p>}
                </li>
              ))}
            </ul>
          </>
        )}
        {(run.error || requeue.error) && <ErrorCallout error={run.error ?? requeue.error} />}
        <PublishLog />
      </CardContent>
    </Card>
  );
}

/** The last attempts (prepare, publish, Vinted draft) and how each ended. */
function PublishLog() {
  const { t, date, errorText } = useI18n();
  const l = t.settings.log;
  const q = useQuery({ queryKey: ['vinted', 'log'], queryFn: ({ signal }) => unwrap(api.GET('/vinted/publish/log', { params: { query: { limit: 10 } }, signal })) });
  if (!q.data) return null;
  return (
    <details className="rounded-lg border p-2 text-sm" data-testid="vinted-log">
      <summary className="cursor-pointer font-medium">{l.title}</summary>
      {q.data.entries.length === 0 ? (
        <p className="mt-2 text-muted-foreground">{l.empty}</p>
      ) : (
        <ul className="mt-2 space-y-1">
          {q.data.entries.map((e) => (
            <li key={e.id} className="flex flex-wrap gap-x-2 text-xs" data-testid="vinted-log-entry">
              <span className="text-muted-foreground">{date(e.at, true)}</span>
              <span className="font-medium">{l.actions[e.action] ?? l.action}</span>
              <span>{l.outcomes[e.outcome] ?? e.outcome}{e.dry_run ? ` (${l.dry})` : ''}</span>
              {e.reason && <span className="text-muted-foreground">{t.vinted.reasons[e.reason] ?? errorText(e.reason)}</span>}
              {e.listing_url && <a href={e.listing_url} target="_blank" rel="noreferrer" className="text-primary hover:underline">{e.listing_id}</a>}
            </li>
          ))}
        </ul>
      )}
    </details>
  );
}
