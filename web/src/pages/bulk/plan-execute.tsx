import { AlertTriangleIcon, CheckIcon, ClipboardListIcon, MinusIcon, PlayIcon, RocketIcon, XIcon } from 'lucide-react';
import { useState } from 'react';
import { Link } from 'react-router';
import { ApiImage } from '../../components/api-image.tsx';
import { Badge } from '../../components/ui/badge.tsx';
import { Button } from '../../components/ui/button.tsx';
import { Card, CardContent, CardHeader, CardTitle } from '../../components/ui/card.tsx';
import { Switch } from '../../components/ui/controls.tsx';
import { ConfirmDialog } from '../../components/ui/dialog.tsx';
import { Callout, ErrorCallout } from '../../components/ui/feedback.tsx';
import { Field, Input, Label, NativeSelect } from '../../components/ui/input.tsx';
import { Table, TBody, TD, TH, THead, TR } from '../../components/ui/table.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { conditionOptions, genderOptions } from '../../lib/vocabulary.ts';
import type { ExecuteAnswer, Plan } from './use-bulk.ts';
import { useExecute } from './use-bulk.ts';
import { draftOutcome, vintedOutcome } from './run-outcome.ts';

export interface PlanDefaults {
  price: string;
  condition: string;
  gender: string;
  mode: 'template' | 'analysed';
  city: string;
}

export function PlanForm({ value, onChange, onBuild, busy, error }: { value: PlanDefaults; onChange(p: Partial<PlanDefaults>): void; onBuild(): void; busy: boolean; error: unknown }) {
  const { t, lang } = useI18n();
  const p = t.bulk.plan;
  return (
    <Card>
      <CardHeader><CardTitle>{p.title}</CardTitle></CardHeader>
      <CardContent className="space-y-3">
        <div className="grid grid-cols-2 gap-3 md:grid-cols-5">
          <Field id="plan-price" label={p.defaultPrice}>
            <Input id="plan-price" inputMode="decimal" value={value.price} onChange={(e) => onChange({ price: e.target.value })} />
          </Field>
          <Field id="plan-condition" label={p.condition}>
            <NativeSelect id="plan-condition" value={value.condition} onChange={(e) => onChange({ condition: e.target.value })}>
              {conditionOptions(lang).map((c) => <option key={c.value} value={c.value}>{c.label}</option>)}
            </NativeSelect>
          </Field>
          <Field id="plan-gender" label={p.gender}>
            <NativeSelect id="plan-gender" value={value.gender} onChange={(e) => onChange({ gender: e.target.value })}>
              <option value="">{t.listing.genderUnknown}</option>
              {genderOptions(lang).map((g) => <option key={g.value} value={g.value}>{g.label}</option>)}
            </NativeSelect>
          </Field>
          <Field id="plan-mode" label={p.mode}>
            <NativeSelect id="plan-mode" value={value.mode} onChange={(e) => onChange({ mode: e.target.value as PlanDefaults['mode'] })}>
              {Object.entries(p.modes).map(([k, v]) => <option key={k} value={k}>{v}</option>)}
            </NativeSelect>
          </Field>
          <Field id="plan-city" label={p.city}>
            <Input id="plan-city" value={value.city} onChange={(e) => onChange({ city: e.target.value })} />
          </Field>
        </div>
        {error ? <ErrorCallout error={error} /> : null}
        <Button onClick={onBuild} disabled={busy} data-testid="bulk-plan">
          <ClipboardListIcon aria-hidden="true" />
          {busy ? p.building : p.build}
        </Button>
      </CardContent>
    </Card>
  );
}

