import { useState } from 'react';
import { Button } from '../../components/ui/button.tsx';
import { Callout } from '../../components/ui/feedback.tsx';
import { NativeSelect } from '../../components/ui/input.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { STATUSES, type Status } from '../../lib/vocabulary.ts';
import { BulkEditDialog } from './bulk-edit-dialog.tsx';
import { PhotoBatchDialog } from './photo-batch-dialog.tsx';
import { type BulkResult, type Item, useBulkStatus } from './use-stock.ts';

/** Appears when rows are selected: one status for all of them, with a per-item report of what was refused. */
export function BulkStatusBar({ selected, items, onDone }: { selected: Set<string>; items: Item[]; onDone(): void }) {
  const { t, errorText } = useI18n();
  const [status, setStatus] = useState<Status>('listed');
  const [report, setReport] = useState<BulkResult[] | null>(null);
  // Items already in the chosen status are not sent (nothing to change, no history entry) and are counted apart.
  const [unchanged, setUnchanged] = useState(0);
  const [editing, setEditing] = useState(false);
  const [photoBatch, setPhotoBatch] = useState(false);
  const bulk = useBulkStatus();
  const titleOf = (id: string) => items.find((i) => i.id === id)?.title ?? id;
  const failed = report?.filter((r) => !r.ok) ?? [];
  return (
    <div className="space-y-2">
      {selected.size > 0 && (
        <div className="sticky top-16 z-20 flex flex-wrap items-center gap-2 rounded-lg border bg-card p-2 shadow-md lg:top-2" role="region" aria-label={t.stock.changeStatus} data-testid="bulk-bar">
          <span className="px-1 text-sm font-medium">{t.stock.selected(selected.size)}</span>
          <NativeSelect aria-label={t.stock.changeStatusTo} value={status} onChange={(e) => setStatus(e.target.value as Status)} className="h-9 w-auto" data-testid="bulk-status">
            {STATUSES.map((s) => (
              <option key={s} value={s}>{t.status[s]}</option>
            ))}
          </NativeSelect>
          <Button
            size="sm"
            disabled={bulk.isPending}
            data-testid="bulk-apply"
            onClick={async () => {
              const todo = [...selected].filter((id) => items.find((i) => i.id === id)?.status !== status);
              const res = todo.length ? await bulk.mutateAsync({ ids: todo, status }) : [];
              setReport(res);
              setUnchanged(selected.size - todo.length);
              onDone();
            }}
          >
            {bulk.isPending ? t.common.saving : t.stock.applyStatus}
          </Button>
          <Button size="sm" variant="outline" onClick={() => setEditing(true)} data-testid="bulk-edit-open">{t.backoffice.bulkEdit.open}</Button>
          <Button size="sm" variant="outline" onClick={() => setPhotoBatch(true)} data-testid="photo-batch-open">{t.studio.batch.open}</Button>
          <Button size="sm" variant="ghost" onClick={onDone}>{t.stock.clearSelection}</Button>
        </div>
      )}
      {/* Outside the bar: the bar goes with the selection once applied, the result stays. */}
      <BulkEditDialog ids={[...selected]} open={editing} onOpenChange={setEditing} onDone={onDone} />
      <PhotoBatchDialog ids={[...selected]} titleOf={titleOf} open={photoBatch} onOpenChange={setPhotoBatch} />
      {report && (
        <Callout variant={failed.length ? 'warning' : 'success'} title={t.stock.bulkDone(report.length - failed.length, failed.length, unchanged)}>
          {failed.length > 0 && (
            <ul className="mt-1 list-disc space-y-0.5 pl-4" data-testid="bulk-failures">
              {failed.map((f) => (
                <li key={f.id} className="break-words">
                  <span className="font-medium text-foreground">{titleOf(f.id)}</span> — {errorText(f.error?.code)}
                </li>
              ))}
            </ul>
          )}
        </Callout>
      )}
    </div>
  );
}
