import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { CopyIcon, KeyRoundIcon, LogOutIcon, MonitorSmartphoneIcon, PlusIcon, Trash2Icon } from 'lucide-react';
import { type FormEvent, useState } from 'react';
import { api, unwrap } from '../../api/client.ts';
import { PageHeader } from '../../components/layout/page-header.tsx';
import { Badge } from '../../components/ui/badge.tsx';
import { Button } from '../../components/ui/button.tsx';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '../../components/ui/card.tsx';
import { ConfirmDialog } from '../../components/ui/dialog.tsx';
import { Callout, ErrorCallout, useFieldIssues } from '../../components/ui/feedback.tsx';
import { Field, Input, Label } from '../../components/ui/input.tsx';
import { Skeleton } from '../../components/ui/skeleton.tsx';
import { useToast } from '../../components/ui/toast.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { signOut, useAuthState } from '../../lib/accounts.ts';
import { BillingCard } from './billing-card.tsx';
import { QuotasCard } from './quotas-card.tsx';

// /compte (accounts mode): who I am, my password, the browsers logged in to my account, my subscription (with Stripe
// billing), my quotas and my API tokens.

/**
 * Change my password, or, for an account made through Google that never chose one, set a first one: then no
 * "current password" is asked (the server wants a recent sign-in instead).
 */
function PasswordCard() {
  const { t } = useI18n();
  const a = t.accounts.account;
  const toast = useToast();
  const qc = useQueryClient();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const state = useQuery({ queryKey: ['auth', 'password'], queryFn: ({ signal }) => unwrap(api.GET('/auth/password', { signal })) });
  const first = state.data?.password_set === false;
  const run = useMutation({
    mutationFn: () => unwrap(api.POST('/auth/password', { body: first ? { new_password: next } : { current_password: current, new_password: next } })),
    onSuccess: () => {
      setCurrent('');
      setNext('');
      toast({ title: first ? a.setDone : a.changed, variant: 'success' });
      void qc.invalidateQueries({ queryKey: ['auth', 'sessions'] });
      void qc.invalidateQueries({ queryKey: ['auth', 'password'] });
    },
  });
  const issues = useFieldIssues(run.error);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!run.isPending) run.mutate();
  };
  return (
    <Card>
      <CardHeader>
        <CardTitle>{first ? a.setTitle : a.passwordTitle}</CardTitle>
        <CardDescription>{first ? a.setExplain : a.passwordExplain}</CardDescription>
      </CardHeader>
      <CardContent>
        {state.isPending ? <Skeleton className="h-24 w-full" /> : state.isError ? <ErrorCallout error={state.error} /> : (
          <form onSubmit={submit} className="grid gap-3" data-testid="password-form">
            {!first && (
              <Field id="current-password" label={a.current} error={issues.current_password}>
                <Input id="current-password" type="password" autoComplete="current-password" required value={current} onChange={(e) => setCurrent(e.target.value)} />
              </Field>
            )}
            <Field id="new-password" label={a.next} hint={t.accounts.passwordHint} error={issues.new_password}>
              <Input id="new-password" type="password" autoComplete="new-password" required minLength={10} value={next} onChange={(e) => setNext(e.target.value)} />
            </Field>
            {run.isError && <ErrorCallout error={run.error} />}
            <div>
              <Button type="submit" disabled={run.isPending}>
                <KeyRoundIcon aria-hidden="true" />
                {first ? a.set : a.change}
              </Button>
            </div>
          </form>
        )}
      </CardContent>
    </Card>
  );
}

