import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError } from '../errors.ts';
import { provablySameOrigin, UNSAFE_METHODS } from '../http/cross-site.ts';
import type { ExtensionAccess } from './extension-access.ts';
import { CSRF_HEADER, parseCookies, SESSION_COOKIE, type WebSession, WebSessions } from './web-session.ts';

// Routes a load balancer or supervisor must reach without credentials, and the web app's login itself.
const PUBLIC_PATHS = new Set(['/health', '/ready', '/auth/session']);

/** Who is calling: an API client with the token, the web app with its session cookie, or nobody known. */
export type ClientIdentity = { kind: 'token' } | { kind: 'session'; session: WebSession } | null;

const IDENTITY = Symbol('vintedbot.client');
type WithIdentity = FastifyRequest & { [IDENTITY]?: ClientIdentity };

export const pathOf = (req: FastifyRequest) => req.url.split('?')[0];
/** `/health/` and `/health` are one route (Fastify ignores the trailing slash): the public list must too. */
const isPublicPath = (path: string) => PUBLIC_PATHS.has(path.length > 1 ? path.replace(/\/+$/, '') : path);

/**
 * The request's client, worked out once per request (the rate limiter keys on it before the check below runs).
 * Without API_TOKEN nobody is identified: every client is anonymous.
 */
export function clientIdentity(req: FastifyRequest, token: string | undefined, sessions: WebSessions | undefined): ClientIdentity {
  const r = req as WithIdentity;
  if (r[IDENTITY] !== undefined) return r[IDENTITY];
  let id: ClientIdentity = null;
  if (token) {
    const m = /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? '');
    if (m && WebSessions.tokenMatches(m[1].trim(), token)) id = { kind: 'token' };
    else if (!m && sessions) {
      const s = sessions.verify(parseCookies(req.headers.cookie)[SESSION_COOKIE]);
      if (s) id = { kind: 'session', session: s };
    }
  }
  r[IDENTITY] = id;
  return id;
}

/**
 * Requests that may pass without the token besides the health checks (the app says which: the web app's files).
 * `notFound`: no route matches the address (a browser may then get the web app's not-found page, which holds no data).
 */
export type PublicRequest = (method: string, path: string, accept: string | undefined, notFound?: boolean) => boolean;

/**
 * With API_TOKEN set, every route but the public ones needs `Authorization: Bearer <token>` or the web app's
 * session cookie. A state-changing request carried by the cookie must also be provably same-origin
 * (Sec-Fetch-Site or Origin) or carry the session's CSRF token in X-CSRF-Token. The paired extension's token
 * passes on the extension's routes only (`extension.admits`).
 */
export function installApiToken(app: FastifyInstance, token: string | undefined, sessions?: WebSessions, isPublic: PublicRequest = () => false, extension?: ExtensionAccess) {
  if (!token) return;
  // preParsing: after the rate limit (a route-level onRequest hook, so wrong tokens count against the client's
  // budget) and before any body is read.
  app.addHook('preParsing', async (req) => {
    if (req.method === 'OPTIONS') return; // CORS preflights carry no credentials by design
    const path = pathOf(req);
    if (isPublicPath(path)) return;
    // The web app's own files and pages hold no data; the app then asks the seller to log in.
    if (isPublic(req.method, path, req.headers.accept, req.is404)) return;
    const who = clientIdentity(req, token, sessions);
    if (who?.kind === 'token') return;
    if (who?.kind === 'session') {
      if (!UNSAFE_METHODS.has(req.method) || provablySameOrigin(req)) return;
      const given = req.headers[CSRF_HEADER];
      if (sessions!.csrfMatches(who.session, typeof given === 'string' ? given : undefined)) return;
      throw new AppError(403, 'csrf_token_required', `This change was sent with the session cookie but its origin is unknown: send the session's CSRF token in ${CSRF_HEADER}`);
    }
    // The paired extension's own token, on the extension's own routes only (its scopes are checked by each route).
    if (extension && (await extension.admits(req))) return;
    const header = req.headers.authorization;
    if (!header) throw new AppError(401, 'unauthorized', 'Missing API token: send Authorization: Bearer <API_TOKEN>, or log in to the web app', undefined, { 'www-authenticate': 'Bearer' });
    throw new AppError(401, 'unauthorized', 'Invalid API token', undefined, { 'www-authenticate': 'Bearer' });
  });
}
