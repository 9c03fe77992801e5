import { useMutation, useQueryClient } from '@tanstack/react-query';
import { ArchiveIcon, ChevronRightIcon, CopyIcon, RefreshCcwIcon, TagIcon } from 'lucide-react';
import { Link } from 'react-router';
import { api, unwrap } from '../../api/client.ts';
import { ApiImage } from '../../components/api-image.tsx';
import { StatusBadge } from '../../components/status-badge.tsx';
import { Badge } from '../../components/ui/badge.tsx';
import { Button } from '../../components/ui/button.tsx';
import { Card, CardContent, CardHeader, CardTitle } from '../../components/ui/card.tsx';
import { ErrorCallout } from '../../components/ui/feedback.tsx';
import { Skeleton } from '../../components/ui/skeleton.tsx';
import { useToast } from '../../components/ui/toast.tsx';
import { useI18n } from '../../i18n/index.tsx';
import type { Status } from '../../lib/vocabulary.ts';
import { useDuplicateGroups, useRecommendations } from './use-dashboard.ts';

const ACTION_ICON = { resolve_duplicate: CopyIcon, republish: RefreshCcwIcon, reprice: TagIcon } as const;

export function RecommendationsCard() {
  const { t, money } = useI18n();
  const r = t.dashboard.recommendations;
  const q = useRecommendations();
  return (
    <Card data-testid="recommendations">
      <CardHeader><CardTitle>{r.title}</CardTitle></CardHeader>
      <CardContent>
        {q.isPending ? (
          <div className="space-y-2">{[0, 1, 2].map((i) => <Skeleton key={i} className="h-14 w-full" />)}</div>
        ) : q.isError ? (
          <ErrorCallout error={q.error} onRetry={() => q.refetch()} />
        ) : q.data.items.length === 0 ? (
          <p className="text-sm text-muted-foreground">{r.empty}</p>
        ) : (
          <ul className="divide-y">
            {q.data.items.map((it) => {
              const Icon = ACTION_ICON[it.action];
              return (
                <li key={it.item_id} className="py-2.5 first:pt-0 last:pb-0">
                  <Link to={`/stock/${it.item_id}`} className="group flex items-start gap-3">
                    <span className="mt-0.5 rounded-md bg-accent p-1.5 text-accent-foreground"><Icon aria-hidden="true" className="size-4" /></span>
                    <span className="min-w-0 flex-1">
                      <span className="flex flex-wrap items-baseline gap-x-2">
                        <span className="truncate font-medium group-hover:underline">{it.title}</span>
                        <span className="text-xs font-medium text-primary">{r.actions[it.action]}</span>
                      </span>
                      <span className="block text-xs text-muted-foreground">
                        {it.reasons.map((x) => r.reasons[x.code] ?? x.message).join(' · ')}
                        {it.price !== null ? ` · ${money(it.price)}` : ''}
                      </span>
                      {it.reasons.map((x) => <span key={x.code} className="block break-words text-xs text-muted-foreground/80">{x.message}</span>)}
                    </span>
                    <ChevronRightIcon aria-hidden="true" className="mt-1 size-4 shrink-0 text-muted-foreground" />
                  </Link>
                </li>
              );
            })}
          </ul>
        )}
      </CardContent>
    </Card>
  );
}

export function DuplicatesCard() {
  const { t, money } = useI18n();
  const d = t.dashboard.duplicates;
  const toast = useToast();
  const qc = useQueryClient();
  const q = useDuplicateGroups();
  const archive = useMutation({
    mutationFn: (id: string) => unwrap(api.PATCH('/listings/{id}', { params: { path: { id } }, body: { status: 'archived' } })),
    onSuccess: () => {
      toast({ title: d.archived });
      void qc.invalidateQueries({ queryKey: ['listings'] });
      void qc.invalidateQueries({ queryKey: ['stats'] });
    },
  });
  return (
    <Card data-testid="duplicates">
      <CardHeader><CardTitle>{d.title}</CardTitle></CardHeader>
      <CardContent className="space-y-3">
        {archive.isError && <ErrorCallout error={archive.error} />}
        {q.isPending ? (
          <Skeleton className="h-24 w-full" />
        ) : q.isError ? (
          <ErrorCallout error={q.error} onRetry={() => q.refetch()} />
        ) : q.data.groups.length === 0 ? (
          <p className="text-sm text-muted-foreground">{d.empty}</p>
        ) : (
          q.data.groups.map((g) => (
            <div key={g.items.map((i) => i.id).join()} className="rounded-lg border p-2" role="group" aria-label={d.group(g.items.length)}>
              <p className="mb-1.5 px-1 text-xs font-medium text-muted-foreground">{d.group(g.items.length)}</p>
              <ul className="space-y-1.5">
                {g.items.map((it) => {
                  const m = g.matches.find((x) => x.item_id === it.id || x.duplicate_of === it.id);
                  return (
                    <li key={it.id} className="flex items-center gap-2">
                      {it.thumb_url ? <ApiImage src={it.thumb_url} alt="" className="size-10 shrink-0 rounded" /> : <div className="size-10 shrink-0 rounded bg-muted" />}
                      <div className="min-w-0 flex-1">
                        <Link to={`/stock/${it.id}`} className="block truncate text-sm font-medium hover:underline">{it.title}</Link>
                        <div className="flex flex-wrap items-center gap-1.5 text-xs text-muted-foreground">
                          <StatusBadge status={it.status as Status} />
                          <span>{money(it.price)}</span>
                          {m && <Badge variant="warning">{d.match(t.listing.duplicates.reason[m.reason] ?? m.reason, t.listing.duplicates.score(m.score))}</Badge>}
                        </div>
                      </div>
                      {it.status !== 'archived' && (
                        <Button size="sm" variant="ghost" onClick={() => archive.mutate(it.id)} disabled={archive.isPending} aria-label={`${d.archive} : ${it.title}`}>
                          <ArchiveIcon aria-hidden="true" />
                          <span className="hidden sm:inline">{d.archive}</span>
                        </Button>
                      )}
                    </li>
                  );
                })}
              </ul>
            </div>
          ))
        )}
      </CardContent>
    </Card>
  );
}
