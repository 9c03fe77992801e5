// The web app's login when the server has an API_TOKEN: the seller types the token once, the server answers with
// an HttpOnly session cookie that the browser sends by itself. The token is never stored by the app (no
// localStorage: a script injected into the page could read it there). The CSRF token the server gives with the
// session (a readable cookie) goes with every change, in X-CSRF-Token.
import { API_BASE } from '../api/base.ts';

type Listener = () => void;
const listeners = new Set<Listener>();
let required = false;
const CSRF_COOKIE = 'vintedbot_csrf';

function notify() {
  for (const l of listeners) l();
}

function csrfToken(): string | null {
  const m = new RegExp(`(?:^|;\\s*)${CSRF_COOKIE}=([^;]+)`).exec(document.cookie);
  return m ? decodeURIComponent(m[1]) : null;
}

/** Headers every request to the API carries: the session's CSRF token, when logged in. */
export function authHeaders(): Record<string, string> {
  const t = csrfToken();
  return t ? { 'x-csrf-token': t } : {};
}

/** True while this browser holds a session (its readable CSRF cookie is there). */
export const hasSession = () => csrfToken() !== null;

/**
 * Called with a 401 answer: only the API's own check (`unauthorized`) makes the shell ask to log in; other 401s
 * (an expired Vinted session) are ordinary errors for the page to show.
 */
export async function noteUnauthorized(res: Response) {
  if (res.status !== 401) return;
  const body = (await res.clone().json().catch(() => null)) as { error?: { code?: string } } | null;
  if (body?.error?.code === 'unauthorized') markLoginRequired();
}

/** The shell then shows the login dialog. */
export function markLoginRequired() {
  if (required) return;
  required = true;
  notify();
}

export const isLoginRequired = () => required;

/** Accounts mode: a person logged in through the app's own screens (the login dialog's flag is reset). */
export function clearLoginRequired() {
  if (!required) return;
  required = false;
  notify();
}

export function onAuthChange(l: Listener) {
  listeners.add(l);
  return () => void listeners.delete(l);
}

export class LoginError extends Error {
  constructor(readonly code: string) {
    super(code);
  }
}

/** POST /auth/session with the token; the server sets the session cookie. Throws LoginError('invalid_token') on a wrong token. */
export async function login(token: string): Promise<void> {
  let res: Response;
  try {
    res = await fetch(`${location.origin}${API_BASE}/auth/session`, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token: token.trim() }),
    });
  } catch {
    throw new LoginError('network_error');
  }
  if (!res.ok) {
    const body = (await res.json().catch(() => null)) as { error?: { code?: string } } | null;
    throw new LoginError(body?.error?.code ?? `http_${res.status}`);
  }
  required = false;
  notify();
}

/** DELETE /auth/session: the server revokes the session and clears its cookies. */
export async function logout(): Promise<void> {
  await fetch(`${location.origin}${API_BASE}/auth/session`, { method: 'DELETE', credentials: 'same-origin', headers: authHeaders() }).catch(() => {});
  notify();
}
