import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { api, unwrap } from '../../api/client.ts';
import { ErrorCallout } from '../../components/ui/feedback.tsx';
import { Skeleton } from '../../components/ui/skeleton.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { explainLog } from './explain-log.ts';

/** Why these photos are together: the job's decision log for one group, in the seller's words, read when the seller opens it. */
export function ClusterLog({ job, cluster }: { job: string; cluster: string }) {
  const { t, lang } = useI18n();
  const [open, setOpen] = useState(false);
  const q = useQuery({
    queryKey: ['bulk', 'log', job, cluster],
    enabled: open,
    queryFn: ({ signal }) => unwrap(api.GET('/bulk/jobs/{id}/log', { params: { path: { id: job }, query: { cluster, limit: 50 } }, signal })),
  });
  const lines = q.data ? explainLog(q.data.entries, t, lang) : [];
  return (
    <details className="text-xs" onToggle={(e) => setOpen((e.target as HTMLDetailsElement).open)} data-testid="cluster-why">
      <summary className="cursor-pointer text-muted-foreground">{t.bulk.board.why}</summary>
      <div className="mt-1.5">
        {q.isPending ? <Skeleton className="h-8" /> : q.isError ? <ErrorCallout error={q.error} /> : lines.length === 0 ? (
          <p className="text-muted-foreground">{t.bulk.board.whyEmpty}</p>
        ) : (
          <ul className="list-disc space-y-1 pl-4">
            {lines.map((l) => <li key={l} className="break-words">{l}</li>)}
          </ul>
        )}
      </div>
    </details>
  );
}
