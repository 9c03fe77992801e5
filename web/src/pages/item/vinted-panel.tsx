import { useMutation, useQueryClient } from '@tanstack/react-query';
import { CheckCircle2Icon, CircleHelpIcon, ExternalLinkIcon, SendIcon, ShieldAlertIcon, FileClockIcon, WandSparklesIcon } from 'lucide-react';
import { useState } from 'react';
import { Link } from 'react-router';
import { api } from '../../api/client.ts';
import { ApiError } from '../../api/errors.ts';
import { Button } from '../../components/ui/button.tsx';
import { Checkbox } from '../../components/ui/controls.tsx';
import { ConfirmDialog, Dialog, DialogContent, DialogTrigger } from '../../components/ui/dialog.tsx';
import { Callout, ErrorCallout } from '../../components/ui/feedback.tsx';
import { Label } from '../../components/ui/input.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { formWarningText } from '../../lib/server-words.ts';
import { TroubleNote } from './trouble-note.tsx';
import { type FlowResult, flow, useVintedSettings, useVintedStatus } from './vinted-flow.ts';
import { itemKey, type Item } from './use-item.ts';

function Outcome({ r }: { r: FlowResult }) {
  const { t, errorText } = useI18n();
  const v = t.vinted;
  // The cause told apart (unreachable, not logged in, a check, a changed form), with what to do.
  if (r.trouble && !r.ok) return <TroubleNote trouble={r.trouble} />;
  if (r.needs_manual) {
    return (
      <Callout variant="error" title={v.actions.needsManual} icon={ShieldAlertIcon}>
        {r.reason && v.reasons[r.reason] && <p>{v.reasons[r.reason]}</p>}
        <p>{v.actions.needsManualText}</p>
      </Callout>
    );
  }
  if (!r.ok) {
    return (
      <Callout variant="warning" title={r.reason === 'not_ready' ? v.actions.notReady : ((r.reason && v.reasons[r.reason]) ?? (r.error ? errorText(r.error.code, r.error.details) : r.reason ? errorText(r.reason) : t.errors.fallback))}>
        {r.missing_fields?.length ? (
          <ul className="list-disc pl-4">{r.missing_fields.map((m) => <li key={m}>{t.listing.gates.codes[m] ?? m}</li>)}</ul>
        ) : null}
      </Callout>
    );
  }
  return null;
}

