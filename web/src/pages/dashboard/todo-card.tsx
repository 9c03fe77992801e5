import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ArchiveIcon, CheckIcon, CombineIcon, ImageIcon } from 'lucide-react';
import { Link } from 'react-router';
import { api, type Schemas, unwrap } from '../../api/client.ts';
import { ApiImage } from '../../components/api-image.tsx';
import { Button } from '../../components/ui/button.tsx';
import { Card, CardContent, CardHeader, CardTitle } from '../../components/ui/card.tsx';
import { ErrorCallout } from '../../components/ui/feedback.tsx';
import { Skeleton } from '../../components/ui/skeleton.tsx';
import { useToast } from '../../components/ui/toast.tsx';
import { type Dict, useI18n } from '../../i18n/index.tsx';

type Todo = Schemas['StockTodo'];
type Line = Schemas['TodoLine'];
const SECTIONS = ['incomplete_drafts', 'missing_price_or_floor', 'duplicates', 'stale_listings', 'to_ship'] as const;

export const useTodo = () => useQuery({ queryKey: ['todo'], queryFn: ({ signal }) => unwrap(api.GET('/todo', { signal })) });

const num = (x: unknown) => (typeof x === 'number' && Number.isFinite(x) ? x : null);

/** One line of the to-do in the seller's words, from its code and parameters. */
export function todoText(line: Pick<Line, 'code' | 'params'>, t: Dict, money: (v: number | null) => string): string {
  const w = t.dashboard.todo;
  const p = line.params ?? {};
  switch (line.code) {
    case 'draft_incomplete': {
      const missing = Array.isArray(p.missing_fields) ? (p.missing_fields as unknown[]).map((m) => w.missing[String(m)]).filter(Boolean) : [];
      return w.lines.draft_incomplete(missing.length ? [...new Set(missing)].join(', ') : w.somethingMissing);
    }
    case 'no_price':
      return w.lines.no_price;
    case 'no_floor':
      return w.lines.no_floor;
    case 'possible_duplicate': {
      const of = Array.isArray(p.of) ? (p.of as { title?: unknown }[]).map((o) => (typeof o.title === 'string' ? o.title : '')).filter(Boolean) : [];
      return w.lines.possible_duplicate(of[0] ?? '');
    }
    case 'listed_too_long':
      return w.lines.listed_too_long(num(p.days) ?? 0);
    case 'sold_recently': {
      const ago = num(p.days_ago);
      return w.lines.sold_recently(ago === null || ago < 1 ? w.today : w.daysAgo(Math.round(ago)), num(p.sold_price) === null ? '' : money(num(p.sold_price)));
    }
    default:
      return t.dashboard.recommendations.open;
  }
}

