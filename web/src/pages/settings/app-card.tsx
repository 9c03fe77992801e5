import { CopyIcon, KeyRoundIcon } from 'lucide-react';
import { useState } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client.ts';
import { Button } from '../../components/ui/button.tsx';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '../../components/ui/card.tsx';
import { Field, Input, Label, NativeSelect } from '../../components/ui/input.tsx';
import { useI18n, type Lang } from '../../i18n/index.tsx';
import { logout, markLoginRequired } from '../../lib/auth-session.ts';
import { lastAnalysis } from '../../lib/last-analysis.ts';
import { useTheme } from '../../lib/theme.tsx';

export function AppCard() {
  const { t, lang, setLang } = useI18n();
  const { theme, toggle } = useTheme();
  return (
    <Card>
      <CardHeader><CardTitle>{t.settings.app.title}</CardTitle></CardHeader>
      <CardContent className="grid gap-3 sm:grid-cols-2">
        <Field id="app-lang" label={t.settings.app.language}>
          <NativeSelect id="app-lang" value={lang} onChange={(e) => setLang(e.target.value as Lang)}>
            <option value="fr" lang="fr">{t.language.fr}</option>
            <option value="en" lang="en">{t.language.en}</option>
          </NativeSelect>
        </Field>
        <Field id="app-theme" label={t.settings.app.theme}>
          <NativeSelect id="app-theme" value={theme} onChange={(e) => e.target.value !== theme && toggle()}>
            <option value="light">{t.theme.light}</option>
            <option value="dark">{t.theme.dark}</option>
          </NativeSelect>
        </Field>
      </CardContent>
    </Card>
  );
}

/** API_TOKEN: whether this browser has a session (and logging out), and a strong token to put in the server's .env. */
export function TokenCard() {
  const { t, date } = useI18n();
  const k = t.settings.token;
  const qc = useQueryClient();
  const session = useQuery({ queryKey: ['auth', 'session'], queryFn: ({ signal }) => unwrap(api.GET('/auth/session', { signal })) });
  const [generated, setGenerated] = useState('');
  const [copied, setCopied] = useState(false);
  const out = async () => {
    await logout();
    markLoginRequired();
    void qc.invalidateQueries();
  };
  const generate = () => {
    const bytes = crypto.getRandomValues(new Uint8Array(24));
    setGenerated(btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, ''));
    setCopied(false);
  };
  const s = session.data;
  return (
    <Card>
      <CardHeader>
        <CardTitle>{k.title}</CardTitle>
        <CardDescription>{k.explain}</CardDescription>
      </CardHeader>
      <CardContent className="space-y-3">
        {s && !s.required && <p className="text-sm" role="status">{k.notRequired}</p>}
        {s?.required && s.via === 'session' && (
          <div className="flex flex-col gap-2 sm:flex-row sm:items-center sm:justify-between">
            <p className="text-sm" role="status">{k.session(date(s.expires_at ?? '', true))}</p>
            <Button type="button" variant="outline" size="sm" onClick={() => void out()}>{k.logout}</Button>
          </div>
        )}
        <Button type="button" variant="outline" size="sm" onClick={generate}>
          <KeyRoundIcon aria-hidden="true" />
          {k.generate}
        </Button>
        {generated && (
          <div className="space-y-1">
            <Label htmlFor="generated-token">{k.generated}</Label>
            <div className="flex gap-2">
              <Input id="generated-token" readOnly value={generated} className="font-mono text-xs" onFocus={(e) => e.target.select()} />
              <Button
                type="button"
                variant="outline"
                onClick={async () => {
                  await navigator.clipboard?.writeText(generated).catch(() => {});
                  setCopied(true);
                }}
              >
                <CopyIcon aria-hidden="true" />
                {copied ? k.copied : k.copy}
              </Button>
            </div>
          </div>
        )}
      </CardContent>
    </Card>
  );
}

/** Which analyser answers: the last analysis this browser received says so (provider, model, fallback reason). */
export function AnalysisCard() {
  const { t, date } = useI18n();
  const a = t.settings.analysis;
  const last = lastAnalysis();
  return (
    <Card>
      <CardHeader>
        <CardTitle>{a.title}</CardTitle>
        <CardDescription>{a.explain}</CardDescription>
      </CardHeader>
      <CardContent>
        {last ? (
          <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-1 text-sm" data-testid="analysis-provider">
            <dt className="text-muted-foreground">{a.lastUsed}</dt><dd>{date(last.at, true)}</dd>
            <dt className="text-muted-foreground">{a.provider}</dt><dd>{a.providers[last.provider] ?? last.provider}</dd>
            {last.model && <><dt className="text-muted-foreground">{a.model}</dt><dd className="break-all">{last.model}</dd></>}
            {last.fallback_reason && <dd className="col-span-2 text-xs text-muted-foreground">{t.newListing.fallback} <span translate="no" lang="en" className="font-mono">({last.fallback_reason})</span></dd>}
          </dl>
        ) : (
          <p className="text-sm text-muted-foreground">{a.never}</p>
        )}
      </CardContent>
    </Card>
  );
}
