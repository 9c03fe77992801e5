import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { api, unwrap } from '../../api/client.ts';
import { ErrorCallout } from '../../components/ui/feedback.tsx';
import { Skeleton } from '../../components/ui/skeleton.tsx';
import { useI18n } from '../../i18n/index.tsx';

/** Why these photos are together: the job's decision log for one group, read when the seller opens it. */
export function ClusterLog({ job, cluster }: { job: string; cluster: string }) {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  const q = useQuery({
    queryKey: ['bulk', 'log', job, cluster],
    enabled: open,
    queryFn: ({ signal }) => unwrap(api.GET('/bulk/jobs/{id}/log', { params: { path: { id: job }, query: { cluster, limit: 50 } }, signal })),
  });
  return (
    <details className="text-xs" onToggle={(e) => setOpen((e.target as HTMLDetailsElement).open)}>
      <summary className="cursor-pointer text-muted-foreground">{t.bulk.board.why}</summary>
      <div className="mt-1.5">
        {q.isPending ? <Skeleton className="h-8" /> : q.isError ? <ErrorCallout error={q.error} /> : q.data.entries.length === 0 ? (
          <p className="text-muted-foreground">{t.bulk.board.whyEmpty}</p>
        ) : (
          <ul className="space-y-1">
            {q.data.entries.map((e) => <li key={e.id} className="break-words"><span className="font-mono text-muted-foreground">{e.rule}</span> — {e.message}</li>)}
          </ul>
        )}
      </div>
    </details>
  );
}
