import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../errors.ts';
import { ErrorResponseSchema } from '../http/openapi-shared.ts';
import type { AccountAccess, AccountState } from './account-access.ts';
import { accountCaller } from './account-auth.ts';
import { clientIdentity } from './api-token.ts';
import { sessionCookies, WebSessions } from './web-session.ts';

export const SessionUserSchema = z
  .object({ id: z.string(), email: z.string(), name: z.string(), role: z.enum(['admin', 'user']) })
  .meta({ id: 'SessionUser' });

export const SessionStateSchema = z
  .object({
    mode: z.enum(['single', 'accounts']).describe('`single`: one seller (API_TOKEN login when set); `accounts`: email and password logins (AUTH_MODE=accounts)'),
    required: z.boolean().describe('True when the web app must log in (API_TOKEN set, or accounts mode)'),
    authenticated: z.boolean(),
    via: z.enum(['session', 'token']).nullable().describe('How this request was authenticated'),
    csrf_token: z.string().nullable().describe('With a session: send it in X-CSRF-Token on changes a browser cannot prove same-origin'),
    expires_at: z.string().nullable(),
    user: SessionUserSchema.nullable().describe('Accounts mode: who is logged in'),
    setup_required: z.boolean().describe('Accounts mode: no account exists yet, the first person creates the admin account (POST /auth/setup)'),
    registration_open: z.boolean().describe('Accounts mode: anyone may create an account (POST /auth/register)'),
    reset_by_email: z.boolean().describe('Accounts mode with SMTP_URL: "forgot my password" e-mails a reset link (POST /auth/password-reset/request)'),
    google_sign_in: z.boolean().describe('Accounts mode with GOOGLE_CLIENT_ID and GOOGLE_CLIENT_SECRET: "Sign in with Google" is offered (GET /auth/google)'),
  })
  .meta({ id: 'WebSession' });

const tags = ['auth'];

/** The state's fields an accounts-mode server adds, the same in every answer that carries the state. */
export const accountFlags = (s: AccountState) => ({ setup_required: s.setupRequired, registration_open: s.registrationOpen, reset_by_email: s.resetByEmail, google_sign_in: s.googleSignIn });

/**
 * POST/GET/DELETE /auth/session: the web app's login with API_TOKEN, its state, and logout. In accounts mode
 * (`accounts` given) the state names the user and logout ends their session; logging in is POST /auth/login.
 */
export function sessionRoutes(app: FastifyInstance, opts: { token: string | undefined; sessions: WebSessions | undefined; secureCookies: boolean; accounts?: AccountAccess }) {
  const { token, sessions, accounts } = opts;
  const r = app.withTypeProvider<ZodTypeProvider>();
  const secure = (req: FastifyRequest) => opts.secureCookies || req.protocol === 'https';
  const single = { mode: 'single' as const, user: null, setup_required: false, registration_open: false, reset_by_email: false, google_sign_in: false };
  const state = async (req: FastifyRequest) => {
    if (accounts) {
      const caller = accountCaller(req) ?? null;
      const s = await accounts.state();
      return {
        mode: 'accounts' as const,
        required: true,
        authenticated: caller !== null,
        via: caller?.via ?? null,
        csrf_token: caller?.session?.csrf ?? null,
        expires_at: caller?.session?.expiresAt ?? null,
        user: caller?.user ?? null,
        ...accountFlags(s),
      };
    }
    const who = clientIdentity(req, token, sessions);
    return {
      ...single,
      required: !!token,
      authenticated: !token || who !== null,
      via: who?.kind ?? null,
      csrf_token: who?.kind === 'session' ? sessions!.csrfToken(who.session) : null,
      expires_at: who?.kind === 'session' ? new Date(who.session.expires * 1000).toISOString() : null,
    };
  };

  r.get('/auth/session', {
    schema: { tags, summary: 'Whether this browser is logged in (and whether it needs to be)', response: { 200: SessionStateSchema } },
  }, async (req, reply) => {
    reply.header('cache-control', 'no-store');
    return state(req);
  });

  r.post('/auth/session', {
    schema: {
      tags, summary: 'Log the web app in with API_TOKEN',
      description: 'Sets an HttpOnly, SameSite=Strict session cookie (14 days) and a readable CSRF cookie; the token itself is never stored by the app. API clients send `Authorization: Bearer` instead. In accounts mode, log in with POST /auth/login.',
      body: z.object({ token: z.string().min(1).max(500) }).strict(),
      response: { 200: SessionStateSchema, 401: ErrorResponseSchema, 409: ErrorResponseSchema },
    },
    // Guessing the token is slow: ten tries a minute per client.
    config: { rateLimit: { max: 10, timeWindow: 60_000 } },
  }, async (req, reply) => {
    if (accounts) throw new AppError(409, 'use_account_login', 'This server has accounts: log in with your email and password (POST /auth/login)');
    if (!token || !sessions) throw new AppError(409, 'auth_not_enabled', 'This server has no API_TOKEN: there is nothing to log in to');
    if (!WebSessions.tokenMatches(req.body.token.trim(), token)) throw new AppError(401, 'invalid_token', 'This is not the API token set on the server');
    const s = sessions.create();
    const csrf = sessions.csrfToken(s);
    reply.header('set-cookie', sessionCookies(s, csrf, secure(req))).header('cache-control', 'no-store');
    return { ...single, required: true, authenticated: true, via: 'session' as const, csrf_token: csrf, expires_at: new Date(s.expires * 1000).toISOString() };
  });

  r.delete('/auth/session', {
    schema: { tags, summary: 'Log the web app out', description: 'Revokes the session and clears its cookies.', response: { 200: SessionStateSchema } },
  }, async (req, reply) => {
    if (accounts) {
      const caller = accountCaller(req) ?? null;
      if (caller?.via === 'session') await accounts.logout(caller);
      reply.header('set-cookie', sessionCookies(null, null, secure(req)));
      const s = await accounts.state();
      const byToken = caller?.via === 'token';
      return {
        mode: 'accounts' as const, required: true, authenticated: byToken, via: byToken ? 'token' as const : null, csrf_token: null, expires_at: null,
        user: byToken ? caller.user : null, ...accountFlags(s),
      };
    }
    const who = clientIdentity(req, token, sessions);
    if (who?.kind === 'session') sessions!.revoke(who.session);
    reply.header('set-cookie', sessionCookies(null, null, secure(req)));
    return { ...single, required: !!token, authenticated: !token || who?.kind === 'token', via: who?.kind === 'token' ? 'token' as const : null, csrf_token: null, expires_at: null };
  });
}
