import type { LightMyRequestResponse } from 'fastify';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';

// An accounts-mode app (AUTH_MODE=accounts) and a browser-like client for it: same-origin requests that keep
// their cookies, as the web app's would.

export const HOST = '127.0.0.1:8001';
export const SELF = `http://${HOST}`;
export const ADMIN = { email: 'Admin@Example.org', password: 'admin-password-123', name: 'Ada' };

export async function accountsApp(env: Record<string, string> = {}): Promise<TestApp> {
  return createTestApp({ AUTH_MODE: 'accounts', PRICE_DROP_CRON: 'off', PURGE_CRON: 'off', ...env });
}

export const setCookies = (res: LightMyRequestResponse): string[] => {
  const v = res.headers['set-cookie'];
  return (Array.isArray(v) ? v : v ? [v] : []) as string[];
};

export const cookieValue = (cookies: string[], name: string): string | undefined => {
  const c = [...cookies].reverse().find((x) => x.startsWith(`${name}=`));
  return c?.split(';')[0].slice(name.length + 1);
};

/** A browser on the app's own origin: sends its cookies, keeps the ones it is given (the last one wins). */
export class Browser {
  cookies = new Map<string, string>();
  constructor(readonly t: TestApp, readonly ip = '127.0.0.1') {}

  get session() {
    return this.cookies.get('vintedbot_session');
  }

  private cookieHeader() {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  async req(method: string, url: string, body?: unknown, headers: Record<string, string> = {}): Promise<LightMyRequestResponse> {
    const res = await this.t.app.inject({
      method: method as 'GET',
      url,
      remoteAddress: this.ip,
      headers: {
        host: HOST, origin: SELF, 'sec-fetch-site': 'same-origin',
        ...(this.cookies.size ? { cookie: this.cookieHeader() } : {}),
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...headers,
      },
      ...(body !== undefined ? { payload: JSON.stringify(body) } : {}),
    });
    for (const c of setCookies(res)) {
      const [pair] = c.split(';');
      const i = pair.indexOf('=');
      const name = pair.slice(0, i);
      const value = pair.slice(i + 1);
      if (/Max-Age=0/.test(c) || value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return res;
  }

  get = (url: string) => this.req('GET', url);
  post = (url: string, body: unknown = {}) => this.req('POST', url, body);
  patch = (url: string, body: unknown) => this.req('PATCH', url, body);
  del = (url: string) => this.req('DELETE', url);
}

/** A script with a bearer token (no cookies, no browser headers). */
export function bearer(t: TestApp, token: string, method: string, url: string, body?: unknown) {
  return t.app.inject({
    method: method as 'GET', url,
    headers: { host: HOST, authorization: `Bearer ${token}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    ...(body !== undefined ? { payload: JSON.stringify(body) } : {}),
  });
}

/** Sets the admin up and returns their browser. */
export async function setUpAdmin(t: TestApp): Promise<Browser> {
  const b = new Browser(t);
  const res = await b.post('/auth/setup', ADMIN);
  if (res.statusCode !== 201) throw new Error(`setup: ${res.statusCode} ${res.body}`);
  return b;
}

/** Invites `email` as the admin and accepts the invitation in a new browser. */
export async function inviteUser(t: TestApp, admin: Browser, email: string, password: string, role: 'user' | 'admin' = 'user', ip = '127.0.0.1'): Promise<Browser> {
  const inv = await admin.post('/admin/invitations', { email, role });
  if (inv.statusCode !== 201) throw new Error(`invite: ${inv.statusCode} ${inv.body}`);
  const token = new URL(inv.json().url).hash.slice(1);
  const b = new Browser(t, ip);
  const acc = await b.post('/auth/invitations/accept', { token, password, name: email.split('@')[0] });
  if (acc.statusCode !== 201) throw new Error(`accept: ${acc.statusCode} ${acc.body}`);
  return b;
}
