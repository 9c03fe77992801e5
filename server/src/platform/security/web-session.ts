import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

// The web app's login: the seller types API_TOKEN once, the server answers with a session cookie (HttpOnly, so no
// script can read it; SameSite=Strict, so no other site's page makes the browser send it) and the app never keeps
// the token. The cookie is `<id>.<expiry>.<mac>`, signed with a key derived from the secret key (SECRET_KEY or the
// DATA_DIR key file) and the API token itself: changing API_TOKEN ends every session. Logging out revokes the id
// in this process and clears the cookie. A CSRF token derived from the id is given to the app (readable cookie and
// JSON) for requests a browser cannot prove same-origin.

export const SESSION_COOKIE = 'vintedbot_session';
export const CSRF_COOKIE = 'vintedbot_csrf';
export const CSRF_HEADER = 'x-csrf-token';
export const SESSION_MAX_AGE_S = 14 * 86_400;

export interface WebSession {
  id: string;
  /** Unix seconds. */
  expires: number;
}

const b64 = (b: Buffer) => b.toString('base64url');

function safeEqual(a: string, b: string) {
  const ab = Buffer.from(a);
  const bb = Buffer.from(b);
  return ab.length === bb.length && timingSafeEqual(ab, bb);
}

/** Cookies of a request, by name (the first of duplicates wins; malformed pairs are skipped). */
export function parseCookies(header: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (!header) return out;
  for (const pair of header.split(';')) {
    const i = pair.indexOf('=');
    if (i <= 0) continue;
    const name = pair.slice(0, i).trim();
    if (name in out) continue;
    out[name] = pair.slice(i + 1).trim();
  }
  return out;
}

export class WebSessions {
  private readonly key: Buffer;
  private readonly revoked = new Map<string, number>();

  /** `secret`: a key for this purpose only (SecretBox.subkey); `apiToken`: the token the sessions stand for. */
  constructor(secret: Buffer, apiToken: string, private readonly now: () => number = Date.now) {
    this.key = createHmac('sha256', secret).update('web-session:').update(createHash('sha256').update(apiToken).digest()).digest();
  }

  private mac(data: string) {
    return b64(createHmac('sha256', this.key).update(data).digest());
  }

  /** True when `candidate` is the API token (compared in constant time through hashes of equal length). */
  static tokenMatches(candidate: string, token: string) {
    const h = (s: string) => createHash('sha256').update(s).digest('hex');
    return safeEqual(h(candidate), h(token));
  }

  create(): WebSession & { cookie: string } {
    const id = b64(randomBytes(18));
    const expires = Math.floor(this.now() / 1000) + SESSION_MAX_AGE_S;
    const body = `${id}.${expires}`;
    return { id, expires, cookie: `${body}.${this.mac(body)}` };
  }

  /** The session a cookie value stands for, or null (malformed, forged, expired, revoked, or made for another token). */
  verify(value: string | undefined): WebSession | null {
    if (!value || value.length > 200) return null;
    const m = /^([A-Za-z0-9_-]{24})\.(\d{1,12})\.([A-Za-z0-9_-]{43})$/.exec(value);
    if (!m) return null;
    if (!safeEqual(m[3], this.mac(`${m[1]}.${m[2]}`))) return null;
    const expires = Number(m[2]);
    if (expires * 1000 <= this.now() || this.revoked.has(m[1])) return null;
    return { id: m[1], expires };
  }

  csrfToken(session: WebSession): string {
    return this.mac(`csrf:${session.id}`);
  }

  csrfMatches(session: WebSession, candidate: string | undefined): boolean {
    return !!candidate && safeEqual(candidate, this.csrfToken(session));
  }

  revoke(session: WebSession) {
    const nowS = Math.floor(this.now() / 1000);
    for (const [id, exp] of this.revoked) if (exp <= nowS) this.revoked.delete(id);
    this.revoked.set(session.id, session.expires);
  }
}

/** Set-Cookie values: the HttpOnly session and the script-readable CSRF token, both SameSite=Strict (accounts mode's sessions too). */
export function sessionCookies(session: { cookie: string } | null, csrf: string | null, secure: boolean, maxAgeS = SESSION_MAX_AGE_S): string[] {
  const tail = `; Path=/; SameSite=Strict${secure ? '; Secure' : ''}`;
  if (!session || !csrf) {
    return [`${SESSION_COOKIE}=; Max-Age=0; HttpOnly${tail}`, `${CSRF_COOKIE}=; Max-Age=0${tail}`];
  }
  return [`${SESSION_COOKIE}=${session.cookie}; Max-Age=${maxAgeS}; HttpOnly${tail}`, `${CSRF_COOKIE}=${csrf}; Max-Age=${maxAgeS}${tail}`];
}
