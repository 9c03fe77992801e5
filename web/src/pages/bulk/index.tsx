import { RotateCcwIcon } from 'lucide-react';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useSearchParams } from 'react-router';
import { ApiImage } from '../../components/api-image.tsx';
import { PageHeader } from '../../components/layout/page-header.tsx';
import { Button } from '../../components/ui/button.tsx';
import { Callout, ErrorCallout } from '../../components/ui/feedback.tsx';
import { Skeleton } from '../../components/ui/skeleton.tsx';
import { parseEuros } from '../../components/listing/form-state.ts';
import { useI18n } from '../../i18n/index.tsx';
import { cn } from '../../lib/utils.ts';
import { ClusterCard, NewGroupDropZone, type Override } from './cluster-card.tsx';
import { PhotoDragProvider } from './photo-drag.tsx';
import { IntakeNotes, IntakeStep } from './intake-step.tsx';
import { ExecutePanel, type PlanDefaults, PlanForm, PlanTable } from './plan-execute.tsx';
import { ProgressStep } from './progress-step.tsx';
import { type BulkStatus, type ClusterPatch, type IntakeAnswer, type Plan, type PlanRequest, useBoardListings, useBulkStatus, useKeepDuplicate, usePatchCluster, usePlan } from './use-bulk.ts';

const STEPS = ['upload', 'progress', 'board', 'plan', 'execute'] as const;

function Steps({ current }: { current: (typeof STEPS)[number] }) {
  const { t } = useI18n();
  const at = STEPS.indexOf(current);
  return (
    <ol aria-label={t.bulk.stepsLabel} className="mb-4 flex gap-1 overflow-x-auto text-xs sm:text-sm">
      {STEPS.map((s, i) => (
        <li key={s} aria-current={i === at ? 'step' : undefined} className={cn('flex items-center gap-1.5 whitespace-nowrap rounded-full px-2.5 py-1', i === at ? 'bg-primary text-primary-foreground' : i < at ? 'bg-accent text-accent-foreground' : 'bg-muted text-muted-foreground')}>
          <span className="font-semibold">{i + 1}</span>
          <span className={i === at ? undefined : 'sr-only sm:not-sr-only'}>{t.bulk.steps[s]}</span>
        </li>
      ))}
    </ol>
  );
}

