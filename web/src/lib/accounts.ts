// Accounts mode (AUTH_MODE=accounts) in the app: the login state the server reports (GET /auth/session), and what
// follows a login or a logout. Nothing secret is kept here: the session is an HttpOnly cookie the browser sends by
// itself, and the CSRF token is read from its cookie by auth-session.ts.
import { type QueryClient, useQuery } from '@tanstack/react-query';
import { api, type Schemas, unwrap } from '../api/client.ts';
import { clearLoginRequired } from './auth-session.ts';

export type AuthState = Schemas['WebSession'];
export const AUTH_KEY = ['auth', 'session'] as const;

export function useAuthState() {
  return useQuery({ queryKey: AUTH_KEY, queryFn: ({ signal }) => unwrap(api.GET('/auth/session', { signal })), staleTime: 60_000, retry: 1 });
}

const isAuthState = (key: readonly unknown[]) => key[0] === AUTH_KEY[0] && key[1] === AUTH_KEY[1];

/** Every page's data but the login state is dropped, so that nobody sees what the previous person had loaded. */
function forgetData(qc: QueryClient) {
  qc.removeQueries({ predicate: (q) => !isAuthState(q.queryKey) });
}

/** After a login, set-up, registration or link: the new state (the login state's query, observed by the gate, stays). */
export function signedIn(qc: QueryClient, state: AuthState) {
  forgetData(qc);
  qc.setQueryData(AUTH_KEY, state);
  clearLoginRequired();
}

/** Logs out (DELETE /auth/session) and forgets every page's data, so the next person sees none of it. */
export async function signOut(qc: QueryClient) {
  const state = await unwrap(api.DELETE('/auth/session')).catch(() => null);
  if (state) qc.setQueryData(AUTH_KEY, state);
  else await qc.invalidateQueries({ queryKey: AUTH_KEY });
  forgetData(qc);
}
