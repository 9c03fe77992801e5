import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { KeyRoundIcon, LogInIcon, MailIcon, UserPlusIcon } from 'lucide-react';
import { type FormEvent, type ReactNode, useState } from 'react';
import { useNavigate } from 'react-router';
import { api, unwrap } from '../../api/client.ts';
import { Button } from '../../components/ui/button.tsx';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '../../components/ui/card.tsx';
import { Callout, ErrorCallout, useFieldIssues } from '../../components/ui/feedback.tsx';
import { Field, Input } from '../../components/ui/input.tsx';
import { Skeleton } from '../../components/ui/skeleton.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { signedIn } from '../../lib/accounts.ts';

// The screens of accounts mode before anyone is logged in: the first admin's set-up, login (and registration when
// the admin opened it), and the pages an invitation or password-reset link opens. Shown in place of the app.

function Frame({ title, description, children }: { title: string; description: ReactNode; children: ReactNode }) {
  const { t, lang, setLang } = useI18n();
  return (
    <main id="main" className="flex min-h-dvh w-full items-center justify-center p-4">
      <div className="w-full max-w-md space-y-4">
        <div className="flex items-center justify-between">
          <div className="flex items-center gap-2">
            <span aria-hidden="true" className="flex size-8 items-center justify-center rounded-lg bg-primary font-bold text-primary-foreground">V</span>
            <p className="font-semibold">{t.appName}</p>
          </div>
          <Button variant="ghost" size="sm" onClick={() => setLang(lang === 'fr' ? 'en' : 'fr')} aria-label={t.language.switchTo} data-testid="lang-switch" className="font-semibold">
            {lang === 'fr' ? 'EN' : 'FR'}
          </Button>
        </div>
        <Card>
          <CardHeader>
            <CardTitle>{title}</CardTitle>
            <CardDescription>{description}</CardDescription>
          </CardHeader>
          <CardContent>{children}</CardContent>
        </Card>
      </div>
    </main>
  );
}

function PasswordFields({ withEmail, withName, email, setEmail, password, setPassword, name, setName, issues, newPassword }: {
  withEmail: boolean; withName: boolean; email: string; setEmail(v: string): void; password: string; setPassword(v: string): void; name: string; setName(v: string): void;
  issues: Record<string, string>; newPassword: boolean;
}) {
  const { t } = useI18n();
  const a = t.accounts;
  return (
    <>
      {withEmail && (
        <Field id="account-email" label={a.email} error={issues.email}>
          <Input id="account-email" type="email" autoComplete="email" required value={email} onChange={(e) => setEmail(e.target.value)} autoFocus />
        </Field>
      )}
      {withName && (
        <Field id="account-name" label={a.name} hint={a.nameHint} error={issues.name}>
          <Input id="account-name" autoComplete="name" value={name} onChange={(e) => setName(e.target.value)} />
        </Field>
      )}
      <Field id="account-password" label={a.password} hint={newPassword ? a.passwordHint : undefined} error={issues.password}>
        <Input id="account-password" type="password" autoComplete={newPassword ? 'new-password' : 'current-password'} required minLength={newPassword ? 10 : 1} value={password} onChange={(e) => setPassword(e.target.value)} autoFocus={!withEmail} />
      </Field>
    </>
  );
}

/** Nobody has an account yet: the first person creates the admin's. */
export function SetupScreen() {
  const { t } = useI18n();
  const qc = useQueryClient();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [name, setName] = useState('');
  const run = useMutation({
    mutationFn: () => unwrap(api.POST('/auth/setup', { body: { email, password, name: name || undefined } })),
    onSuccess: (s) => signedIn(qc, s),
  });
  const issues = useFieldIssues(run.error);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!run.isPending) run.mutate();
  };
  return (
    <Frame title={t.accounts.setup.title} description={t.accounts.setup.explain}>
      <form onSubmit={submit} className="grid gap-4" data-testid="setup-form">
        <PasswordFields withEmail withName email={email} setEmail={setEmail} password={password} setPassword={setPassword} name={name} setName={setName} issues={issues} newPassword />
        {run.isError && <ErrorCallout error={run.error} />}
        <Button type="submit" disabled={run.isPending}>
          <UserPlusIcon aria-hidden="true" />
          {t.accounts.setup.submit}
        </Button>
      </form>
    </Frame>
  );
}

