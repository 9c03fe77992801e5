import { classifyResponse, type Signal } from './challenge-signals.ts';
import { CURRENT_USER_PATH } from './vinted-facts.ts';

// The one plain HTTP call the connector makes: "who is logged in with this session?" (GET /api/v2/users/current).
// Everything that writes goes through the browser, the way the seller's own front end does it.

export type CurrentUserAnswer =
  | { ok: true; username: string | null; user_id: string | null }
  | { ok: false; signal: Signal }
  | { ok: false; unreachable: string };

const MAX_BODY = 1024 * 1024;

export async function fetchCurrentUser(baseUrl: string, cookieHeader: string, timeoutMs: number): Promise<CurrentUserAnswer> {
  const url = `${baseUrl}${CURRENT_USER_PATH}`;
  let res: Response;
  try {
    res = await fetch(url, {
      headers: { cookie: cookieHeader, accept: 'application/json' },
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (e) {
    // The error names the host only; the request's headers (the cookie) are never part of it.
    return { ok: false, unreachable: e instanceof Error ? `${e.name}: could not reach ${new URL(url).host}` : 'unreachable' };
  }
  const body = await readCapped(res);
  const signal = classifyResponse({
    status: res.status, url, contentType: res.headers.get('content-type'), body, location: res.headers.get('location'),
    retryAfter: res.headers.get('retry-after'), expectJson: true,
  });
  if (signal) return { ok: false, signal };
  if (res.status >= 300 && res.status < 400) return { ok: false, signal: { kind: 'session_expired', reason: 'session_expired', detail: `redirect ${res.status}` } };
  if (res.status !== 200) return { ok: false, unreachable: `the site answered ${res.status}` };
  const user = (JSON.parse(body) as { user?: { id?: unknown; login?: unknown; username?: unknown } }).user;
  if (!user) return { ok: false, signal: { kind: 'session_expired', reason: 'session_expired', detail: 'no user in the answer' } };
  const username = typeof user.login === 'string' ? user.login : typeof user.username === 'string' ? user.username : null;
  return { ok: true, username, user_id: user.id === undefined || user.id === null ? null : String(user.id) };
}

async function readCapped(res: Response): Promise<string> {
  if (!res.body) return '';
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
    size += chunk.byteLength;
    if (size > MAX_BODY) break;
    chunks.push(Buffer.from(chunk));
  }
  return Buffer.concat(chunks).toString('utf8');
}
