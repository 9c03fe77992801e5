import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../../platform/errors.ts';
import { ownOrigin } from '../../platform/http/cross-site.ts';
import { ErrorResponseSchema } from '../../platform/http/openapi-shared.ts';
import { requireCaller } from '../../platform/security/account-auth.ts';
import { parseCookies } from '../../platform/security/web-session.ts';
import type { AccountGate } from './account-gate.ts';
import type { ClientInfo } from './accounts.types.ts';
import { OIDC_COOKIE, OIDC_COOKIE_MAX_AGE_S } from './google-oidc.ts';
import type { GoogleSignIn } from './google-signin.service.ts';

// GET /auth/google and its callback: browser navigations, so every answer is a redirect. The way out goes to
// Google; the way back goes to the web app, signed in (its session cookies set) or at the login page with
// `?auth_error=<code>`, which the page shows in words. Without GOOGLE_CLIENT_ID and GOOGLE_CLIENT_SECRET both answer
// 404 `google_not_configured` (single-seller mode answers them as unknown addresses, like every accounts route).

export const GOOGLE_CALLBACK_PATH = '/auth/google/callback';
const ENTRY_LIMIT = { rateLimit: { max: 30, timeWindow: 60_000 } };
const tags = ['auth'];
// The query parameters a provider's redirect may carry, passed on to the checks; anything else is dropped.
const param = z.string().max(4096).optional();
const CallbackQuery = z.object({ code: param, state: param, error: param, error_description: param, iss: param, scope: param, authuser: param, hd: param, prompt: param, session_state: param });

export function googleSignInRoutes(app: FastifyInstance, google: GoogleSignIn | undefined, gate: AccountGate, publicUrl: string | undefined) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const client = (req: FastifyRequest): ClientInfo => ({ ip: req.ip, userAgent: typeof req.headers['user-agent'] === 'string' ? req.headers['user-agent'] : undefined });
  const configured = () => {
    if (!google) throw new AppError(404, 'google_not_configured', 'Sign in with Google is not set up on this server (GOOGLE_CLIENT_ID and GOOGLE_CLIENT_SECRET)');
    return google;
  };
  // The address Google sends the browser back to: the one registered at Google, so PUBLIC_URL's when set.
  const redirectUri = (req: FastifyRequest) => `${publicUrl ?? ownOrigin(req) ?? ''}${GOOGLE_CALLBACK_PATH}`;
  const oidcCookie = (req: FastifyRequest, value: string | null) =>
    // SameSite=Lax: the way back is a navigation from Google's site, which a Strict cookie would not follow.
    `${OIDC_COOKIE}=${value ?? ''}; Max-Age=${value ? OIDC_COOKIE_MAX_AGE_S : 0}; Path=/auth/google; HttpOnly; SameSite=Lax${gate.secure(req) ? '; Secure' : ''}`;
  const toLogin = (req: FastifyRequest, reply: FastifyReply, e: unknown) => {
    const code = e instanceof AppError ? e.code : 'google_failed';
    if (!(e instanceof AppError)) req.log.error({ event: 'google_failed', err_name: (e as Error)?.name, err_message: (e as Error)?.message }, 'Sign in with Google failed');
    return reply.header('set-cookie', oidcCookie(req, null)).header('cache-control', 'no-store').redirect(`/?auth_error=${encodeURIComponent(code)}`, 302);
  };
  const redirects = { 302: z.null().describe('To Google (the way out), or back to the web app'), 404: ErrorResponseSchema };

  r.get('/auth/google', {
    schema: {
      tags, summary: 'Sign in with Google: go to Google',
      description: 'A browser navigation (the login page\'s button). Redirects to Google with state, nonce and a PKCE challenge; they are kept, sealed, in a 10-minute HttpOnly cookie for the way back. '
        + 'Register `<PUBLIC_URL>/auth/google/callback` at Google as the redirect URI (without PUBLIC_URL, the address the browser used). 404 `google_not_configured` without GOOGLE_CLIENT_ID and GOOGLE_CLIENT_SECRET.',
      response: redirects,
    },
    config: ENTRY_LIMIT,
  }, async (req, reply) => {
    const g = configured();
    try {
      const out = await g.start(redirectUri(req), client(req));
      return reply.header('set-cookie', oidcCookie(req, out.sealed)).header('cache-control', 'no-store').redirect(out.url, 302);
    } catch (e) {
      return toLogin(req, reply, e);
    }
  });

  r.get(GOOGLE_CALLBACK_PATH, {
    schema: {
      tags, summary: 'Sign in with Google: the way back from Google',
      description: 'Google redirects the browser here. The state must match the sealed cookie of this browser; the code is exchanged once, with the PKCE verifier; the ID token is verified with Google\'s keys (issuer, audience, expiry, nonce). '
        + 'A verified address opens its account (linked to the Google identity from then on; later sign-ins match the identity first). An unknown address creates an account only with an open invitation for it or open registration; the first admin is always created with a password. '
        + 'Redirects to `/` signed in, or to `/?auth_error=<code>`: `google_state_invalid`, `google_cancelled`, `google_code_invalid`, `google_token_invalid`, `google_email_unverified`, `google_no_account`, `google_account_mismatch`, `google_unavailable`, `account_suspended`, `setup_required`, `login_locked`.',
      querystring: CallbackQuery,
      response: redirects,
    },
    config: ENTRY_LIMIT,
    // The query holds the authorization code: the request's log line shows the path only.
    logSerializers: { req: (req: FastifyRequest) => ({ method: req.method, url: GOOGLE_CALLBACK_PATH, remoteAddress: req.ip }) },
  }, async (req, reply) => {
    const g = configured();
    try {
      const opened = await g.finish(req.query, parseCookies(req.headers.cookie)[OIDC_COOKIE], client(req));
      const session = gate.cookies(req, opened.token, opened.caller.session!.csrf);
      return reply.header('set-cookie', [oidcCookie(req, null), ...session]).header('cache-control', 'no-store').redirect('/', 302);
    } catch (e) {
      return toLogin(req, reply, e);
    }
  });

  r.get('/auth/google/link', {
    schema: {
      tags, summary: 'Whether my account is linked to a Google identity',
      description: 'The link is made by my first Sign in with Google; `email` is the Google address it was made with. 404 `google_not_configured` without GOOGLE_CLIENT_ID and GOOGLE_CLIENT_SECRET.',
      response: { 200: z.object({ linked: z.boolean(), email: z.string().nullable(), linked_at: z.string().nullable() }), 404: ErrorResponseSchema },
    },
  }, async (req) => {
    const caller = requireCaller(req);
    return configured().linkOf(caller.user.id);
  });
}