function Board({ status, plan, setPlan }: { status: BulkStatus; plan: Plan | null; setPlan(p: Plan | null): void }) {
  const { t, lang, errorText } = useI18n();
  const b = t.bulk.board;
  const patch = usePatchCluster(status.job_id);
  const keep = useKeepDuplicate(status.job_id);
  const planM = usePlan();
  const listings = useBoardListings(status.job_id, status.clusters, lang);
  // After a keyboard move, the moved photo keeps the focus in its new place.
  const focusAfter = useRef<string | null>(null);
  const onPatch = (id: string, body: Omit<ClusterPatch, 'job_id'>, focus?: string) => {
    focusAfter.current = focus ?? null;
    patch.mutate({ id, body });
  };
  useEffect(() => {
    const photo = focusAfter.current;
    if (!photo) return;
    const el = document.querySelector<HTMLElement>(`[data-photo="${photo}"]`);
    // Only when the focus was lost with the old tile (a photo moved to another group is a new element).
    if (el && (document.activeElement === document.body || document.activeElement === null)) {
      el.focus();
      focusAfter.current = null;
    }
  }, [status.clusters]);
  const [defaults, setDefaults] = useState<PlanDefaults>({ price: '20', condition: 'good', gender: '', mode: 'template', city: '' });
  const ids = status.clusters.map((c) => c.id);
  const thumbs = Object.fromEntries(status.clusters.map((c) => [c.id, (c.photos.find((p) => p.id === c.cover_photo_id) ?? c.photos[0])?.thumb_url]));
  // A change to the groups makes a built plan stale.
  const shape = status.clusters.map((c) => `${c.id}:${c.photos.map((p) => p.id).join(',')}:${c.category}:${c.color_key}:${c.brand}:${c.size}`).join('|');
  useEffect(() => setPlan(null), [shape, setPlan]);
  const ov = (id: string): Override => listings.value(id);
  const build = () => {
    const o: NonNullable<PlanRequest['overrides']> = {};
    for (const id of ids) {
      const x = ov(id);
      const price = parseEuros(x.price);
      const entry: NonNullable<PlanRequest['overrides']>[string] = {};
      // A title under 5 characters or a price under 1 € is not a listing's yet: the plan keeps its own.
      if (x.title.trim().length >= 5) entry.title = x.title.trim();
      if (price !== null && !Number.isNaN(price) && price >= 1) entry.price = price;
      if (x.publish) entry.publish = true;
      if (Object.keys(entry).length) o[id] = entry;
    }
    const price = parseEuros(defaults.price);
    planM.mutate(
      {
        job_id: status.job_id,
        mode: defaults.mode,
        defaults: { condition: defaults.condition, publish: false, ...(defaults.gender ? { gender: defaults.gender } : {}), ...(price !== null && !Number.isNaN(price) ? { price } : {}) },
        ...(Object.keys(o).length ? { overrides: o } : {}),
        ...(defaults.city.trim() ? { city: defaults.city.trim() } : {}),
      },
      { onSuccess: setPlan },
    );
  };
  return (
    <div className="space-y-4">
      <div>
        <h2 className="text-lg font-semibold">{b.title(status.clusters.length)}</h2>
        <p className="text-sm text-muted-foreground">{b.help}</p>
      </div>
      {patch.isError && <ErrorCallout error={patch.error} />}
      <PhotoDragProvider onDrop={(photoId, from, to) => onPatch(from, { move: { photo_ids: [photoId], to } })}>
        <div className="grid gap-3 md:grid-cols-2 2xl:grid-cols-3" data-testid="cluster-board">
          {status.clusters.map((c, i) => (
            <ClusterCard
              key={c.id}
              job={status.job_id}
              cluster={c}
              others={ids.filter((x) => x !== c.id)}
              neighbours={{ previous: ids[i - 1] ?? null, next: ids[i + 1] ?? null }}
              busy={patch.isPending}
              onPatch={onPatch}
              override={ov(c.id)}
              onOverride={(o) => listings.change(c.id, o)}
              saveState={listings.state(c.id)}
            />
          ))}
          <NewGroupDropZone />
        </div>
      </PhotoDragProvider>
      {(status.duplicates.length > 0 || status.errors.length > 0) && (
        <details className="rounded-lg border bg-card p-3 text-sm">
          <summary className="cursor-pointer font-medium">
            {[status.duplicates.length ? b.duplicates(status.duplicates.length) : null, status.errors.length ? b.errors(status.errors.length) : null].filter(Boolean).join(' · ')}
          </summary>
          <ul className="mt-2 space-y-1.5">
            {status.duplicates.map((d) => (
              <li key={d.photo.id} className="flex items-center gap-2">
                <ApiImage src={d.photo.thumb_url} alt="" className="size-10 rounded" />
                <span className="min-w-0 break-all">{d.photo.filename}</span>
                {d.kept && <span className="text-xs text-muted-foreground">— {b.keptTwin(d.kept.filename ?? d.kept.id)}</span>}
                {d.in_stock_item_id && <span className="text-xs text-muted-foreground">— {b.inStock}</span>}
                <Button size="sm" variant="outline" className="ml-auto shrink-0" title={b.keepHelp} disabled={keep.isPending} onClick={() => keep.mutate(d.photo.id)} data-testid="keep-duplicate">
                  {b.keep}
                </Button>
              </li>
            ))}
            {status.errors.map((e) => (
              <li key={e.photo_id} className="break-all text-destructive">{e.filename} — {errorText(e.code)}</li>
            ))}
          </ul>
        </details>
      )}
      <PlanForm value={defaults} onChange={(p) => setDefaults((d) => ({ ...d, ...p }))} onBuild={build} busy={planM.isPending} error={planM.error} />
      {plan && <PlanTable plan={plan} thumbs={thumbs} />}
      {plan && <ExecutePanel plan={plan} />}
    </div>
  );
}

export default function BulkPage() {
  const { t } = useI18n();
  const [params, setParams] = useSearchParams();
  const job = params.get('job');
  const [intake, setIntake] = useState<IntakeAnswer | null>(null);
  const [plan, setPlan] = useState<Plan | null>(null);
  const status = useBulkStatus(job);
  const s = status.data;
  const step = useMemo(() => {
    if (!job) return 'upload' as const;
    if (!s || s.status === 'processing') return 'progress' as const;
    if (plan) return 'execute' as const;
    return 'board' as const;
  }, [job, s, plan]);
  const reset = () => {
    setIntake(null);
    setPlan(null);
    setParams({}, { replace: false });
  };
  return (
    <div>
      <PageHeader
        title={t.bulk.title}
        description={t.bulk.description}
        actions={job ? <Button variant="outline" onClick={reset}><RotateCcwIcon aria-hidden="true" />{t.bulk.progress.newBatch}</Button> : undefined}
      />
      <Steps current={step === 'execute' ? 'execute' : step} />
      <div className="space-y-4">
        {intake && <IntakeNotes answer={intake} />}
        {!job ? (
          <IntakeStep
            onStarted={(a) => {
              setIntake(a);
              setParams({ job: a.job_id });
            }}
          />
        ) : status.isError ? (
          <ErrorCallout error={status.error} onRetry={() => status.refetch()} />
        ) : !s ? (
          <Skeleton className="h-48 w-full" />
        ) : s.status === 'processing' ? (
          <ProgressStep status={s} />
        ) : s.status === 'failed' || s.status === 'cancelled' ? (
          <Callout variant={s.status === 'failed' ? 'error' : 'info'} title={s.status === 'failed' ? t.bulk.progress.failed : t.bulk.progress.cancelled}>
            {s.error && (
              <details className="text-xs">
                <summary className="cursor-pointer">{t.common.details}</summary>
                <p className="break-words font-mono" translate="no" lang="en">{s.error}</p>
              </details>
            )}
          </Callout>
        ) : (
          <Board status={s} plan={plan} setPlan={setPlan} />
        )}
      </div>
    </div>
  );
}