/** "Forgot my password" (the server has SMTP_URL): a reset link by e-mail; the same answer whoever the address is. */
function ForgotForm({ onBack }: { onBack(): void }) {
  const { t, lang } = useI18n();
  const f = t.accounts.forgot;
  const [email, setEmail] = useState('');
  const run = useMutation({ mutationFn: () => unwrap(api.POST('/auth/password-reset/request', { body: { email, lang } })) });
  const issues = useFieldIssues(run.error);
  return (
    <Frame title={f.title} description={f.explain}>
      {run.isSuccess ? (
        <div className="grid gap-4">
          <Callout variant="success" title={f.sent(email)} />
          <Button variant="outline" onClick={onBack}>{f.back}</Button>
        </div>
      ) : (
        <form onSubmit={(e) => { e.preventDefault(); if (!run.isPending) run.mutate(); }} className="grid gap-4" data-testid="forgot-form">
          <Field id="forgot-email" label={t.accounts.email} error={issues.email}>
            <Input id="forgot-email" type="email" autoComplete="email" required value={email} onChange={(e) => setEmail(e.target.value)} autoFocus />
          </Field>
          {run.isError && <ErrorCallout error={run.error} />}
          <Button type="submit" disabled={run.isPending}>
            <MailIcon aria-hidden="true" />
            {f.submit}
          </Button>
          <Button type="button" variant="link" className="h-auto justify-self-start p-0" onClick={onBack}>{f.back}</Button>
        </form>
      )}
    </Frame>
  );
}

/**
 * Why the last "Sign in with Google" came back without a session: the server's redirect puts a stable code in
 * `?auth_error=`; it is read once and leaves the address bar, so a reload does not show it again.
 */
function useReturnedError(): string | null {
  const [code] = useState(() => {
    const params = new URLSearchParams(location.search);
    const c = params.get('auth_error');
    if (c === null) return null;
    params.delete('auth_error');
    const rest = params.toString();
    history.replaceState(null, '', `${location.pathname}${rest ? `?${rest}` : ''}${location.hash}`);
    return /^[a-z_]{1,64}$/.test(c) ? c : 'google_failed';
  });
  return code;
}

/** A plain link, not a request from the page: the browser itself goes to Google and comes back. */
function GoogleButton() {
  const { t } = useI18n();
  return (
    <>
      <div className="flex items-center gap-3 text-xs text-muted-foreground" aria-hidden="true">
        <span className="h-px flex-1 bg-border" />{t.accounts.login.or}<span className="h-px flex-1 bg-border" />
      </div>
      <Button asChild variant="outline">
        <a href="/auth/google" data-testid="google-sign-in">
          <svg aria-hidden="true" viewBox="0 0 24 24" className="size-4"><path fill="#4285F4" d="M23.5 12.3c0-.8-.1-1.6-.2-2.3H12v4.4h6.5a5.6 5.6 0 0 1-2.4 3.6v3h3.9c2.3-2.1 3.5-5.2 3.5-8.7z" /><path fill="#34A853" d="M12 24c3.2 0 6-1.1 7.9-2.9l-3.9-3c-1.1.7-2.4 1.1-4 1.1-3.1 0-5.7-2.1-6.6-4.9h-4v3.1A12 12 0 0 0 12 24z" /><path fill="#FBBC05" d="M5.4 14.3a7.2 7.2 0 0 1 0-4.6V6.6h-4a12 12 0 0 0 0 10.8l4-3.1z" /><path fill="#EA4335" d="M12 4.8c1.7 0 3.3.6 4.5 1.8l3.4-3.4A12 12 0 0 0 1.4 6.6l4 3.1C6.3 6.9 8.9 4.8 12 4.8z" /></svg>
          {t.accounts.login.google}
        </a>
      </Button>
    </>
  );
}

