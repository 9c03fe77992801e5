import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { CopyIcon, GaugeIcon, LinkIcon, ShieldIcon, Trash2Icon, UserPlusIcon } from 'lucide-react';
import { type FormEvent, useState } from 'react';
import { api, type Schemas, unwrap } from '../../api/client.ts';
import { PageHeader } from '../../components/layout/page-header.tsx';
import { Badge } from '../../components/ui/badge.tsx';
import { Button } from '../../components/ui/button.tsx';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '../../components/ui/card.tsx';
import { Checkbox, Switch } from '../../components/ui/controls.tsx';
import { Callout, ErrorCallout, useFieldIssues } from '../../components/ui/feedback.tsx';
import { Field, Input, Label, NativeSelect } from '../../components/ui/input.tsx';
import { Skeleton } from '../../components/ui/skeleton.tsx';
import { Table, TBody, TD, TH, THead, TR } from '../../components/ui/table.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { useAuthState } from '../../lib/accounts.ts';
import { DeleteUserDialog } from './delete-user-dialog.tsx';
import { QuotasDialog } from './quotas-dialog.tsx';

// /administration (accounts mode, admins only): figures, the registration switch, invitations and the accounts.

type Link = Schemas['AccountLink'];

function LinkBox({ link }: { link: Link }) {
  const { t, date } = useI18n();
  const a = t.accounts.admin;
  const [copied, setCopied] = useState(false);
  return (
    <Callout variant="info" title={a.linkFor(link.email)}>
      <div className="mt-2 flex gap-2">
        <Label htmlFor="one-time-link" className="sr-only">{a.linkFor(link.email)}</Label>
        <Input id="one-time-link" readOnly value={link.url} className="font-mono text-xs" onFocus={(e) => e.target.select()} data-testid="one-time-link" />
        <Button type="button" variant="outline" onClick={() => void navigator.clipboard?.writeText(link.url).then(() => setCopied(true), () => {})}>
          <CopyIcon aria-hidden="true" />
          {copied ? t.accounts.account.copied : t.accounts.account.copy}
        </Button>
      </div>
      <p className="mt-1 text-xs">{a.linkExpires(date(link.expires_at, true))}</p>
      {link.emailed !== undefined && (
        <p className="mt-1 text-xs font-medium" data-testid="link-emailed">{link.emailed ? a.emailed(link.email) : a.notEmailed}</p>
      )}
    </Callout>
  );
}

function Figures() {
  const { t, number } = useI18n();
  const f = t.accounts.admin.figures;
  const figures = useQuery({ queryKey: ['admin', 'figures'], queryFn: ({ signal }) => unwrap(api.GET('/admin/figures', { signal })) });
  if (figures.isPending) return <Skeleton className="h-20 w-full" />;
  if (figures.isError) return <ErrorCallout error={figures.error} />;
  const d = figures.data;
  return (
    <dl className="grid grid-cols-2 gap-3 sm:grid-cols-4" data-testid="admin-figures">
      {([[f.users, d.users], [f.active, d.active_7d], [f.admins, d.admins], [f.suspended, d.suspended]] as const).map(([label, v]) => (
        <div key={label} className="rounded-xl border bg-card p-3">
          <dt className="text-xs text-muted-foreground">{label}</dt>
          <dd className="text-2xl font-semibold">{number(v)}</dd>
        </div>
      ))}
    </dl>
  );
}

