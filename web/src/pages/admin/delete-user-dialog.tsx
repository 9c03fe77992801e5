import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useEffect, useState } from 'react';
import { api, type Schemas, unwrap } from '../../api/client.ts';
import { Button } from '../../components/ui/button.tsx';
import { Dialog, DialogContent, DialogFooter } from '../../components/ui/dialog.tsx';
import { Callout, ErrorCallout } from '../../components/ui/feedback.tsx';
import { Field, NativeSelect } from '../../components/ui/input.tsx';
import { useToast } from '../../components/ui/toast.tsx';
import { useI18n } from '../../i18n/index.tsx';

// The admin deletes a person (accounts mode) and says what becomes of their data (issue 20 point 5): erased with
// them, or their stock handed to another person picked here. The confirmation states what happens before it does.

type User = Schemas['AccountUser'];

export function DeleteUserDialog({ user, users, onClose }: { user: User | null; users: User[]; onClose: () => void }) {
  const { t } = useI18n();
  const a = t.accounts.admin;
  const toast = useToast();
  const qc = useQueryClient();
  const [choice, setChoice] = useState<'delete' | 'transfer'>('delete');
  const [to, setTo] = useState('');
  const others = users.filter((u) => u.id !== user?.id);
  useEffect(() => {
    setChoice('delete');
    setTo('');
  }, [user?.id]);
  const recipient = others.find((u) => u.id === to);
  const remove = useMutation({
    mutationFn: () => unwrap(api.DELETE('/admin/users/{id}', {
      params: { path: { id: user!.id }, query: choice === 'transfer' ? { data: 'transfer', to } : { data: 'delete' } },
    })),
    onSuccess: () => {
      toast({ title: choice === 'transfer' && recipient ? a.removedTransferred(user!.email, recipient.email) : a.removedWithData(user!.email), variant: 'success' });
      onClose();
    },
    onSettled: () => Promise.all([qc.invalidateQueries({ queryKey: ['admin'] })]),
  });
  const ready = choice === 'delete' || recipient !== undefined;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (ready && !remove.isPending) remove.mutate();
  };
  return (
    <Dialog open={user !== null} onOpenChange={(o) => !o && onClose()}>
      <DialogContent title={a.removeConfirm(user?.email ?? '')} description={a.removeText}>
        <form onSubmit={submit} className="space-y-3" data-testid="delete-user-form">
          <fieldset className="space-y-2">
            <legend className="mb-1 text-sm font-medium">{a.removeDataQuestion}</legend>
            <label className="flex items-start gap-2 rounded-lg border p-2 text-sm">
              <input type="radio" name="delete-data" value="delete" checked={choice === 'delete'} onChange={() => setChoice('delete')} className="mt-1" data-testid="delete-with-data" />
              <span><span className="font-medium">{a.removeWithData}</span><br /><span className="text-xs text-muted-foreground">{a.removeWithDataHint}</span></span>
            </label>
            <label className="flex items-start gap-2 rounded-lg border p-2 text-sm">
              <input type="radio" name="delete-data" value="transfer" checked={choice === 'transfer'} onChange={() => setChoice('transfer')} disabled={others.length === 0} className="mt-1" data-testid="delete-transfer" />
              <span><span className="font-medium">{a.removeTransfer}</span><br /><span className="text-xs text-muted-foreground">{a.removeTransferHint}</span></span>
            </label>
          </fieldset>
          {choice === 'transfer' && (
            <Field id="transfer-to" label={a.transferTo}>
              <NativeSelect id="transfer-to" value={to} onChange={(e) => setTo(e.target.value)} required>
                <option value="">{a.transferPick}</option>
                {others.map((u) => <option key={u.id} value={u.id}>{u.name} ({u.email})</option>)}
              </NativeSelect>
            </Field>
          )}
          {ready && user && (
            <Callout variant="warning" title={a.removeWhatHappens}>
              <p className="text-sm" data-testid="delete-summary">
                {choice === 'transfer' && recipient ? a.removeTransferSummary(user.email, recipient.email) : a.removeWithDataSummary(user.email)}
              </p>
            </Callout>
          )}
          {remove.isError && <ErrorCallout error={remove.error} />}
          <DialogFooter>
            <Button type="button" variant="outline" onClick={onClose}>{t.quotas.cancel}</Button>
            <Button type="submit" variant="destructive" disabled={!ready || remove.isPending} data-testid="confirm-delete-user">
              {choice === 'transfer' ? a.removeTransferConfirm : a.removeWithDataConfirm}
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