/** Prepare → look at the filled form → publish (with confirmation) or save as a Vinted draft. Dry run by default. */
export function VintedPanel({ item }: { item: Item }) {
  const { t, date, money, lang } = useI18n();
  const v = t.vinted.actions;
  const qc = useQueryClient();
  const status = useVintedStatus();
  const settings = useVintedSettings();
  const [dryRun, setDryRun] = useState(true);
  const [prepared, setPrepared] = useState<FlowResult | null>(null);
  const [result, setResult] = useState<{ kind: 'publish' | 'draft'; r: FlowResult } | null>(null);
  const [confirm, setConfirm] = useState(false);
  // One key per prepared form: a double click or a retry after a timeout can never publish twice.
  const [idemKey, setIdemKey] = useState('');

  const prepare = useMutation({
    mutationFn: () => flow(api.POST('/vinted/listings/prepare', { body: { draft_id: item.id, dry_run: dryRun } })),
    onSuccess: (r) => {
      setPrepared(r);
      setResult(null);
      setIdemKey(crypto.randomUUID());
    },
  });
  const publish = useMutation({
    mutationFn: () => flow(api.POST('/vinted/listings/publish', {
      body: { confirm_token: prepared!.confirm_token!, dry_run: dryRun, draft_id: item.id },
      params: { header: { 'idempotency-key': idemKey } },
    })),
    onSuccess: (r) => {
      setResult({ kind: 'publish', r });
      setConfirm(false);
      void qc.invalidateQueries({ queryKey: itemKey(item.id) });
    },
    onError: () => setConfirm(false),
  });
  // A price changed here (a drop, an edit) that Vinted does not show yet: updated through the listing's edit form.
  const updatePrice = useMutation({
    mutationFn: () => flow(api.POST('/vinted/listings/{id}/price', { params: { path: { id: item.id } }, body: { dry_run: dryRun } })),
    onSuccess: () => void qc.invalidateQueries({ queryKey: itemKey(item.id) }),
  });
  const draft = useMutation({
    mutationFn: () => flow(api.POST('/vinted/listings/draft', { body: { draft_id: item.id, dry_run: dryRun }, params: { header: { 'idempotency-key': crypto.randomUUID() } } })),
    onSuccess: (r) => setResult({ kind: 'draft', r }),
  });

  const unavailable = status.error instanceof ApiError && status.error.code === 'route_not_found';
  if (unavailable) return <p className="text-sm text-muted-foreground">{v.unavailable}</p>;
  const noSession = status.data && !status.data.session.present;
  const disabled = settings.data && !settings.data.publication_enabled;
  const busy = prepare.isPending || publish.isPending || draft.isPending;
  const error = prepare.error ?? publish.error ?? draft.error;
  const filled = prepared?.draft_context?.filled;

  const session = status.data?.session;
  return (
    <div className="space-y-4" data-testid="vinted-panel">
      {/* The recommended way: the seller's own tab with the extension; the server-side connector below stays. */}
      {item.status === 'draft' && (
        <div data-testid="vinted-via-extension"><Callout variant="info" title={v.viaExtensionTitle}>
          <p>{v.viaExtension}</p>
          <Link to="/reglages" className="font-medium text-primary hover:underline">{v.connectExtension}</Link>
        </Callout></div>
      )}
      <p className="text-sm text-muted-foreground">{v.explain}</p>
      {session?.present && (
        <p className="flex flex-wrap items-center gap-1.5 text-sm" data-testid="vinted-session-state" data-state={session.confirmed ? 'confirmed' : 'unknown'}>
          {session.confirmed ? <CheckCircle2Icon aria-hidden="true" className="size-4 text-success" /> : <CircleHelpIcon aria-hidden="true" className="size-4 text-warning" />}
          <span className="text-muted-foreground">{t.vinted.settings.sessionState}</span>
          <span className="font-medium">{session.confirmed ? t.vinted.settings.connectedAs(session.username ?? '?') : t.vinted.settings.unverified}</span>
          {!session.confirmed && <Link to="/reglages" className="text-primary hover:underline">{v.goSettings}</Link>}
        </p>
      )}
      {item.vinted.url && (
        <a href={item.vinted.url} target="_blank" rel="noreferrer" className="inline-flex items-center gap-1 text-sm font-medium text-primary hover:underline">
          <ExternalLinkIcon aria-hidden="true" className="size-4" />
          {t.item.vintedLink}
        </a>
      )}
      {item.vinted.price_pending && (
        <div data-testid="vinted-price-pending"><Callout variant="warning" title={t.item.pricePending(money(item.price), money(item.vinted.price))}>
          <p>{t.item.pricePendingHelp}</p>
          <Button size="sm" variant="outline" className="mt-2" onClick={() => updatePrice.mutate()} disabled={updatePrice.isPending || !!noSession || !!disabled}>
            {t.item.updatePrice}
          </Button>
          {updatePrice.data?.ok && !updatePrice.data.dry_run && <p className="mt-1 text-sm">{t.item.priceUpdated}</p>}
          {updatePrice.data && <Outcome r={updatePrice.data} />}
          {updatePrice.isError && <ErrorCallout error={updatePrice.error} />}
        </Callout></div>
      )}
      {(noSession || disabled) && (
        <Callout variant="warning" title={noSession ? v.noSession : v.disabled}>
          <Link to="/reglages" className="font-medium text-primary hover:underline">{v.goSettings}</Link>
        </Callout>
      )}
      <div className="flex items-start gap-2">
        <Checkbox id="vinted-dry-run" checked={dryRun} onCheckedChange={(c) => setDryRun(c === true)} aria-describedby="vinted-dry-run-hint" />
        <div>
          <Label htmlFor="vinted-dry-run">{v.dryRun}</Label>
          <p id="vinted-dry-run-hint" className="text-xs text-muted-foreground">{v.dryRunHint}</p>
        </div>
      </div>
      <div className="flex flex-wrap gap-2">
        <Button onClick={() => prepare.mutate()} disabled={busy} data-testid="vinted-prepare">
          <WandSparklesIcon aria-hidden="true" />
          {prepare.isPending ? v.preparing : v.prepare}
        </Button>
        <Button variant="outline" onClick={() => draft.mutate()} disabled={busy} data-testid="vinted-draft">
          <FileClockIcon aria-hidden="true" />
          {draft.isPending ? v.savingDraft : v.saveDraft}
        </Button>
      </div>
      {error && <ErrorCallout error={error} />}
      {prepared && <Outcome r={prepared} />}
      {prepared?.ok && prepared.confirm_token && !prepared.needs_manual && (
        <div className="space-y-3 rounded-lg border p-3" data-testid="vinted-prepared">
          <p className="font-medium">{v.prepared}</p>
          {prepared.screenshot_b64 && (
            <Dialog>
              <DialogTrigger asChild>
                <button type="button" className="block w-full cursor-zoom-in" aria-label={v.enlarge}>
                  <img src={`data:image/png;base64,${prepared.screenshot_b64}`} alt={v.preview} className="max-h-[28rem] w-full rounded-md border object-contain object-top" />
                </button>
              </DialogTrigger>
              <DialogContent title={v.preview} className="max-w-5xl">
                <img src={`data:image/png;base64,${prepared.screenshot_b64}`} alt={v.preview} className="w-full rounded-md border" />
              </DialogContent>
            </Dialog>
          )}
          {filled && (
            <div>
              <p className="text-xs font-medium text-muted-foreground">{v.filled}</p>
              <dl className="mt-1 grid grid-cols-[auto_1fr] gap-x-3 gap-y-0.5 text-sm">
                <dt className="text-muted-foreground">{t.listing.fields.title}</dt><dd className="break-words">{filled.title}</dd>
                <dt className="text-muted-foreground">{t.listing.fields.category}</dt><dd>{filled.category.label}</dd>
                <dt className="text-muted-foreground">{t.listing.fields.brand}</dt><dd>{filled.brand}</dd>
                <dt className="text-muted-foreground">{t.listing.fields.size}</dt><dd>{filled.size}</dd>
                <dt className="text-muted-foreground">{t.listing.fields.condition}</dt><dd>{filled.condition.label}</dd>
                <dt className="text-muted-foreground">{t.listing.fields.colors}</dt><dd>{filled.colours.label}</dd>
                <dt className="text-muted-foreground">{t.listing.fields.price}</dt><dd>{filled.price}</dd>
              </dl>
            </div>
          )}
          {!!prepared.draft_context?.warnings.length && (
            <Callout variant="warning" title={v.warnings}>
              <ul className="list-disc pl-4">{prepared.draft_context.warnings.map((w) => <li key={w}>{formWarningText(w, lang)}</li>)}</ul>
            </Callout>
          )}
          {prepared.expires_at && <p className="text-xs text-muted-foreground">{v.expires(date(prepared.expires_at, true))}</p>}
          <Button onClick={() => setConfirm(true)} disabled={busy || result?.kind === 'publish'} variant={dryRun ? 'default' : 'destructive'} data-testid="vinted-publish">
            <SendIcon aria-hidden="true" />
            {dryRun ? v.publish : v.publishReal}
          </Button>
        </div>
      )}
      {result && (result.r.ok && !result.r.needs_manual ? (
        <Callout variant="success" title={result.kind === 'publish' ? (result.r.dry_run ? v.publishedDry : v.published) : (result.r.dry_run ? v.draftDry : v.draftSaved)}>
          {result.r.listing_url && (
            <a href={result.r.listing_url} target="_blank" rel="noreferrer" className="font-medium text-primary hover:underline">{v.openListing}</a>
          )}
        </Callout>
      ) : (
        <Outcome r={result.r} />
      ))}
      <ConfirmDialog
        open={confirm}
        onOpenChange={setConfirm}
        title={dryRun ? v.confirmDryTitle : v.confirmTitle}
        description={dryRun ? v.confirmDryText : v.confirmText}
        confirmLabel={dryRun ? v.publish : v.publishReal}
        destructive={!dryRun}
        busy={publish.isPending}
        onConfirm={() => publish.mutate()}
      />
    </div>
  );
}