function InviteCard() {
  const { t, date, lang } = useI18n();
  const a = t.accounts.admin;
  const qc = useQueryClient();
  const mail = useAuthState().data?.reset_by_email ?? false;
  const [byEmail, setByEmail] = useState(true);
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<'user' | 'admin'>('user');
  const [link, setLink] = useState<Link | null>(null);
  const settings = useQuery({ queryKey: ['admin', 'settings'], queryFn: ({ signal }) => unwrap(api.GET('/admin/settings', { signal })) });
  const invitations = useQuery({ queryKey: ['admin', 'invitations'], queryFn: ({ signal }) => unwrap(api.GET('/admin/invitations', { signal })) });
  const toggle = useMutation({
    mutationFn: (open: boolean) => unwrap(api.PATCH('/admin/settings', { body: { registration_open: open } })),
    onSuccess: (s) => {
      qc.setQueryData(['admin', 'settings'], s);
      void qc.invalidateQueries({ queryKey: ['auth', 'session'] });
    },
  });
  const invite = useMutation({
    mutationFn: () => unwrap(api.POST('/admin/invitations', { body: { email, role, send_email: mail && byEmail, lang } })),
    onSuccess: (l) => {
      setLink(l);
      setEmail('');
      void qc.invalidateQueries({ queryKey: ['admin', 'invitations'] });
    },
  });
  const cancel = useMutation({
    mutationFn: (id: string) => unwrap(api.DELETE('/admin/invitations/{id}', { params: { path: { id } } })),
    onSettled: () => void qc.invalidateQueries({ queryKey: ['admin', 'invitations'] }),
  });
  const issues = useFieldIssues(invite.error);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (email.trim() && !invite.isPending) invite.mutate();
  };
  return (
    <Card>
      <CardHeader>
        <CardTitle>{a.inviteTitle}</CardTitle>
        <CardDescription>{mail ? a.inviteExplainMail : a.inviteExplain}</CardDescription>
      </CardHeader>
      <CardContent className="space-y-4">
        <form onSubmit={submit} className="grid gap-3 sm:grid-cols-[1fr_10rem_auto] sm:items-end" data-testid="invite-form">
          <Field id="invite-email" label={t.accounts.email} error={issues.email}>
            <Input id="invite-email" type="email" required value={email} onChange={(e) => setEmail(e.target.value)} />
          </Field>
          <Field id="invite-role" label={a.role}>
            <NativeSelect id="invite-role" value={role} onChange={(e) => setRole(e.target.value === 'admin' ? 'admin' : 'user')}>
              <option value="user">{t.accounts.account.roleUser}</option>
              <option value="admin">{t.accounts.account.roleAdmin}</option>
            </NativeSelect>
          </Field>
          <Button type="submit" disabled={!email.trim() || invite.isPending}>
            <UserPlusIcon aria-hidden="true" />
            {a.invite}
          </Button>
        </form>
        {mail && (
          <div className="flex items-center gap-2">
            <Checkbox id="invite-by-email" checked={byEmail} onCheckedChange={(v) => setByEmail(v === true)} />
            <Label htmlFor="invite-by-email">{a.sendByEmail}</Label>
          </div>
        )}
        {invite.isError && <ErrorCallout error={invite.error} />}
        {link && <LinkBox link={link} />}
        {invitations.data && invitations.data.invitations.length > 0 && (
          <div>
            <p className="mb-1 text-sm font-medium">{a.pending}</p>
            <ul className="divide-y text-sm">
              {invitations.data.invitations.map((i) => (
                <li key={i.id} className="flex items-center justify-between gap-2 py-1.5">
                  <span className="min-w-0 truncate">{i.email} <span className="text-xs text-muted-foreground">· {a.linkExpires(date(i.expires_at, true))}</span></span>
                  <Button variant="ghost" size="sm" onClick={() => cancel.mutate(i.id)}>{a.cancel}</Button>
                </li>
              ))}
            </ul>
          </div>
        )}
        <div className="flex items-start justify-between gap-3 border-t pt-4">
          <div>
            <Label htmlFor="registration-open">{a.registration}</Label>
            <p className="text-xs text-muted-foreground">{a.registrationHint}</p>
          </div>
          <Switch id="registration-open" checked={settings.data?.registration_open ?? false} disabled={!settings.data || toggle.isPending} onCheckedChange={(v) => toggle.mutate(v)} />
        </div>
        {toggle.isError && <ErrorCallout error={toggle.error} />}
      </CardContent>
    </Card>
  );
}