function SessionsCard() {
  const { t, date } = useI18n();
  const a = t.accounts.account;
  const qc = useQueryClient();
  const [everywhere, setEverywhere] = useState(false);
  const sessions = useQuery({ queryKey: ['auth', 'sessions'], queryFn: ({ signal }) => unwrap(api.GET('/auth/sessions', { signal })) });
  const end = useMutation({
    mutationFn: (id: string) => unwrap(api.DELETE('/auth/sessions/{id}', { params: { path: { id } } })),
    onSettled: () => void qc.invalidateQueries({ queryKey: ['auth', 'sessions'] }),
  });
  const all = useMutation({
    mutationFn: async () => {
      await unwrap(api.POST('/auth/logout-everywhere', { body: {} }));
      await signOut(qc);
    },
  });
  return (
    <Card>
      <CardHeader>
        <CardTitle>{a.sessionsTitle}</CardTitle>
        <CardDescription>{a.sessionsExplain}</CardDescription>
      </CardHeader>
      <CardContent className="space-y-3">
        {sessions.isPending ? <Skeleton className="h-16 w-full" /> : sessions.isError ? <ErrorCallout error={sessions.error} /> : (
          <ul className="divide-y" data-testid="session-list">
            {sessions.data.sessions.map((s) => (
              <li key={s.id} className="flex items-center justify-between gap-3 py-2">
                <div className="flex min-w-0 items-center gap-2">
                  <MonitorSmartphoneIcon aria-hidden="true" className="size-4 shrink-0 text-muted-foreground" />
                  <div className="min-w-0">
                    <p className="truncate text-sm">{s.client ?? a.unknownClient}</p>
                    <p className="text-xs text-muted-foreground">{a.lastSeen(date(s.last_seen_at, true))}</p>
                  </div>
                  {s.current && <Badge variant="secondary">{a.thisOne}</Badge>}
                </div>
                {!s.current && (
                  <Button variant="ghost" size="sm" disabled={end.isPending} onClick={() => end.mutate(s.id)}>{a.end}</Button>
                )}
              </li>
            ))}
          </ul>
        )}
        {end.isError && <ErrorCallout error={end.error} />}
        {all.isError && <ErrorCallout error={all.error} />}
        <Button variant="outline" onClick={() => setEverywhere(true)} data-testid="logout-everywhere">
          <LogOutIcon aria-hidden="true" />
          {a.everywhere}
        </Button>
      </CardContent>
      <ConfirmDialog open={everywhere} onOpenChange={setEverywhere} title={a.everywhereConfirm} description={a.everywhereText} confirmLabel={a.everywhere} destructive busy={all.isPending} onConfirm={() => all.mutate()} />
    </Card>
  );
}

