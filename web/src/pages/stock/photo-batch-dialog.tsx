import { useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { api, unwrap } from '../../api/client.ts';
import { EditControls, EMPTY_FORM, editBody, type EditForm } from '../../components/studio/edit-controls.tsx';
import { Button } from '../../components/ui/button.tsx';
import { Progress } from '../../components/ui/controls.tsx';
import { Dialog, DialogContent, DialogFooter } from '../../components/ui/dialog.tsx';
import { Callout, ErrorCallout } from '../../components/ui/feedback.tsx';
import { useI18n } from '../../i18n/index.tsx';

/**
 * The same edit on all photos of the selected items, as a server job: its progress is polled (once a second while
 * it runs) and its answer is one result per photo; the failures are listed with their reason.
 */
export function PhotoBatchDialog({ ids, titleOf, open, onOpenChange }: { ids: string[]; titleOf(id: string): string; open: boolean; onOpenChange(o: boolean): void }) {
  const { t, errorText } = useI18n();
  const b = t.studio.batch;
  const [form, setForm] = useState<EditForm>({ ...EMPTY_FORM, auto: true, aspect: '4:5' });
  const [jobId, setJobId] = useState<string | null>(null);
  const start = useMutation({
    mutationFn: (reset: boolean) => unwrap(api.POST('/studio/batches', { body: { item_ids: ids, edit: editBody(form, null, false), ...(reset ? { reset: true } : {}) } })),
    onSuccess: (r) => setJobId(r.job_id),
  });
  const status = useQuery({
    queryKey: ['studio-batch', jobId],
    enabled: !!jobId,
    queryFn: () => unwrap(api.GET('/studio/batches/{id}', { params: { path: { id: jobId! } } })),
    refetchInterval: (q) => (q.state.data && ['completed', 'failed', 'cancelled'].includes(q.state.data.state) ? false : 1000),
  });
  const st = status.data;
  const over = st && ['completed', 'failed', 'cancelled'].includes(st.state);
  const failed = st?.results?.filter((r) => !r.ok) ?? [];
  return (
    <Dialog open={open} onOpenChange={(o) => { onOpenChange(o); if (!o) { setJobId(null); start.reset(); } }}>
      <DialogContent title={b.title(ids.length)} description={b.description} className="max-h-[90vh] max-w-2xl overflow-y-auto" data-testid="photo-batch-dialog">
        {!jobId && <EditControls value={form} onChange={(p) => setForm((f) => ({ ...f, ...p }))} idPrefix="batch" position={false} />}
        {start.isError && <ErrorCallout error={start.error} />}
        {jobId && (
          <div className="space-y-2" data-testid="photo-batch-progress">
            <Progress value={st?.total ? (st.done / st.total) * 100 : null} label={b.progress(st?.done ?? 0, st?.total ?? 0)} />
            <p className="text-sm tabular-nums">{b.progress(st?.done ?? 0, st?.total ?? 0)}</p>
            {over && (
              <Callout variant={failed.length ? 'warning' : 'success'} title={b.done((st.results?.length ?? 0) - failed.length, failed.length)}>
                {failed.length > 0 && (
                  <ul className="mt-1 list-disc space-y-0.5 pl-4">
                    {failed.map((f, k) => <li key={k} className="break-words"><span className="font-medium">{titleOf(f.item_id)}</span> — {errorText(f.error?.code)}</li>)}
                  </ul>
                )}
              </Callout>
            )}
          </div>
        )}
        <DialogFooter>
          {!jobId && (
            <>
              <Button variant="outline" onClick={() => start.mutate(true)} disabled={start.isPending}>{b.resetAll}</Button>
              <Button onClick={() => start.mutate(false)} disabled={start.isPending} data-testid="photo-batch-start">{b.start}</Button>
            </>
          )}
        </DialogFooter>
      </DialogContent>
    </Dialog>
  );
}
