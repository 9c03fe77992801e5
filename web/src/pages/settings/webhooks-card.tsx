import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { SendIcon, Trash2Icon } from 'lucide-react';
import { useState } from 'react';
import { api, type Paths, unwrap } from '../../api/client.ts';
import { Badge } from '../../components/ui/badge.tsx';
import { Button } from '../../components/ui/button.tsx';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '../../components/ui/card.tsx';
import { Checkbox } from '../../components/ui/controls.tsx';
import { Callout, ErrorCallout } from '../../components/ui/feedback.tsx';
import { Field, Input } from '../../components/ui/input.tsx';
import { useToast } from '../../components/ui/toast.tsx';
import { useI18n } from '../../i18n/index.tsx';

type Event = NonNullable<Paths['/webhooks']['post']['requestBody']>['content']['application/json']['events'][number];
const EVENTS: Event[] = ['listing.created', 'listing.published', 'price.dropped', 'item.sold', 'order.shipped', 'bulk.completed'];

/** One subscription's delivery log: the last sends, their state and response code. */
function Deliveries({ id }: { id: string }) {
  const { t, date } = useI18n();
  const w = t.backoffice.webhooks;
  const q = useQuery({ queryKey: ['webhooks', id, 'deliveries'], queryFn: () => unwrap(api.GET('/webhooks/{id}/deliveries', { params: { path: { id }, query: { limit: 10 } } })) });
  if (q.error) return <ErrorCallout error={q.error} />;
  const list = q.data?.deliveries ?? [];
  if (q.data && list.length === 0) return <p className="text-xs text-muted-foreground">{w.noDeliveries}</p>;
  return (
    <ul className="space-y-0.5 text-xs" data-testid="webhook-deliveries">
      {list.map((d) => (
        <li key={d.id} className="flex flex-wrap gap-x-2 tabular-nums">
          <span>{date(d.created_at, true)}</span>
          <span className="font-medium">{d.event}</span>
          <span>{w.states[d.state] ?? d.state}</span>
          <span className="text-muted-foreground">{d.response_code ?? d.error ?? '–'}</span>
        </li>
      ))}
    </ul>
  );
}

/** Webhooks out: subscribe a URL to events, see its secret once, send a test, read the delivery log. */
export function WebhooksCard() {
  const { t, errorText } = useI18n();
  const w = t.backoffice.webhooks;
  const qc = useQueryClient();
  const toast = useToast();
  const [url, setUrl] = useState('');
  const [events, setEvents] = useState<Set<Event>>(new Set(['item.sold']));
  const [allowLocal, setAllowLocal] = useState(false);
  const [secret, setSecret] = useState<string | null>(null);
  const [open, setOpen] = useState<string | null>(null);
  const list = useQuery({ queryKey: ['webhooks'], queryFn: () => unwrap(api.GET('/webhooks')) });
  const refresh = () => void qc.invalidateQueries({ queryKey: ['webhooks'] });
  const create = useMutation({
    mutationFn: () => unwrap(api.POST('/webhooks', { body: { url: url.trim(), events: [...events], allow_local: allowLocal } })),
    onSuccess: (h) => { setSecret(h.secret); setUrl(''); refresh(); },
  });
  const test = useMutation({
    mutationFn: (id: string) => unwrap(api.POST('/webhooks/{id}/test', { params: { path: { id } }, body: {} })),
    onSuccess: (d) => {
      toast(d.state === 'delivered' ? { title: w.testResult(String(d.response_code)), variant: 'success' } : { title: w.testFailed(d.response_code ? String(d.response_code) : errorText(d.error ?? undefined)) });
      refresh();
    },
  });
  const remove = useMutation({ mutationFn: (id: string) => unwrap(api.DELETE('/webhooks/{id}', { params: { path: { id } } })), onSuccess: refresh });
  const toggle = (e: Event) => setEvents((s) => { const n = new Set(s); if (n.has(e)) n.delete(e); else n.add(e); return n; });

  return (
    <Card data-testid="webhooks-card">
      <CardHeader>
        <CardTitle>{w.title}</CardTitle>
        <CardDescription>{w.explain}</CardDescription>
      </CardHeader>
      <CardContent className="space-y-4">
        {list.data?.webhooks.length === 0 && <p className="text-sm text-muted-foreground">{w.none}</p>}
        <ul className="divide-y">
          {list.data?.webhooks.map((h) => (
            <li key={h.id} className="space-y-1 py-2 text-sm">
              <div className="flex flex-wrap items-center gap-2">
                <span className="min-w-0 break-all font-medium">{h.url}</span>
                {!h.active && <Badge variant="outline">{w.paused}</Badge>}
              </div>
              <p className="text-xs text-muted-foreground">{h.events.map((e) => w.eventNames[e] ?? e).join(' · ')} — {w.secretHint(h.secret_hint)}</p>
              <div className="flex flex-wrap gap-2">
                <Button size="sm" variant="outline" disabled={test.isPending} onClick={() => test.mutate(h.id)}><SendIcon aria-hidden="true" />{w.test}</Button>
                <Button size="sm" variant="ghost" onClick={() => setOpen(open === h.id ? null : h.id)}>{w.log}</Button>
                <Button size="sm" variant="ghost" className="text-destructive" disabled={remove.isPending} onClick={() => remove.mutate(h.id)}><Trash2Icon aria-hidden="true" />{w.remove}</Button>
              </div>
              {open === h.id && <Deliveries id={h.id} />}
            </li>
          ))}
        </ul>
        {secret && (
          <Callout variant="warning" title={w.secretOnce}>
            <code className="block break-all rounded bg-muted px-2 py-1 text-xs text-foreground" data-testid="webhook-secret">{secret}</code>
          </Callout>
        )}
        <form className="space-y-3" onSubmit={(e) => { e.preventDefault(); setSecret(null); create.mutate(); }}>
          <Field id="webhook-url" label={w.url}>
            <Input id="webhook-url" type="url" inputMode="url" placeholder="https://hooks.zapier.com/…" value={url} onChange={(e) => setUrl(e.target.value)} />
          </Field>
          <fieldset className="space-y-1.5">
            <legend className="mb-1 text-sm font-medium">{w.events}</legend>
            <div className="grid gap-1.5 sm:grid-cols-2">
              {EVENTS.map((e) => (
                <label key={e} className="flex items-center gap-2 text-sm">
                  <Checkbox checked={events.has(e)} onCheckedChange={() => toggle(e)} />{w.eventNames[e]}
                </label>
              ))}
            </div>
          </fieldset>
          <label className="flex items-center gap-2 text-sm">
            <Checkbox checked={allowLocal} onCheckedChange={(v) => setAllowLocal(v === true)} />{w.allowLocal}
          </label>
          {(create.error || test.error || remove.error || list.error) && <ErrorCallout error={create.error ?? test.error ?? remove.error ?? list.error} />}
          <Button type="submit" disabled={!url.trim() || events.size === 0 || create.isPending}>{w.add}</Button>
        </form>
      </CardContent>
    </Card>
  );
}