/** Login, or registration when the admin opened it; "Sign in with Google" when the server offers it. */
export function LoginScreen({ registrationOpen, resetByEmail, googleSignIn }: { registrationOpen: boolean; resetByEmail: boolean; googleSignIn: boolean }) {
  const { t, errorText } = useI18n();
  const returned = useReturnedError();
  const [forgot, setForgot] = useState(false);
  const qc = useQueryClient();
  const [registering, setRegistering] = useState(false);
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [name, setName] = useState('');
  const run = useMutation({
    mutationFn: () => (registering
      ? unwrap(api.POST('/auth/register', { body: { email, password, name: name || undefined } }))
      : unwrap(api.POST('/auth/login', { body: { email, password } }))),
    onSuccess: (s) => signedIn(qc, s),
    onError: () => setPassword(''),
  });
  const issues = useFieldIssues(run.error);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!run.isPending) run.mutate();
  };
  const l = registering ? t.accounts.register : t.accounts.login;
  if (forgot) return <ForgotForm onBack={() => setForgot(false)} />;
  return (
    <Frame title={l.title} description={l.explain}>
      <form onSubmit={submit} className="grid gap-4" data-testid={registering ? 'register-form' : 'login-form'}>
        {returned && !run.isError && <Callout variant="error" title={errorText(returned)} />}
        <PasswordFields withEmail withName={registering} email={email} setEmail={setEmail} password={password} setPassword={setPassword} name={name} setName={setName} issues={issues} newPassword={registering} />
        {run.isError && <ErrorCallout error={run.error} />}
        <Button type="submit" disabled={run.isPending}>
          {registering ? <UserPlusIcon aria-hidden="true" /> : <LogInIcon aria-hidden="true" />}
          {l.submit}
        </Button>
        {googleSignIn && <GoogleButton />}
        {!registering && (resetByEmail ? (
          <Button type="button" variant="link" className="h-auto justify-self-start p-0 text-sm" onClick={() => setForgot(true)} data-testid="forgot-link">
            {t.accounts.login.forgotLink}
          </Button>
        ) : <p className="text-xs text-muted-foreground">{t.accounts.login.forgot}</p>)}
        {(registrationOpen || registering) && (
          <p className="text-sm">
            {registering ? t.accounts.register.haveAccount : t.accounts.login.noAccount}{' '}
            <Button variant="link" className="h-auto p-0" onClick={() => { setRegistering(!registering); run.reset(); }}>
              {registering ? t.accounts.register.login : t.accounts.login.register}
            </Button>
          </p>
        )}
      </form>
    </Frame>
  );
}

/** /invitation#<secret> and /mot-de-passe#<secret>: the secret stays in the fragment, which the browser never sends. */
export function LinkScreen({ kind }: { kind: 'invite' | 'reset' }) {
  const { t, errorText } = useI18n();
  const a = t.accounts.link;
  const qc = useQueryClient();
  const navigate = useNavigate();
  const [token] = useState(() => decodeURIComponent(location.hash.slice(1)));
  const [password, setPassword] = useState('');
  const [name, setName] = useState('');
  const info = useQuery({ queryKey: ['auth', 'link', token], queryFn: () => unwrap(api.POST('/auth/links/inspect', { body: { token } })), enabled: token.length > 0, retry: false, staleTime: Infinity });
  const run = useMutation({
    mutationFn: () => (kind === 'invite'
      ? unwrap(api.POST('/auth/invitations/accept', { body: { token, password, name: name || undefined } }))
      : unwrap(api.POST('/auth/password-reset', { body: { token, password } }))),
    onSuccess: (s) => {
      // The secret is spent: it leaves the address bar and the history entry.
      history.replaceState(null, '', '/');
      signedIn(qc, s);
      void navigate('/', { replace: true });
    },
  });
  const issues = useFieldIssues(run.error);
  const email = info.data?.email ?? '';
  const title = kind === 'invite' ? a.inviteTitle : a.resetTitle;
  const toLogin = () => {
    history.replaceState(null, '', '/');
    void navigate('/', { replace: true });
  };
  if (!token) {
    return (
      <Frame title={title} description={a.missing}>
        <Button variant="outline" onClick={toLogin}>{a.toLogin}</Button>
      </Frame>
    );
  }
  return (
    <Frame title={title} description={info.data ? (kind === 'invite' ? a.inviteExplain(email) : a.resetExplain(email)) : a.checking}>
      {info.isPending ? (
        <Skeleton className="h-24 w-full" />
      ) : info.isError || info.data.kind !== kind ? (
        <div className="grid gap-4">
          {info.isError ? <ErrorCallout error={info.error} /> : <Callout variant="error" title={errorText('link_invalid')} />}
          <Button variant="outline" onClick={toLogin}>{a.toLogin}</Button>
        </div>
      ) : (
        <form onSubmit={(e) => { e.preventDefault(); if (!run.isPending) run.mutate(); }} className="grid gap-4" data-testid="link-form">
          <input type="email" autoComplete="username" value={email} readOnly hidden />
          <PasswordFields withEmail={false} withName={kind === 'invite'} email={email} setEmail={() => {}} password={password} setPassword={setPassword} name={name} setName={setName} issues={issues} newPassword />
          {run.isError && <ErrorCallout error={run.error} />}
          <Button type="submit" disabled={run.isPending}>
            <KeyRoundIcon aria-hidden="true" />
            {kind === 'invite' ? a.inviteSubmit : a.resetSubmit}
          </Button>
        </form>
      )}
    </Frame>
  );
}
