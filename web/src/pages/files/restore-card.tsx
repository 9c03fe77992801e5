import { useMutation, useQueryClient } from '@tanstack/react-query';
import { ArchiveRestoreIcon, FileCheckIcon } from 'lucide-react';
import { useState } from 'react';
import type { Schemas } from '../../api/client.ts';
import { ApiError } from '../../api/errors.ts';
import { Button } from '../../components/ui/button.tsx';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '../../components/ui/card.tsx';
import { Progress } from '../../components/ui/controls.tsx';
import { ConfirmDialog } from '../../components/ui/dialog.tsx';
import { Callout, ErrorCallout } from '../../components/ui/feedback.tsx';
import { FileInput } from '../../components/ui/file-input.tsx';
import { Field, NativeSelect } from '../../components/ui/input.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { uploadWithProgress } from '../../lib/upload.ts';

type RestoreAnswer = Schemas['RestoreReport'];

/** Restore a backup ZIP: check it first (dry run), then merge or replace, the latter behind a confirmation. */
export function RestoreCard() {
  const { t, date } = useI18n();
  const r = t.files.restore;
  const qc = useQueryClient();
  const [file, setFile] = useState<File | null>(null);
  const [mode, setMode] = useState<'merge' | 'replace'>('merge');
  const [confirm, setConfirm] = useState(false);
  const [progress, setProgress] = useState<number | null>(null);
  const run = useMutation({
    mutationFn: (dry: boolean) => {
      const form = new FormData();
      form.append('file', file!, file!.name);
      return uploadWithProgress<RestoreAnswer>(`/import/backup?${new URLSearchParams({ dry_run: String(dry), mode })}`, form, setProgress);
    },
    onSettled: () => {
      setProgress(null);
      setConfirm(false);
    },
    onSuccess: (_a, dry) => {
      if (!dry) {
        void qc.invalidateQueries({ queryKey: ['listings'] });
        void qc.invalidateQueries({ queryKey: ['stats'] });
      }
    },
  });
  const missing = run.error instanceof ApiError && run.error.code === 'route_not_found';
  return (
    <Card>
      <CardHeader>
        <CardTitle>{r.title}</CardTitle>
        <CardDescription>{r.explain}</CardDescription>
      </CardHeader>
      <CardContent className="space-y-3">
        <div className="grid gap-3 sm:grid-cols-2 sm:items-end">
          <Field id="restore-file" label={r.file}>
            <FileInput id="restore-file" accept=".zip,application/zip" onFile={(f) => { setFile(f); run.reset(); }} />
          </Field>
          <Field id="restore-mode" label={r.mode}>
            <NativeSelect id="restore-mode" value={mode} onChange={(e) => { setMode(e.target.value as 'merge' | 'replace'); run.reset(); }}>
              {Object.entries(r.modes).map(([k, v]) => <option key={k} value={k}>{v}</option>)}
            </NativeSelect>
          </Field>
        </div>
        <div className="flex flex-wrap gap-2">
          <Button variant="outline" disabled={!file || run.isPending} onClick={() => run.mutate(true)}>
            <FileCheckIcon aria-hidden="true" />
            {r.check}
          </Button>
          <Button variant={mode === 'replace' ? 'destructive' : 'default'} disabled={!file || run.isPending} onClick={() => (mode === 'replace' ? setConfirm(true) : run.mutate(false))}>
            <ArchiveRestoreIcon aria-hidden="true" />
            {r.run}
          </Button>
        </div>
        {progress !== null && <Progress value={progress < 100 ? progress : null} label={r.title} />}
        {missing ? <Callout variant="info" title={r.unavailable} /> : run.isError && <ErrorCallout error={run.error} />}
        {run.data && (
          <Callout variant="success" title={run.data.dry_run ? r.dryDone : r.done}>
            <p data-testid="restore-report">{r.report(run.data.items.restored, run.data.items.skipped_existing, run.data.items.removed, run.data.photos.rows_restored, run.data.orders, run.data.photo_edits)}</p>
            <p className="text-xs">{r.madeOn(date(run.data.backup.created_at, true), run.data.backup.app_version)}</p>
          </Callout>
        )}
      </CardContent>
      <ConfirmDialog open={confirm} onOpenChange={setConfirm} title={r.confirmTitle} description={r.confirmText} confirmLabel={r.run} destructive busy={run.isPending} onConfirm={() => run.mutate(false)} />
    </Card>
  );
}
