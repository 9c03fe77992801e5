import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { PlugIcon, Trash2Icon } from 'lucide-react';
import { api, unwrap } from '../../api/client.ts';
import { Button } from '../../components/ui/button.tsx';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '../../components/ui/card.tsx';
import { ErrorCallout } from '../../components/ui/feedback.tsx';
import { useToast } from '../../components/ui/toast.tsx';
import { useI18n } from '../../i18n/index.tsx';

/** "Connecter l'extension": a one-time pairing code, the browsers already paired, and their revocation. */
export function ExtensionCard() {
  const { t, date } = useI18n();
  const s = t.extension;
  const qc = useQueryClient();
  const toast = useToast();
  const tokens = useQuery({ queryKey: ['extension', 'tokens'], queryFn: ({ signal }) => unwrap(api.GET('/extension/tokens', { signal })) });
  const code = useMutation({ mutationFn: () => unwrap(api.POST('/extension/pairing-codes', { body: {} })) });
  const revoke = useMutation({
    mutationFn: (id: string) => unwrap(api.DELETE('/extension/tokens/{id}', { params: { path: { id } } })),
    onSuccess: () => {
      toast({ title: s.revoked, variant: 'success' });
      void qc.invalidateQueries({ queryKey: ['extension'] });
    },
  });
  return (
    <Card data-testid="extension-card">
      <CardHeader>
        <CardTitle>{s.title}</CardTitle>
        <CardDescription>{s.explain}</CardDescription>
      </CardHeader>
      <CardContent className="space-y-3">
        <p className="text-sm text-muted-foreground">{s.install}</p>
        <Button type="button" onClick={() => code.mutate()} disabled={code.isPending} data-testid="extension-connect">
          <PlugIcon aria-hidden /> {s.connect}
        </Button>
        {code.data && (
          <div role="status" className="rounded-md border p-3">
            <div className="text-sm">{s.codeLabel}</div>
            <div className="font-mono text-2xl tracking-widest" data-testid="extension-code">{code.data.code}</div>
            <div className="text-xs text-muted-foreground">{s.codeHint(date(code.data.expires_at, true), window.location.origin)}</div>
          </div>
        )}
        {(code.error || revoke.error || tokens.error) && <ErrorCallout error={code.error ?? revoke.error ?? tokens.error} />}
        <h3 className="text-sm font-medium">{s.paired}</h3>
        {tokens.data && tokens.data.tokens.length === 0 && <p className="text-sm text-muted-foreground">{s.none}</p>}
        <ul className="space-y-2">
          {tokens.data?.tokens.map((tk) => (
            <li key={tk.id} className="flex items-center justify-between gap-2 text-sm" data-testid={`extension-token-${tk.id}`}>
              <span>
                {tk.name}
                <span className="block text-xs text-muted-foreground">{tk.last_used_at ? s.lastUsed(date(tk.last_used_at, true)) : s.neverUsed}</span>
              </span>
              <Button type="button" variant="outline" size="sm" onClick={() => revoke.mutate(tk.id)} disabled={revoke.isPending}>
                <Trash2Icon aria-hidden /> {s.revoke}
              </Button>
            </li>
          ))}
        </ul>
      </CardContent>
    </Card>
  );
}
