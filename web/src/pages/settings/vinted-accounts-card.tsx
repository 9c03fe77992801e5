import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, unwrap } from '../../api/client.ts';
import { useSwitchVintedAccount, useVintedAccounts } from '../../components/layout/vinted-account-menu.tsx';
import { Badge } from '../../components/ui/badge.tsx';
import { Button } from '../../components/ui/button.tsx';
import { Card, CardContent, CardHeader, CardTitle } from '../../components/ui/card.tsx';
import { ConfirmDialog } from '../../components/ui/dialog.tsx';
import { ErrorCallout } from '../../components/ui/feedback.tsx';
import { Input } from '../../components/ui/input.tsx';
import { Skeleton } from '../../components/ui/skeleton.tsx';
import { useI18n } from '../../i18n/index.tsx';

// The user's Vinted accounts: add one, rename, remove (refused while its queue has work), make one active.

export function VintedAccountsCard() {
  const { t } = useI18n();
  const m = t.vintedAccounts;
  const qc = useQueryClient();
  const accounts = useVintedAccounts();
  const switchTo = useSwitchVintedAccount();
  const [label, setLabel] = useState('');
  const [editing, setEditing] = useState<{ id: string; label: string } | null>(null);
  const [removing, setRemoving] = useState<{ id: string; label: string } | null>(null);
  const refresh = () => qc.invalidateQueries({ queryKey: ['vinted'] });
  const add = useMutation({
    mutationFn: (l: string) => unwrap(api.POST('/vinted/accounts', { body: { label: l } })),
    onSuccess: () => {
      setLabel('');
      void refresh();
    },
  });
  const rename = useMutation({
    mutationFn: (e: { id: string; label: string }) => unwrap(api.PATCH('/vinted/accounts/{id}', { params: { path: { id: e.id } }, body: { label: e.label } })),
    onSuccess: () => {
      setEditing(null);
      void refresh();
    },
  });
  const remove = useMutation({
    mutationFn: (id: string) => unwrap(api.DELETE('/vinted/accounts/{id}', { params: { path: { id } } })),
    onSuccess: () => void refresh(),
    onSettled: () => setRemoving(null),
  });
  const failed = add.error ?? rename.error ?? remove.error ?? switchTo.error;
  return (
    <Card id="vinted-accounts" data-testid="vinted-accounts-card">
      <CardHeader><CardTitle>{m.title}</CardTitle></CardHeader>
      <CardContent className="space-y-4">
        <p className="text-sm text-muted-foreground">{m.explain}</p>
        {accounts.isPending && <Skeleton className="h-16 w-full" />}
        {accounts.isError && <ErrorCallout error={accounts.error} />}
        {failed && <ErrorCallout error={failed} />}
        <ul className="divide-y rounded-md border">
          {accounts.data?.accounts.map((a) => (
            <li key={a.id} className="flex flex-wrap items-center gap-2 p-3" data-testid="vinted-account-row">
              {editing?.id === a.id ? (
                <form className="flex flex-1 gap-2" onSubmit={(e) => { e.preventDefault(); rename.mutate(editing); }}>
                  <Input aria-label={m.rename} value={editing.label} maxLength={40} onChange={(e) => setEditing({ id: a.id, label: e.target.value })} />
                  <Button type="submit" size="sm" disabled={rename.isPending}>{m.save}</Button>
                  <Button type="button" size="sm" variant="ghost" onClick={() => setEditing(null)}>{m.cancel}</Button>
                </form>
              ) : (
                <>
                  <div className="min-w-0 flex-1">
                    <p className="truncate font-medium">{a.label} {a.active && <Badge variant="secondary">{m.active}</Badge>}</p>
                    <p className="text-xs text-muted-foreground">{a.session.present ? m.sessionOf(a.session.username) : m.noSession}</p>
                  </div>
                  {!a.active && <Button size="sm" variant="outline" onClick={() => switchTo.mutate(a.id)}>{m.makeActive}</Button>}
                  <Button size="sm" variant="ghost" onClick={() => setEditing({ id: a.id, label: a.label })}>{m.rename}</Button>
                  <Button size="sm" variant="ghost" onClick={() => setRemoving({ id: a.id, label: a.label })}>{m.remove}</Button>
                </>
              )}
            </li>
          ))}
        </ul>
        <form className="flex gap-2" onSubmit={(e) => { e.preventDefault(); if (label.trim()) add.mutate(label); }}>
          <Input aria-label={m.newLabel} placeholder={m.newLabel} value={label} maxLength={40} onChange={(e) => setLabel(e.target.value)} data-testid="vinted-account-new" />
          <Button type="submit" disabled={add.isPending || !label.trim()}>{m.add}</Button>
        </form>
        <ConfirmDialog
          open={removing !== null}
          onOpenChange={(o) => !o && setRemoving(null)}
          title={removing ? m.removeTitle(removing.label) : ''}
          description={m.removeExplain}
          confirmLabel={m.remove}
          destructive
          busy={remove.isPending}
          onConfirm={() => removing && remove.mutate(removing.id)}
        />
      </CardContent>
    </Card>
  );
}
