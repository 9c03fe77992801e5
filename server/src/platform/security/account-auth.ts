import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError } from '../errors.ts';
import { provablySameOrigin, UNSAFE_METHODS } from '../http/cross-site.ts';
import type { AccountAccess, AccountCaller } from './account-access.ts';
import { pathOf, type PublicRequest } from './api-token.ts';
import type { ExtensionAccess } from './extension-access.ts';
import { ownerScope } from './owner-scope.ts';
import { CSRF_HEADER } from './web-session.ts';

// The perimeter of an accounts-mode server (AUTH_MODE=accounts), in place of API_TOKEN's (api-token.ts). As the
// request arrives (onRequest, before the rate limit, which then counts per user) the caller is looked up once:
// a bearer token or the session cookie, of an active user. Before any body is read (preParsing) every route but
// the public ones needs a caller; a change carried by the cookie must be provably same-origin or carry the
// session's CSRF token (the same rule as API_TOKEN's sessions). The verified user then becomes the owner of the
// request's scope (owner-scope.ts), which the repositories read.

/**
 * Routes anyone may call: health checks, the login state, and the ways in (each checks what it is given). Stripe's
 * webhook (modules/billing) is authenticated by its Stripe-Signature alone, checked by the route on the raw body.
 */
export const ACCOUNT_PUBLIC_PATHS = new Set([
  '/health', '/ready', '/auth/session', '/auth/setup', '/auth/login', '/auth/register', '/auth/links/inspect', '/auth/invitations/accept', '/auth/password-reset', '/auth/password-reset/request',
  // Sign in with Google: the way out to Google and the way back (the callback checks its sealed cookie and the ID token).
  '/auth/google', '/auth/google/callback',
  '/billing/webhook',
]);
const isPublicPath = (path: string) => ACCOUNT_PUBLIC_PATHS.has(path.length > 1 ? path.replace(/\/+$/, '') : path);

const CALLER = Symbol('vintedbot.account');
type WithCaller = FastifyRequest & { [CALLER]?: AccountCaller | null };

/** The request's verified caller (accounts mode), or null; undefined outside accounts mode. */
export const accountCaller = (req: FastifyRequest): AccountCaller | null | undefined => (req as WithCaller)[CALLER];

export function installAccountAuth(app: FastifyInstance, access: AccountAccess, isPublic: PublicRequest = () => false, extension?: ExtensionAccess) {
  // The request's owner scope is opened for every request by http/owner-scope-hook.ts (installed first, unnamed in
  // accounts mode); `ownerScope.identify` below names its owner once the caller is verified.
  app.addHook('onRequest', async (req, reply) => {
    const r = req as WithCaller;
    r[CALLER] = null;
    if (req.method === 'OPTIONS') return;
    const path = pathOf(req);
    // The web app's own files hold no data and need nobody: no lookup for them.
    if (!path.startsWith('/auth/') && isPublic(req.method, path, req.headers.accept, req.is404)) return;
    if (!req.headers.authorization && !req.headers.cookie) return;
    r[CALLER] = await access.identify(req, reply);
  });

  app.addHook('preParsing', async (req) => {
    if (req.method === 'OPTIONS') return;
    const path = pathOf(req);
    const caller = accountCaller(req) ?? null;
    if (isPublicPath(path) || isPublic(req.method, path, req.headers.accept, req.is404)) {
      if (caller) ownerScope.identify(caller.user.id);
      return;
    }
    if (caller) {
      if (caller.via === 'session' && UNSAFE_METHODS.has(req.method) && !provablySameOrigin(req)) {
        const given = req.headers[CSRF_HEADER];
        if (!access.csrfMatches(caller, typeof given === 'string' ? given : undefined)) {
          throw new AppError(403, 'csrf_token_required', `This change was sent with the session cookie but its origin is unknown: send the session's CSRF token in ${CSRF_HEADER}`);
        }
      }
      ownerScope.identify(caller.user.id);
      return;
    }
    // The paired extension's own token, on the extension's own routes only (its scopes are checked by each route).
    // Its requests run as the person who paired it, read from its token's row.
    if (extension && (await extension.admits(req))) {
      const owner = await extension.owner(req);
      if (owner) ownerScope.identify(owner);
      return;
    }
    if (!req.headers.authorization) throw new AppError(401, 'unauthorized', 'Not logged in: log in to the web app, or send Authorization: Bearer <one of your API tokens>', undefined, { 'www-authenticate': 'Bearer' });
    throw new AppError(401, 'unauthorized', 'Invalid or revoked API token', undefined, { 'www-authenticate': 'Bearer' });
  });
}

/** For the admin's routes: anyone but an admin gets the answer of an unknown address (nothing says they exist). */
export function requireAdmin(req: FastifyRequest): AccountCaller {
  const caller = accountCaller(req);
  if (caller?.user.role === 'admin') return caller;
  const path = pathOf(req);
  throw new AppError(404, 'route_not_found', `No route for ${req.method} ${path}`, { params: { method: req.method, path: path.slice(0, 200) } });
}

/** For a signed-in person's own routes (their sessions, tokens, password). */
export function requireCaller(req: FastifyRequest): AccountCaller {
  const caller = accountCaller(req);
  if (caller) return caller;
  throw new AppError(401, 'unauthorized', 'Not logged in', undefined, { 'www-authenticate': 'Bearer' });
}
