import { KeyRoundIcon } from 'lucide-react';
import { type FormEvent, useEffect, useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { useI18n } from '../../i18n/index.tsx';
import { getToken, isTokenRequired, onTokenChange, setToken } from '../../lib/auth-token.ts';
import { Button } from '../ui/button.tsx';
import { Dialog, DialogContent, DialogFooter } from '../ui/dialog.tsx';
import { Field, Input } from '../ui/input.tsx';

/** Opens when the server answers 401: the seller types API_TOKEN once and every request carries it. */
export function TokenDialog() {
  const { t } = useI18n();
  const qc = useQueryClient();
  const [open, setOpen] = useState(isTokenRequired);
  const [value, setValue] = useState('');
  const hadToken = !!getToken();
  useEffect(() => onTokenChange(() => setOpen(isTokenRequired())), []);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!value.trim()) return;
    setToken(value);
    setValue('');
    void qc.invalidateQueries();
  };
  return (
    <Dialog open={open} onOpenChange={() => {}}>
      <DialogContent title={t.token.title} description={t.token.explain} hideClose onEscapeKeyDown={(e) => e.preventDefault()} onPointerDownOutside={(e) => e.preventDefault()}>
        <form onSubmit={submit} className="grid gap-4">
          {hadToken && <p className="text-sm text-destructive" role="alert">{t.token.wrong}</p>}
          <Field id="api-token" label={t.token.label}>
            <Input id="api-token" type="password" autoComplete="current-password" value={value} onChange={(e) => setValue(e.target.value)} autoFocus />
          </Field>
          <DialogFooter>
            <Button type="submit">
              <KeyRoundIcon aria-hidden="true" />
              {t.token.submit}
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
