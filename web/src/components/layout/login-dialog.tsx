import { KeyRoundIcon } from 'lucide-react';
import { type FormEvent, useEffect, useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { useI18n } from '../../i18n/index.tsx';
import { isLoginRequired, login, LoginError, onAuthChange } from '../../lib/auth-session.ts';
import { Button } from '../ui/button.tsx';
import { Dialog, DialogContent, DialogFooter } from '../ui/dialog.tsx';
import { Field, Input } from '../ui/input.tsx';

/**
 * Opens when the server answers 401: the seller types API_TOKEN once, the server opens a session (an HttpOnly
 * cookie) and the app forgets the token at once.
 */
export function LoginDialog() {
  const { t } = useI18n();
  const qc = useQueryClient();
  const [open, setOpen] = useState(isLoginRequired);
  const [value, setValue] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => onAuthChange(() => setOpen(isLoginRequired())), []);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!value.trim() || busy) return;
    setBusy(true);
    setError(null);
    try {
      await login(value);
      setValue('');
      void qc.invalidateQueries();
    } catch (err) {
      setError(err instanceof LoginError && err.code === 'invalid_token' ? t.token.wrong : t.token.failed);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Dialog open={open} onOpenChange={() => {}}>
      <DialogContent title={t.token.title} description={t.token.explain} hideClose onEscapeKeyDown={(e) => e.preventDefault()} onPointerDownOutside={(e) => e.preventDefault()}>
        <form onSubmit={submit} className="grid gap-4">
          {error && <p className="text-sm text-destructive" role="alert">{error}</p>}
          <Field id="api-token" label={t.token.label}>
            <Input id="api-token" type="password" autoComplete="current-password" value={value} onChange={(e) => setValue(e.target.value)} autoFocus />
          </Field>
          <DialogFooter>
            <Button type="submit" disabled={busy}>
              <KeyRoundIcon aria-hidden="true" />
              {t.token.submit}
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