/** The plan, one row per group with its cover, so the seller sees which garment each line is. */
export function PlanTable({ plan, thumbs }: { plan: Plan; thumbs: Record<string, string | undefined> }) {
  const { t, money } = useI18n();
  const p = t.bulk.plan;
  return (
    <Card data-testid="bulk-plan-table">
      <CardHeader>
        <CardTitle>{p.items(plan.items.length)} · {p.version(plan.version)}</CardTitle>
      </CardHeader>
      <CardContent className="px-0 sm:px-0">
        <Table>
          <THead>
            <TR><TH>{t.bulk.board.group('')}</TH><TH>{t.listing.fields.title}</TH><TH className="text-right">{t.listing.price.title}</TH><TH className="hidden sm:table-cell">{t.bulk.board.publish}</TH></TR>
          </THead>
          <TBody>
            {plan.items.map((it) => (
              <TR key={it.cluster_id}>
                <TD className="w-20">
                  <div className="flex flex-col items-center gap-0.5">
                    {thumbs[it.cluster_id] ? <ApiImage src={thumbs[it.cluster_id]!} alt={t.bulk.board.group(it.cluster_id)} className="size-14 rounded-md" data-testid="plan-thumb" /> : null}
                    <span className="text-xs text-muted-foreground">{it.cluster_id}</span>
                  </div>
                </TD>
                <TD className="min-w-36 sm:min-w-48">
                  <p className="break-words font-medium">{it.title}</p>
                  {/* On a phone the "Publier" column is folded here, so the price stays on screen. */}
                  {it.publish && <Badge variant="secondary" className="mt-1 sm:hidden">{t.bulk.board.publish}</Badge>}
                  {it.warnings.length > 0 && <p className="text-xs text-destructive">{p.warningsList(it.warnings.map((w) => p.warningCodes[w] ?? p.warnings).join(' · '))}</p>}
                </TD>
                <TD className="whitespace-nowrap text-right tabular-nums">
                  {money(it.price)}
                  <span className="block text-xs text-muted-foreground">{p.priceSource[it.price_source] ?? p.priceSource.default}</span>
                </TD>
                <TD className="hidden sm:table-cell">{it.publish ? t.common.yes : t.common.no}</TD>
              </TR>
            ))}
          </TBody>
        </Table>
      </CardContent>
    </Card>
  );
}

/** One group's run, step by step: the draft, then Vinted when the group was ticked "Publier". */
function RunSteps({ r }: { r: ExecuteAnswer['results'][number] }) {
  const { t, errorText } = useI18n();
  const e = t.bulk.execute;
  const draft = draftOutcome(r);
  const vinted = vintedOutcome(r);
  const reasonText = (reason: string | null, details?: unknown) => (reason ? (t.vinted.reasons[reason] ?? errorText(reason, details)) : null);
  return (
    <div className="flex min-w-0 flex-wrap items-center gap-1.5" aria-label={e.stepsOf(r.cluster_id)} data-testid="bulk-steps">
      {draft === 'failed' ? (
        <Badge variant="destructive" data-step="draft" data-outcome="failed"><XIcon aria-hidden="true" />{e.draftFailed}</Badge>
      ) : (
        <Badge variant={draft === 'would_create' ? 'secondary' : 'success'} data-step="draft" data-outcome={draft}>
          <CheckIcon aria-hidden="true" />{draft === 'existing' ? e.duplicate : draft === 'would_create' ? e.step(e.draftStep, e.wouldCreate) : e.created}
        </Badge>
      )}
      {vinted && (
        <Badge
          variant={vinted.state === 'published' ? 'success' : vinted.state === 'failed' || vinted.state === 'manual' ? 'warning' : 'secondary'}
          data-step="vinted"
          data-outcome={vinted.state}
          className="max-w-full whitespace-normal text-left"
        >
          {vinted.state === 'published' ? <CheckIcon aria-hidden="true" /> : vinted.state === 'failed' || vinted.state === 'manual' ? <AlertTriangleIcon aria-hidden="true" /> : <MinusIcon aria-hidden="true" />}
          <span>
            {e.step(e.vintedStep, vinted.state === 'published' && vinted.dryRun ? e.vinted.publishedDry : e.vinted[vinted.state])}
            {(vinted.state === 'failed' || vinted.state === 'manual') && reasonText(vinted.reason, vinted.state === 'failed' ? vinted.details : undefined) ? ` — ${reasonText(vinted.reason, vinted.state === 'failed' ? vinted.details : undefined)}` : ''}
          </span>
        </Badge>
      )}
      {vinted?.state === 'published' && vinted.url && <a className="text-xs text-primary hover:underline" href={vinted.url} target="_blank" rel="noreferrer">{e.published}</a>}
      {r.error && <p className="w-full text-xs text-destructive">{errorText(r.error.code, (r.error as { details?: unknown }).details)}</p>}
    </div>
  );
}

