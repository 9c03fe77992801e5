// The API token (API_TOKEN on the server) as the seller typed it, kept in this browser only.
const KEY = 'vintedbot.token';
type Listener = () => void;
const listeners = new Set<Listener>();
let required = false;

export function getToken(): string | null {
  try {
    return localStorage.getItem(KEY);
  } catch {
    return null;
  }
}

export function setToken(token: string | null) {
  try {
    if (token) localStorage.setItem(KEY, token.trim());
    else localStorage.removeItem(KEY);
  } catch {
    // Private mode without storage: the token lives until the tab closes.
  }
  required = false;
  for (const l of listeners) l();
}

/**
 * Called with a 401 answer: only the API token check (`unauthorized`) makes the shell ask for the token; other
 * 401s (an expired Vinted session) are ordinary errors for the page to show.
 */
export async function noteUnauthorized(res: Response) {
  if (res.status !== 401) return;
  const body = (await res.clone().json().catch(() => null)) as { error?: { code?: string } } | null;
  if (body?.error?.code === 'unauthorized') markTokenRequired();
}

/** The shell then asks for the token. */
export function markTokenRequired() {
  if (required) return;
  required = true;
  for (const l of listeners) l();
}

export const isTokenRequired = () => required;

export function onTokenChange(l: Listener) {
  listeners.add(l);
  return () => void listeners.delete(l);
}

export function authHeaders(): Record<string, string> {
  const t = getToken();
  return t ? { authorization: `Bearer ${t}` } : {};
}