function TokensCard() {
  const { t, date } = useI18n();
  const a = t.accounts.account;
  const qc = useQueryClient();
  const [name, setName] = useState('');
  const [created, setCreated] = useState<string | null>(null);
  const [copied, setCopied] = useState(false);
  const [revoking, setRevoking] = useState<string | null>(null);
  const tokens = useQuery({ queryKey: ['auth', 'tokens'], queryFn: ({ signal }) => unwrap(api.GET('/auth/tokens', { signal })) });
  const create = useMutation({
    mutationFn: () => unwrap(api.POST('/auth/tokens', { body: { name } })),
    onSuccess: (r) => {
      setCreated(r.token);
      setCopied(false);
      setName('');
      void qc.invalidateQueries({ queryKey: ['auth', 'tokens'] });
    },
  });
  const revoke = useMutation({
    mutationFn: (id: string) => unwrap(api.DELETE('/auth/tokens/{id}', { params: { path: { id } } })),
    onSuccess: () => setRevoking(null),
    onSettled: () => void qc.invalidateQueries({ queryKey: ['auth', 'tokens'] }),
  });
  const issues = useFieldIssues(create.error);
  const copy = async () => {
    if (!created) return;
    await navigator.clipboard?.writeText(created).catch(() => {});
    setCopied(true);
  };
  return (
    <Card>
      <CardHeader>
        <CardTitle>{a.tokensTitle}</CardTitle>
        <CardDescription>{a.tokensExplain}</CardDescription>
      </CardHeader>
      <CardContent className="space-y-3">
        <form onSubmit={(e) => { e.preventDefault(); if (name.trim() && !create.isPending) create.mutate(); }} className="flex flex-col gap-2 sm:flex-row sm:items-end">
          <Field id="token-name" label={a.tokenName} error={issues.name} className="flex-1">
            <Input id="token-name" value={name} maxLength={80} placeholder={a.tokenNamePlaceholder} onChange={(e) => setName(e.target.value)} />
          </Field>
          <Button type="submit" disabled={!name.trim() || create.isPending}>
            <PlusIcon aria-hidden="true" />
            {a.create}
          </Button>
        </form>
        {create.isError && <ErrorCallout error={create.error} />}
        {created && (
          <Callout variant="warning" title={a.createdOnce}>
            <Label htmlFor="created-token" className="sr-only">{a.tokensTitle}</Label>
            <div className="mt-2 flex gap-2">
              <Input id="created-token" readOnly value={created} className="font-mono text-xs" onFocus={(e) => e.target.select()} data-testid="created-token" />
              <Button type="button" variant="outline" onClick={() => void copy()}>
                <CopyIcon aria-hidden="true" />
                {copied ? a.copied : a.copy}
              </Button>
            </div>
          </Callout>
        )}
        {tokens.isPending ? <Skeleton className="h-12 w-full" /> : tokens.isError ? <ErrorCallout error={tokens.error} /> : tokens.data.tokens.length === 0 ? (
          <p className="text-sm text-muted-foreground">{a.noTokens}</p>
        ) : (
          <ul className="divide-y" data-testid="token-list">
            {tokens.data.tokens.map((k) => (
              <li key={k.id} className="flex items-center justify-between gap-3 py-2">
                <div className="min-w-0">
                  <p className="truncate text-sm font-medium">{k.name} <span className="font-mono text-xs text-muted-foreground">…{k.hint}</span></p>
                  <p className="text-xs text-muted-foreground">{k.last_used_at ? a.lastUsed(date(k.last_used_at, true)) : a.neverUsed}</p>
                </div>
                <Button variant="ghost" size="sm" className="text-destructive" onClick={() => setRevoking(k.id)}>
                  <Trash2Icon aria-hidden="true" />
                  {a.revoke}
                </Button>
              </li>
            ))}
          </ul>
        )}
        {revoke.isError && <ErrorCallout error={revoke.error} />}
      </CardContent>
      <ConfirmDialog open={revoking !== null} onOpenChange={(o) => !o && setRevoking(null)} title={a.revokeConfirm} description={a.revokeText} confirmLabel={a.revoke} destructive busy={revoke.isPending} onConfirm={() => revoking && revoke.mutate(revoking)} />
    </Card>
  );
}

/** With Sign in with Google on: whether this account is linked to a Google identity (made by its first sign-in). */
function GoogleLink() {
  const { t } = useI18n();
  const a = t.accounts.account;
  const link = useQuery({ queryKey: ['auth', 'google-link'], queryFn: ({ signal }) => unwrap(api.GET('/auth/google/link', { signal })) });
  if (!link.data) return null;
  return (
    <Badge variant="outline" data-testid="google-link">
      {link.data.linked ? a.googleLinked(link.data.email ?? '') : a.googleNotLinked}
    </Badge>
  );
}

export default function AccountPage() {
  const { t } = useI18n();
  const a = t.accounts.account;
  const qc = useQueryClient();
  const auth = useAuthState();
  const user = auth.data?.user;
  return (
    <div>
      <PageHeader
        title={a.title}
        description={a.description}
        actions={<Button variant="outline" onClick={() => void signOut(qc)} data-testid="logout"><LogOutIcon aria-hidden="true" />{t.accounts.nav.logout}</Button>}
      />
      {user && (
        <p className="mb-4 flex flex-wrap items-center gap-2 text-sm" data-testid="signed-in-as">
          {a.signedInAs(user.name, user.email)}
          <Badge variant="secondary">{user.role === 'admin' ? a.roleAdmin : a.roleUser}</Badge>
          {auth.data?.google_sign_in && <GoogleLink />}
        </p>
      )}
      <div className="grid items-start gap-4 xl:grid-cols-2">
        <div className="min-w-0 space-y-4">
          <PasswordCard />
          <SessionsCard />
        </div>
        <div className="min-w-0 space-y-4">
          <BillingCard />
          <QuotasCard />
          <TokensCard />
        </div>
      </div>
    </div>
  );
}
