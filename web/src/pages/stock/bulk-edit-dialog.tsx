import { useState } from 'react';
import { Button } from '../../components/ui/button.tsx';
import { Dialog, DialogContent, DialogFooter } from '../../components/ui/dialog.tsx';
import { Callout, ErrorCallout } from '../../components/ui/feedback.tsx';
import { Field, Input, NativeSelect } from '../../components/ui/input.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { conditionOptions, STATUSES } from '../../lib/vocabulary.ts';
import { type BulkEditAction, type BulkEditAnswer, useBulkEdit, useBulkUndo, useTemplates } from './use-bulk-edit.ts';

const KINDS = ['percent', 'amount', 'suggestion', 'status', 'condition', 'template', 'location', 'floor'] as const;
type Kind = (typeof KINDS)[number];
const MONEY = new Set(['price', 'floor']);

/** "12,5" or "-10" as a number; null when it is not one. */
const numberOf = (v: string): number | null => (/^\s*[-+]?\d+([.,]\d{1,2})?\s*$/.test(v) ? Number(v.replace(',', '.')) : null);

/**
 * One change for the selected items: pick it, preview it (a dry run: each item's before → after, or why it is
 * refused), then apply it; the stock refreshes and each item gets one history entry.
 */
export function BulkEditDialog({ ids, open, onOpenChange, onDone }: { ids: string[]; open: boolean; onOpenChange(open: boolean): void; onDone(): void }) {
  const { t, money, lang, errorText } = useI18n();
  const b = t.backoffice.bulkEdit;
  const [kind, setKind] = useState<Kind>('percent');
  const [value, setValue] = useState('');
  const [preview, setPreview] = useState<BulkEditAnswer | null>(null);
  const [done, setDone] = useState<BulkEditAnswer | null>(null);
  const edit = useBulkEdit();
  const undo = useBulkUndo();
  const templates = useTemplates(open && kind === 'template');
  const conditions = conditionOptions(lang);

  const action = ((): BulkEditAction | null => {
    const n = numberOf(value);
    switch (kind) {
      case 'percent': case 'amount': return n === null ? null : { type: 'price', mode: kind, value: n };
      case 'suggestion': return { type: 'price', mode: 'suggestion' };
      case 'status': return value ? { type: 'status', status: value as (typeof STATUSES)[number] } : null;
      case 'condition': return value ? { type: 'condition', condition: value } : null;
      case 'template': return value ? { type: 'template', template_id: value } : null;
      case 'location': return { type: 'location', location: value.trim() || null };
      case 'floor': return value.trim() === '' ? { type: 'floor', floor: null } : n === null ? null : { type: 'floor', floor: n };
    }
  })();
  const reset = (k: Kind) => {
    setKind(k);
    setValue(k === 'status' ? 'listed' : k === 'condition' ? conditions[0].value : '');
    setPreview(null);
    edit.reset();
  };
  const run = async (dryRun: boolean) => {
    if (!action) return;
    const answer = await edit.mutateAsync({ ids, action, dry_run: dryRun });
    if (dryRun) setPreview(answer);
    else {
      undo.reset();
      setDone(answer);
      setPreview(null);
      onOpenChange(false);
      onDone();
    }
  };
  const shown = (field: string, v: unknown) => (v === null || v === undefined || v === '' ? '–' : MONEY.has(field) && typeof v === 'number' ? money(v) : field === 'status' ? t.status[v as keyof typeof t.status] : String(v).slice(0, 60));

  return (
    <>
      {done && !undo.data && (
        <Callout variant={done.failed ? 'warning' : 'success'} title={b.done(done.changed, done.failed)}>
          {done.changed > 0 && (
            <Button size="sm" variant="outline" disabled={undo.isPending} onClick={() => undo.mutate(done)} data-testid="bulk-edit-undo">{b.undo}</Button>
          )}
          {undo.error && <ErrorCallout error={undo.error} />}
        </Callout>
      )}
      {undo.data && (
        <div data-testid="bulk-edit-undone">
          <Callout variant={undo.data.failed ? 'warning' : 'success'} title={b.undone(undo.data.changed, undo.data.failed)}>
            {undo.data.failed > 0 && (
              <ul className="list-disc pl-4 text-xs text-muted-foreground">
                {undo.data.results.filter((r) => !r.ok).slice(0, 5).map((r) => <li key={r.id}>{r.title ?? r.id} — {errorText(r.error!.code, r.error!.details as Record<string, unknown> | undefined)}</li>)}
              </ul>
            )}
          </Callout>
        </div>
      )}
      <Dialog open={open} onOpenChange={(o) => { onOpenChange(o); if (!o) setPreview(null); }}>
        <DialogContent title={b.title(ids.length)} description={b.description} className="max-w-2xl" data-testid="bulk-edit-dialog">
          <div className="grid gap-3 sm:grid-cols-2">
            <Field id="bulk-edit-kind" label={b.action}>
              <NativeSelect id="bulk-edit-kind" value={kind} onChange={(e) => reset(e.target.value as Kind)} data-testid="bulk-edit-kind">
                {KINDS.map((k) => <option key={k} value={k}>{b.actions[k]}</option>)}
              </NativeSelect>
            </Field>
            {kind !== 'suggestion' && (
              <Field id="bulk-edit-value" label={b.value} hint={kind === 'percent' ? b.percentHint : kind === 'amount' ? b.amountHint : kind === 'floor' || kind === 'location' ? b.emptyMeansNone : undefined}>
                {kind === 'status' ? (
                  <NativeSelect id="bulk-edit-value" value={value} onChange={(e) => { setValue(e.target.value); setPreview(null); }}>
                    {STATUSES.map((s) => <option key={s} value={s}>{t.status[s]}</option>)}
                  </NativeSelect>
                ) : kind === 'condition' ? (
                  <NativeSelect id="bulk-edit-value" value={value} onChange={(e) => { setValue(e.target.value); setPreview(null); }}>
                    {conditions.map((c) => <option key={c.value} value={c.value}>{c.label}</option>)}
                  </NativeSelect>
                ) : kind === 'template' ? (
                  <NativeSelect id="bulk-edit-value" value={value} onChange={(e) => { setValue(e.target.value); setPreview(null); }}>
                    <option value="">{templates.data?.templates.length ? '—' : b.noTemplates}</option>
                    {templates.data?.templates.map((tp) => <option key={tp.id} value={tp.id}>{tp.name}</option>)}
                  </NativeSelect>
                ) : (
                  <Input id="bulk-edit-value" inputMode={kind === 'location' ? 'text' : 'decimal'} value={value} onChange={(e) => { setValue(e.target.value); setPreview(null); }} data-testid="bulk-edit-value" />
                )}
              </Field>
            )}
          </div>
          {edit.isError && <ErrorCallout error={edit.error} />}
          {preview && (
            <div className="space-y-2" data-testid="bulk-edit-preview">
              <p className="text-sm font-medium" role="status">{b.summary(preview.changed, preview.failed)}</p>
              <ul className="max-h-72 divide-y overflow-y-auto rounded-md border text-sm">
                {preview.results.map((r) => (
                  <li key={r.id} className="flex flex-col gap-0.5 px-3 py-2 sm:flex-row sm:justify-between sm:gap-3" data-testid="bulk-edit-row">
                    <span className="min-w-0 break-words font-medium" translate="no">{r.title ?? r.id}</span>
                    <span className={r.ok ? 'shrink-0 tabular-nums text-muted-foreground' : 'shrink-0 text-destructive'}>
                      {!r.ok
                        ? errorText(r.error?.code, r.error?.details as Record<string, unknown> | undefined)
                        : Object.keys(r.changes).length === 0
                          ? b.noChange
                          : Object.entries(r.changes).map(([f, c]) => `${shown(f, c.from)} → ${shown(f, c.to)}`).join(' · ')}
                    </span>
                  </li>
                ))}
              </ul>
            </div>
          )}
          <DialogFooter>
            <Button variant="outline" disabled={!action || edit.isPending} onClick={() => run(true)} data-testid="bulk-edit-preview-button">
              {edit.isPending && edit.variables?.dry_run ? b.previewing : b.preview}
            </Button>
            <Button disabled={!preview || preview.changed === 0 || edit.isPending} onClick={() => run(false)} data-testid="bulk-edit-apply">
              {edit.isPending && !edit.variables?.dry_run ? b.applying : b.apply}
            </Button>
          </DialogFooter>
        </DialogContent>
      </Dialog>
    </>
  );
}
