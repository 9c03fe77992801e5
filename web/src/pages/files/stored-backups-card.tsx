import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { DownloadIcon, SaveIcon, Trash2Icon } from 'lucide-react';
import { useState } from 'react';
import { api, unwrap } from '../../api/client.ts';
import { Button } from '../../components/ui/button.tsx';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '../../components/ui/card.tsx';
import { Progress } from '../../components/ui/controls.tsx';
import { ConfirmDialog } from '../../components/ui/dialog.tsx';
import { Callout, ErrorCallout } from '../../components/ui/feedback.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { download } from '../../lib/download.ts';

const FINISHED = ['completed', 'failed', 'cancelled'];

/**
 * The backups the server keeps itself (GET /backups): where, how many, the schedule; "Back up now" starts the job
 * and follows it (polled once a second); each backup can be downloaded (then restored below) or deleted.
 */
export function StoredBackupsCard() {
  const { t, date } = useI18n();
  const s = t.files.stored;
  const qc = useQueryClient();
  const [jobId, setJobId] = useState<string | null>(null);
  const [removing, setRemoving] = useState<{ name: string; created_at: string } | null>(null);
  const list = useQuery({ queryKey: ['stored-backups'], queryFn: () => unwrap(api.GET('/backups')) });
  const start = useMutation({
    mutationFn: () => unwrap(api.POST('/backups', { body: {} })),
    onSuccess: (r) => setJobId(r.job_id),
  });
  const job = useQuery({
    queryKey: ['stored-backup-job', jobId],
    enabled: !!jobId,
    queryFn: async () => {
      const r = await unwrap(api.GET('/backups/jobs/{id}', { params: { path: { id: jobId! } } }));
      if (FINISHED.includes(r.state)) void qc.invalidateQueries({ queryKey: ['stored-backups'] });
      return r;
    },
    refetchInterval: (q) => (q.state.data && FINISHED.includes(q.state.data.state) ? false : 1000),
  });
  const remove = useMutation({
    mutationFn: (name: string) => unwrap(api.DELETE('/backups/{name}', { params: { path: { name } } })),
    onSettled: () => {
      setRemoving(null);
      void qc.invalidateQueries({ queryKey: ['stored-backups'] });
    },
  });
  const running = !!jobId && !!job.data && !FINISHED.includes(job.data.state);
  const d = list.data;
  return (
    <Card data-testid="stored-backups">
      <CardHeader>
        <CardTitle>{s.title}</CardTitle>
        {d && <CardDescription>{s.explain(d.location, d.keep, d.schedule !== 'off')}</CardDescription>}
      </CardHeader>
      <CardContent className="space-y-3">
        <Button onClick={() => start.mutate()} disabled={start.isPending || running} data-testid="stored-backup-now">
          <SaveIcon aria-hidden="true" />
          {running ? s.running : s.now}
        </Button>
        {running && <Progress value={null} label={s.running} />}
        {start.isError && <ErrorCallout error={start.error} />}
        {job.data?.state === 'completed' && job.data.backup && <Callout variant="success" title={s.done(job.data.backup.name)} />}
        {job.data && ['failed', 'cancelled'].includes(job.data.state) && <Callout variant="error" title={s.failed}>{job.data.error}</Callout>}
        {list.isError && <ErrorCallout error={list.error} />}
        {d && d.backups.length === 0 && <p className="text-sm text-muted-foreground">{s.none}</p>}
        {d && d.backups.length > 0 && (
          <ul className="divide-y rounded-md border" data-testid="stored-backup-list">
            {d.backups.map((b) => (
              <li key={b.name} className="flex flex-wrap items-center justify-between gap-2 px-3 py-2">
                <span className="min-w-0 text-sm tabular-nums">{s.line(date(b.created_at, true), b.bytes)}</span>
                <span className="flex gap-1">
                  <Button size="sm" variant="outline" onClick={() => void download(`/backups/${encodeURIComponent(b.name)}`, b.name)}>
                    <DownloadIcon aria-hidden="true" />
                    {s.download}
                  </Button>
                  <Button size="sm" variant="ghost" aria-label={`${s.remove} ${b.name}`} onClick={() => setRemoving(b)}>
                    <Trash2Icon aria-hidden="true" />
                  </Button>
                </span>
              </li>
            ))}
          </ul>
        )}
      </CardContent>
      <ConfirmDialog
        open={!!removing} onOpenChange={(o) => !o && setRemoving(null)} title={s.confirmTitle}
        description={removing ? s.confirmText(date(removing.created_at, true)) : undefined}
        confirmLabel={s.remove} destructive busy={remove.isPending} onConfirm={() => removing && remove.mutate(removing.name)}
      />
    </Card>
  );
}
