import { XCircleIcon } from 'lucide-react';
import { Button } from '../../components/ui/button.tsx';
import { Card, CardContent, CardHeader, CardTitle } from '../../components/ui/card.tsx';
import { Progress } from '../../components/ui/controls.tsx';
import { ErrorCallout } from '../../components/ui/feedback.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { type BulkStatus, useCancelJob } from './use-bulk.ts';

/** Live progress of the job (polled and pushed over SSE), with a cancel. */
export function ProgressStep({ status }: { status: BulkStatus }) {
  const { t } = useI18n();
  const p = t.bulk.progress;
  const cancel = useCancelJob(status.job_id);
  const g = status.progress;
  const stage = p.stages[g.stage] ?? g.stage;
  return (
    <Card aria-live="polite" data-testid="bulk-progress">
      <CardHeader><CardTitle>{p.title}</CardTitle></CardHeader>
      <CardContent className="space-y-3">
        <Progress value={g.percent} label={p.title} />
        <p className="text-sm font-medium">{p.stage(stage)} · {Math.round(g.percent)} %</p>
        <ul className="grid grid-cols-2 gap-1 text-sm text-muted-foreground sm:grid-cols-3">
          <li>{p.scanned(g.scanned, g.total)}</li>
          <li>{p.analysed(g.analysed)}</li>
          <li>{p.duplicates(g.duplicates)}</li>
          <li>{p.clusters(g.clusters)}</li>
          {g.errors > 0 && <li className="text-destructive">{p.errors(g.errors)}</li>}
        </ul>
        {cancel.isError && <ErrorCallout error={cancel.error} />}
        <Button variant="outline" onClick={() => cancel.mutate()} disabled={cancel.isPending}>
          <XCircleIcon aria-hidden="true" />
          {p.cancel}
        </Button>
      </CardContent>
    </Card>
  );
}