function TodoLine({ line }: { line: Line }) {
  const { t, money } = useI18n();
  const w = t.dashboard.todo;
  const qc = useQueryClient();
  const toast = useToast();
  const done = (msg: string) => {
    toast({ title: msg });
    void qc.invalidateQueries({ queryKey: ['todo'] });
    void qc.invalidateQueries({ queryKey: ['listings'] });
    void qc.invalidateQueries({ queryKey: ['stats'] });
  };
  const dismiss = useMutation({ mutationFn: () => unwrap(api.POST('/duplicates/{id}/dismiss', { params: { path: { id: line.item_id } }, body: {} as never })), onSuccess: () => done(w.dismissed) });
  const into = Array.isArray(line.params?.of) ? (line.params.of as { item_id?: string; title?: string }[]).find((o) => typeof o.item_id === 'string') : undefined;
  const merge = useMutation({ mutationFn: () => unwrap(api.POST('/duplicates/{id}/merge', { params: { path: { id: line.item_id } }, body: { into: into!.item_id! } })), onSuccess: () => done(w.merged) });
  const archive = useMutation({ mutationFn: () => unwrap(api.PATCH('/listings/{id}', { params: { path: { id: line.item_id } }, body: { status: 'archived' } })), onSuccess: () => done(w.archived) });
  const busy = dismiss.isPending || merge.isPending || archive.isPending;
  const error = dismiss.error ?? merge.error ?? archive.error;
  // A sale to ship is shipped from the sales page's to-ship list: the item's own page cannot ship it.
  const toShip = line.code === 'sold_recently';
  const linkActions = line.actions.filter((a) => !['not_a_duplicate', 'merge', 'archive'].includes(a));
  return (
    <li className="py-2.5 first:pt-0 last:pb-0" data-testid="todo-line" data-code={line.code}>
      <div className="flex items-start gap-3">
        {line.thumb_url ? <ApiImage src={line.thumb_url} alt="" className="size-10 shrink-0 rounded" /> : <div className="flex size-10 shrink-0 items-center justify-center rounded bg-muted"><ImageIcon aria-hidden="true" className="size-4 text-muted-foreground" /></div>}
        <div className="min-w-0 flex-1">
          <Link to={`/stock/${line.item_id}`} className="block truncate text-sm font-medium hover:underline" translate="no">{line.title}</Link>
          <p className="text-xs text-muted-foreground">{todoText(line, t, money)}</p>
          <div className="mt-1.5 flex flex-wrap gap-1.5">
            {linkActions.slice(0, 1).map((a) => (
              <Button key={a} asChild size="sm" variant="outline" className="h-7 px-2 text-xs">
                {toShip ? <Link to="/ventes">{w.actions.ship}</Link> : <Link to={`/stock/${line.item_id}`}>{w.actions[a] ?? w.actions.open}</Link>}
              </Button>
            ))}
            {line.actions.includes('not_a_duplicate') && (
              <Button size="sm" variant="outline" className="h-7 px-2 text-xs" disabled={busy} onClick={() => dismiss.mutate()}><CheckIcon aria-hidden="true" />{w.actions.not_a_duplicate}</Button>
            )}
            {line.actions.includes('merge') && into?.item_id && (
              <Button size="sm" variant="outline" className="h-7 px-2 text-xs" disabled={busy} onClick={() => merge.mutate()} title={w.mergeInto(into.title ?? '')}><CombineIcon aria-hidden="true" />{w.actions.merge}</Button>
            )}
            {line.actions.includes('archive') && (
              <Button size="sm" variant="ghost" className="h-7 px-2 text-xs" disabled={busy} onClick={() => archive.mutate()}><ArchiveIcon aria-hidden="true" />{w.actions.archive}</Button>
            )}
          </div>
          {error ? <ErrorCallout error={error} className="mt-2" /> : null}
        </div>
      </div>
    </li>
  );
}

/** "À faire": the stock's real work, list by list (drafts to complete, prices and floors, duplicates, stale listings, sales to ship). */
export function TodoCard() {
  const { t } = useI18n();
  const w = t.dashboard.todo;
  const q = useTodo();
  const data: Todo | undefined = q.data;
  return (
    <Card data-testid="todo">
      <CardHeader><CardTitle>{w.title}{data && data.total > 0 ? ` (${data.total})` : ''}</CardTitle></CardHeader>
      <CardContent className="space-y-4">
        {q.isPending ? (
          <div className="space-y-2" aria-busy="true">{[0, 1, 2].map((i) => <Skeleton key={i} className="h-14 w-full" />)}</div>
        ) : q.isError ? (
          <ErrorCallout error={q.error} onRetry={() => q.refetch()} />
        ) : !data || data.total === 0 ? (
          <p className="text-sm text-muted-foreground">{w.empty}</p>
        ) : (
          SECTIONS.filter((k) => data[k].count > 0).map((k) => (
            <section key={k} aria-label={w.sections[k]} data-testid={`todo-${k}`}>
              <h3 className="mb-1.5 text-xs font-semibold uppercase tracking-wide text-muted-foreground">{w.sections[k]} ({data[k].count})</h3>
              <ul className="divide-y">{data[k].lines.map((l) => <TodoLine key={`${k}-${l.item_id}`} line={l} />)}</ul>
              {data[k].count > data[k].lines.length && <p className="mt-1 text-xs text-muted-foreground">{w.more(data[k].count - data[k].lines.length)}</p>}
            </section>
          ))
        )}
      </CardContent>
    </Card>
  );
}