/** Dry run by default; running for real is a switch that asks first. One line per group, needs_manual included. */
export function ExecutePanel({ plan }: { plan: Plan }) {
  const { t } = useI18n();
  const e = t.bulk.execute;
  const [real, setReal] = useState(false);
  const [confirm, setConfirm] = useState(false);
  const run = useExecute();
  const [answer, setAnswer] = useState<ExecuteAnswer | null>(null);
  const go = () => run.mutate({ plan_id: plan.plan_id, dry_run: !real }, { onSuccess: setAnswer });
  // A group counts as done when its draft exists (or would): a Vinted step that did not go through is shown beside it.
  const okCount = answer?.results.filter((r) => draftOutcome(r) !== 'failed').length ?? 0;
  const allSteps = answer?.results.every((r) => r.ok) ?? false;
  return (
    <Card>
      <CardHeader><CardTitle>{e.title}</CardTitle></CardHeader>
      <CardContent className="space-y-3">
        <div className="flex items-start justify-between gap-3">
          <div>
            <Label htmlFor="bulk-real">{e.real}</Label>
            <p className="text-xs text-muted-foreground">{real ? e.realHint : e.dryRunOn}</p>
          </div>
          <Switch
            id="bulk-real"
            checked={real}
            onCheckedChange={(on) => {
              if (on) setConfirm(true);
              else {
                setReal(false);
                setAnswer(null);
              }
            }}
            data-testid="bulk-real"
          />
        </div>
        <Button onClick={go} disabled={run.isPending} variant={real ? 'destructive' : 'default'} data-testid="bulk-execute">
          {real ? <RocketIcon aria-hidden="true" /> : <PlayIcon aria-hidden="true" />}
          {run.isPending ? e.running : real ? e.runReal : e.run}
        </Button>
        {run.isError && <ErrorCallout error={run.error} />}
        {answer && (
          <div className="space-y-2" data-testid="bulk-results">
            <Callout variant={okCount === answer.results.length && allSteps ? 'success' : 'warning'} title={`${e.results} — ${e.summary(okCount, answer.results.length)}`}>
              {answer.dry_run && <p>{e.dryRunOn}</p>}
            </Callout>
            <ul className="divide-y rounded-lg border">
              {answer.results.map((r) => (
                <li key={r.cluster_id} className="flex flex-wrap items-center gap-2 p-2 text-sm" data-testid="bulk-result">
                  <span className="font-mono text-xs">{r.cluster_id}</span>
                  <span className="min-w-0 flex-1 truncate">{r.draft?.title ?? '–'}</span>
                  {r.item_id && <Link to={`/stock/${r.item_id}`} className="text-xs text-primary hover:underline">{e.open}</Link>}
                  <RunSteps r={r} />
                </li>
              ))}
            </ul>
          </div>
        )}
      </CardContent>
      <ConfirmDialog
        open={confirm}
        onOpenChange={setConfirm}
        title={e.confirmTitle}
        description={e.confirmText}
        confirmLabel={e.real}
        destructive
        onConfirm={() => {
          setReal(true);
          setAnswer(null);
          setConfirm(false);
        }}
      />
    </Card>
  );
}
