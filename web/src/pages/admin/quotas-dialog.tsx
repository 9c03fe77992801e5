import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useEffect, useState } from 'react';
import { api, type Schemas, unwrap } from '../../api/client.ts';
import { Button } from '../../components/ui/button.tsx';
import { Dialog, DialogContent, DialogFooter } from '../../components/ui/dialog.tsx';
import { ErrorCallout } from '../../components/ui/feedback.tsx';
import { Field, Input } from '../../components/ui/input.tsx';
import { useToast } from '../../components/ui/toast.tsx';
import { useI18n } from '../../i18n/index.tsx';

// The admin edits a user's quotas (accounts mode): empty is unlimited, storage in MB, saved with
// PUT /admin/users/{id}/quotas.

type Metric = Schemas['QuotaLine']['metric'];
const METRICS: Metric[] = ['listings', 'analyses', 'storage_bytes', 'vinted_accounts'];
const MB = 1_000_000;

export function QuotasDialog({ user, onClose }: { user: Schemas['AccountUser'] | null; onClose: () => void }) {
  const { t } = useI18n();
  const q = t.quotas;
  const toast = useToast();
  const qc = useQueryClient();
  const [values, setValues] = useState<Record<Metric, string>>({ listings: '', analyses: '', storage_bytes: '', vinted_accounts: '' });
  const current = useQuery({
    queryKey: ['admin', 'quotas', user?.id], enabled: user !== null,
    queryFn: ({ signal }) => unwrap(api.GET('/admin/users/{id}/quotas', { params: { path: { id: user!.id } }, signal })),
  });
  useEffect(() => {
    if (!current.data) return;
    const shown = (l: Schemas['QuotaLine']) => (l.limit === null ? '' : String(l.metric === 'storage_bytes' ? l.limit / MB : l.limit));
    setValues(Object.fromEntries(current.data.quotas.map((l) => [l.metric, shown(l)])) as Record<Metric, string>);
  }, [current.data]);
  const save = useMutation({
    mutationFn: () => {
      const limit = (m: Metric) => {
        const v = values[m].trim().replace(',', '.');
        if (v === '') return null;
        const n = Number(v);
        return Math.max(0, Math.round(m === 'storage_bytes' ? n * MB : n));
      };
      const body = { listings: limit('listings'), analyses: limit('analyses'), storage_bytes: limit('storage_bytes'), vinted_accounts: limit('vinted_accounts') };
      return unwrap(api.PUT('/admin/users/{id}/quotas', { params: { path: { id: user!.id } }, body }));
    },
    onSuccess: () => {
      toast({ title: q.saved, variant: 'success' });
      void qc.invalidateQueries({ queryKey: ['admin', 'quotas'] });
      void qc.invalidateQueries({ queryKey: ['auth', 'quotas'] });
      onClose();
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!save.isPending) save.mutate();
  };
  return (
    <Dialog open={user !== null} onOpenChange={(o) => !o && onClose()}>
      <DialogContent title={q.editTitle(user?.email ?? '')} description={q.editExplain}>
        <form onSubmit={submit} className="space-y-3" data-testid="quota-form">
          {current.isError && <ErrorCallout error={current.error} />}
          {METRICS.map((m) => (
            <Field key={m} id={`quota-${m}`} label={m === 'storage_bytes' ? q.storageMb : q.metric[m]}>
              <Input
                id={`quota-${m}`} inputMode="decimal" value={values[m]} placeholder={q.unlimited}
                onChange={(e) => setValues((v) => ({ ...v, [m]: e.target.value }))}
              />
            </Field>
          ))}
          {save.isError && <ErrorCallout error={save.error} />}
          <DialogFooter>
            <Button type="button" variant="outline" onClick={onClose}>{q.cancel}</Button>
            <Button type="submit" disabled={save.isPending || current.isPending}>{q.save}</Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