function UsersCard() {
  const { t, date } = useI18n();
  const a = t.accounts.admin;
  const qc = useQueryClient();
  const auth = useAuthState().data;
  const me = auth?.user?.id;
  // With SMTP_URL on the server, a reset link also goes to the user by e-mail, in the admin's language.
  const mail = auth?.reset_by_email ?? false;
  const { lang } = useI18n();
  const [link, setLink] = useState<Link | null>(null);
  const [removing, setRemoving] = useState<Schemas['AccountUser'] | null>(null);
  const [quotasOf, setQuotasOf] = useState<Schemas['AccountUser'] | null>(null);
  const users = useQuery({ queryKey: ['admin', 'users'], queryFn: ({ signal }) => unwrap(api.GET('/admin/users', { signal })) });
  const refresh = () => Promise.all([qc.invalidateQueries({ queryKey: ['admin', 'users'] }), qc.invalidateQueries({ queryKey: ['admin', 'figures'] })]);
  const act = useMutation({
    mutationFn: async ({ id, what }: { id: string; what: 'suspend' | 'unsuspend' | 'reset' | 'admin' | 'user' }) => {
      const path = { params: { path: { id } } };
      if (what === 'suspend') await unwrap(api.POST('/admin/users/{id}/suspend', { ...path, body: {} }));
      else if (what === 'unsuspend') await unwrap(api.POST('/admin/users/{id}/unsuspend', { ...path, body: {} }));
      else if (what === 'reset') setLink(await unwrap(api.POST('/admin/users/{id}/reset-link', { ...path, body: { send_email: mail, lang } })));
      else await unwrap(api.PATCH('/admin/users/{id}', { ...path, body: { role: what } }));
    },
    onSettled: () => void refresh(),
  });
  return (
    <Card>
      <CardHeader>
        <CardTitle>{a.usersTitle}</CardTitle>
      </CardHeader>
      <CardContent className="space-y-3">
        {act.isError && <ErrorCallout error={act.error} />}
        {link && <LinkBox link={link} />}
        {users.isPending ? <Skeleton className="h-32 w-full" /> : users.isError ? <ErrorCallout error={users.error} /> : (
          <div className="overflow-x-auto">
            <Table data-testid="user-table">
              <THead>
                <TR>
                  <TH>{t.accounts.email}</TH>
                  <TH>{a.role}</TH>
                  <TH>{a.lastSeen}</TH>
                  <TH>{t.common.actions}</TH>
                </TR>
              </THead>
              <TBody>
                {users.data.users.map((u) => (
                  <TR key={u.id} data-testid="user-row">
                    <TD>
                      <p className="font-medium">{u.name}{u.id === me && <span className="text-xs text-muted-foreground"> ({a.you})</span>}</p>
                      <p className="text-xs text-muted-foreground">{u.email}</p>
                    </TD>
                    <TD>
                      <div className="flex flex-wrap gap-1">
                        <Badge variant={u.role === 'admin' ? 'default' : 'secondary'}>{u.role === 'admin' ? t.accounts.account.roleAdmin : t.accounts.account.roleUser}</Badge>
                        {u.status === 'suspended' && <Badge variant="destructive">{a.suspendedBadge}</Badge>}
                      </div>
                    </TD>
                    <TD className="text-xs">{u.last_seen_at ? date(u.last_seen_at, true) : a.never}</TD>
                    <TD>
                      <Button size="sm" variant="outline" className="mb-1" onClick={() => setQuotasOf(u)} data-testid="edit-quotas">
                        <GaugeIcon aria-hidden="true" />
                        {t.quotas.edit}
                      </Button>
                      {u.id !== me && (
                        <div className="flex flex-wrap gap-1">
                          <Button size="sm" variant="outline" disabled={act.isPending} onClick={() => act.mutate({ id: u.id, what: u.status === 'suspended' ? 'unsuspend' : 'suspend' })}>
                            {u.status === 'suspended' ? a.unsuspend : a.suspend}
                          </Button>
                          <Button size="sm" variant="outline" disabled={act.isPending} onClick={() => act.mutate({ id: u.id, what: 'reset' })}>
                            <LinkIcon aria-hidden="true" />
                            {a.resetLink}
                          </Button>
                          <Button size="sm" variant="ghost" disabled={act.isPending} onClick={() => act.mutate({ id: u.id, what: u.role === 'admin' ? 'user' : 'admin' })}>
                            <ShieldIcon aria-hidden="true" />
                            {u.role === 'admin' ? a.makeUser : a.makeAdmin}
                          </Button>
                          <Button size="sm" variant="ghost" className="text-destructive" disabled={act.isPending} onClick={() => setRemoving(u)} data-testid="delete-user">
                            <Trash2Icon aria-hidden="true" />
                            {a.remove}
                          </Button>
                        </div>
                      )}
                    </TD>
                  </TR>
                ))}
              </TBody>
            </Table>
          </div>
        )}
      </CardContent>
      <QuotasDialog user={quotasOf} onClose={() => setQuotasOf(null)} />
      <DeleteUserDialog user={removing} users={users.data?.users ?? []} onClose={() => setRemoving(null)} />
    </Card>
  );
}

