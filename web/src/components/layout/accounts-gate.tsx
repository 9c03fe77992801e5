import { useQueryClient } from '@tanstack/react-query';
import { type ReactNode, useEffect } from 'react';
import { useLocation } from 'react-router';
import { onAuthChange, isLoginRequired } from '../../lib/auth-session.ts';
import { type AuthState, AUTH_KEY, useAuthState } from '../../lib/accounts.ts';
import { LinkScreen, LoginScreen, SetupScreen } from '../../pages/account/auth-screens.tsx';
import { Skeleton } from '../ui/skeleton.tsx';

/**
 * Accounts mode (AUTH_MODE=accounts): nothing of the app shows until someone is logged in; the first visitor of a
 * new server creates the admin account; invitation and reset links open their own pages. In single-seller mode the
 * app shows at once, as before (its API_TOKEN login is the shell's dialog).
 */
export function AccountsGate({ children }: { children: (auth: AuthState | null) => ReactNode }) {
  const auth = useAuthState();
  const qc = useQueryClient();
  const { pathname } = useLocation();
  // A page's request answered 401 (the session ended, or the user was suspended): ask the server where we stand.
  useEffect(() => onAuthChange(() => {
    if (isLoginRequired() && qc.getQueryData<AuthState>(AUTH_KEY)?.authenticated) void qc.invalidateQueries({ queryKey: AUTH_KEY });
  }), [qc]);
  if (auth.isPending) {
    return (
      <div className="mx-auto max-w-md space-y-3 p-8" aria-busy="true">
        <Skeleton className="h-8 w-40" />
        <Skeleton className="h-48 w-full" />
      </div>
    );
  }
  const s = auth.data;
  if (!s || s.mode !== 'accounts') return children(s ?? null);
  if (pathname === '/invitation') return <LinkScreen kind="invite" />;
  if (pathname === '/mot-de-passe') return <LinkScreen kind="reset" />;
  if (s.setup_required) return <SetupScreen />;
  if (!s.authenticated) return <LoginScreen registrationOpen={s.registration_open} resetByEmail={s.reset_by_email} googleSignIn={s.google_sign_in} />;
  return children(s);
}
