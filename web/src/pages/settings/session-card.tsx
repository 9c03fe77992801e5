import { useMutation, useQueryClient } from '@tanstack/react-query';
import { CheckCircle2Icon, CircleAlertIcon, CircleHelpIcon, LogOutIcon, RefreshCwIcon, SaveIcon } from 'lucide-react';
import { type FormEvent, useState } from 'react';
import { api, unwrap } from '../../api/client.ts';
import { Button } from '../../components/ui/button.tsx';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '../../components/ui/card.tsx';
import { ConfirmDialog } from '../../components/ui/dialog.tsx';
import { Callout, ErrorCallout, useFieldIssues } from '../../components/ui/feedback.tsx';
import { Field, Input, Textarea } from '../../components/ui/input.tsx';
import { Skeleton } from '../../components/ui/skeleton.tsx';
import { useToast } from '../../components/ui/toast.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { type Trouble, TroubleNote } from '../item/trouble-note.tsx';
import { useVintedStatus } from '../item/vinted-flow.ts';

/** Paste the Vinted cookie and user agent (sealed on the server, never shown again), check it, or forget it. */
export function SessionCard() {
  const { t, date } = useI18n();
  const s = t.vinted.settings;
  const qc = useQueryClient();
  const toast = useToast();
  const status = useVintedStatus();
  const [cookie, setCookie] = useState('');
  const [ua, setUa] = useState('');
  const [forget, setForget] = useState(false);
  // The last save or check: confirmed (true), refused by Vinted (false), or unknown (null: Vinted did not answer or put a check in the way).
  const [check, setCheck] = useState<{ authenticated: boolean | null; state?: string; username: string | null; reason?: string; trouble?: Trouble } | null>(null);
  const refresh = () => qc.invalidateQueries({ queryKey: ['vinted'] });
  const save = useMutation({
    mutationFn: () => unwrap(api.POST('/vinted/auth/session', { body: { cookie: cookie.trim(), user_agent: ua.trim() || null } })),
    onSuccess: (r) => {
      setCookie('');
      setCheck({ authenticated: r.verified ? true : r.trouble && r.trouble.kind !== 'not_logged_in' ? null : false, username: r.username, reason: r.reason, trouble: r.trouble });
      toast({ title: s.savedOk, variant: 'success' });
      void refresh();
    },
  });
  const verify = useMutation({
    mutationFn: () => unwrap(api.GET('/vinted/auth/check')),
    onSuccess: (r) => {
      setCheck(r);
      void refresh();
    },
  });
  const remove = useMutation({
    mutationFn: () => unwrap(api.DELETE('/vinted/auth/session')),
    onSuccess: () => {
      setForget(false);
      setCheck(null);
      void refresh();
    },
  });
  const issues = useFieldIssues(save.error);
  const session = status.data?.session;
  const state: 'confirmed' | 'refused' | 'unknown' = check
    ? check.authenticated === true ? 'confirmed' : check.authenticated === false ? 'refused' : 'unknown'
    : session?.confirmed ? 'confirmed' : session?.state === 'not_logged_in' || session?.state === 'expired' ? 'refused' : 'unknown';
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (cookie.trim()) save.mutate();
  };
  return (
    <Card>
      <CardHeader>
        <CardTitle>{s.sessionTitle}</CardTitle>
        <CardDescription>{s.sessionExplain}</CardDescription>
      </CardHeader>
      <CardContent className="space-y-4">
        <div data-testid="session-status" role="status">
          {status.isPending ? (
            <Skeleton className="h-6 w-56" />
          ) : status.isError ? (
            <ErrorCallout error={status.error} />
          ) : session?.present ? (
            <p className="flex flex-wrap items-center gap-2 text-sm" data-state={state}>
              {/* A green check only for a session Vinted confirmed; unknown is amber, refused is red. */}
              {state === 'confirmed' ? <CheckCircle2Icon aria-hidden="true" className="size-4 text-success" /> : state === 'refused' ? <CircleAlertIcon aria-hidden="true" className="size-4 text-destructive" /> : <CircleHelpIcon aria-hidden="true" className="size-4 text-warning" />}
              <span className="font-medium">
                {state === 'confirmed' ? s.connectedAs(check?.username ?? session.username ?? '?') : state === 'refused' ? s.invalid : check?.trouble?.kind === 'blocked' ? s.blocked : check?.trouble?.kind === 'unreachable' ? s.unreachable : s.unverified}
              </span>
              {session.verified_at && state === 'confirmed' && <span className="text-xs text-muted-foreground">{s.checkedAt(date(session.verified_at, true))}</span>}
            </p>
          ) : (
            <p className="text-sm text-muted-foreground">{s.notConnected}</p>
          )}
        </div>
        {check?.trouble ? (
          <TroubleNote trouble={check.trouble} />
        ) : check && check.authenticated === false && check.reason ? (
          <Callout variant="warning" title={s.invalid}>{t.vinted.reasons[check.reason] ?? t.vinted.trouble.actions.log_in_again}</Callout>
        ) : null}
        <form onSubmit={submit} className="space-y-3">
          <Field id="vinted-cookie" label={s.cookie} hint={s.cookieHint} error={issues.cookie}>
            <Textarea
              id="vinted-cookie"
              rows={3}
              value={cookie}
              onChange={(e) => setCookie(e.target.value)}
              autoComplete="off"
              spellCheck={false}
              className="font-mono text-xs"
              placeholder="access_token_web=…; refresh_token_web=…; anon_id=…"
              translate="no"
            />
          </Field>
          <Field id="vinted-ua" label={s.userAgent} hint={s.userAgentHint} error={issues.user_agent}>
            <div className="flex flex-col gap-2 sm:flex-row">
              <Input id="vinted-ua" value={ua} onChange={(e) => setUa(e.target.value)} autoComplete="off" spellCheck={false} className="font-mono text-xs" />
              <Button type="button" variant="outline" onClick={() => setUa(navigator.userAgent)} className="shrink-0">{s.useThisBrowser}</Button>
            </div>
          </Field>
          {save.isError && <ErrorCallout error={save.error} />}
          {verify.isError && <ErrorCallout error={verify.error} />}
          {remove.isError && <ErrorCallout error={remove.error} />}
          <div className="flex flex-wrap gap-2">
            <Button type="submit" disabled={!cookie.trim() || save.isPending} data-testid="session-save">
              <SaveIcon aria-hidden="true" />
              {save.isPending ? t.common.saving : s.saveSession}
            </Button>
            <Button type="button" variant="outline" disabled={!session?.present || verify.isPending} onClick={() => verify.mutate()} data-testid="session-check">
              <RefreshCwIcon aria-hidden="true" className={verify.isPending ? 'animate-spin' : undefined} />
              {s.check}
            </Button>
            <Button type="button" variant="ghost" className="text-destructive" disabled={!session?.present} onClick={() => setForget(true)} data-testid="session-forget">
              <LogOutIcon aria-hidden="true" />
              {s.forget}
            </Button>
          </div>
        </form>
      </CardContent>
      <ConfirmDialog open={forget} onOpenChange={setForget} title={s.forgetConfirm} description={s.forgetText} confirmLabel={s.forget} destructive busy={remove.isPending} onConfirm={() => remove.mutate()} />
    </Card>
  );
}