const LEVELS = ['info', 'warn', 'error'] as const;
const LEVEL_NAMES: Record<number, string> = { 10: 'trace', 20: 'debug', 30: 'info', 40: 'warn', 50: 'error', 60: 'fatal' };

function LogCard() {
  const { t, date } = useI18n();
  const a = t.accounts.admin;
  const [level, setLevel] = useState<(typeof LEVELS)[number]>('warn');
  const [q, setQ] = useState('');
  const log = useQuery({ queryKey: ['admin', 'log', level, q], queryFn: ({ signal }) => unwrap(api.GET('/admin/log', { params: { query: { level, q: q || undefined, limit: 200 } }, signal })) });
  return (
    <Card>
      <CardHeader>
        <CardTitle>{a.logTitle}</CardTitle>
        <CardDescription>{a.logExplain}</CardDescription>
      </CardHeader>
      <CardContent className="space-y-3">
        <div className="grid gap-3 sm:grid-cols-[10rem_1fr]">
          <Field id="log-level" label={a.logLevel}>
            <NativeSelect id="log-level" value={level} onChange={(e) => setLevel(LEVELS.find((l) => l === e.target.value) ?? 'warn')}>
              {LEVELS.map((l) => <option key={l} value={l}>{l}</option>)}
            </NativeSelect>
          </Field>
          <Field id="log-search" label={a.logSearch}>
            <Input id="log-search" value={q} maxLength={200} onChange={(e) => setQ(e.target.value)} />
          </Field>
        </div>
        {log.isPending ? <Skeleton className="h-24 w-full" /> : log.isError ? <ErrorCallout error={log.error} /> : log.data.entries.length === 0 ? (
          <p className="text-sm text-muted-foreground">{a.logEmpty}</p>
        ) : (
          <ul className="max-h-96 divide-y overflow-y-auto font-mono text-xs" data-testid="server-log">
            {log.data.entries.map((e, i) => {
              const { level: lv, time, msg, service: _s, ...rest } = e as { level?: number; time?: string; msg?: string; service?: unknown } & Record<string, unknown>;
              return (
                <li key={`${String(time)}-${i}`} className="py-1.5">
                  <span className="text-muted-foreground">{typeof time === 'string' ? date(time, true) : ''}</span>{' '}
                  <span className={Number(lv) >= 50 ? 'text-destructive' : Number(lv) >= 40 ? 'text-warning' : undefined}>{LEVEL_NAMES[Number(lv)] ?? lv}</span>{' '}
                  <span className="font-medium">{msg}</span>{' '}
                  <span className="break-all text-muted-foreground">{JSON.stringify(rest)}</span>
                </li>
              );
            })}
          </ul>
        )}
      </CardContent>
    </Card>
  );
}

export default function AdminPage() {
  const { t } = useI18n();
  const a = t.accounts.admin;
  return (
    <div className="space-y-4">
      <PageHeader title={a.title} description={a.description} />
      <Figures />
      <UsersCard />
      <div className="grid items-start gap-4 xl:grid-cols-2">
        <div className="min-w-0"><InviteCard /></div>
        <div className="min-w-0"><LogCard /></div>
      </div>
    </div>
  );
}
