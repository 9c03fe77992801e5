import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../errors.ts';
import { ErrorResponseSchema } from '../http/openapi-shared.ts';
import { clientIdentity } from './api-token.ts';
import { sessionCookies, WebSessions } from './web-session.ts';

const SessionStateSchema = z
  .object({
    required: z.boolean().describe('True when the server has an API_TOKEN: the web app must log in'),
    authenticated: z.boolean(),
    via: z.enum(['session', 'token']).nullable().describe('How this request was authenticated'),
    csrf_token: z.string().nullable().describe('With a session: send it in X-CSRF-Token on changes a browser cannot prove same-origin'),
    expires_at: z.string().nullable(),
  })
  .meta({ id: 'WebSession' });

const tags = ['auth'];

/** POST/GET/DELETE /auth/session: the web app's login with API_TOKEN, its state, and logout. */
export function sessionRoutes(app: FastifyInstance, opts: { token: string | undefined; sessions: WebSessions | undefined; secureCookies: boolean }) {
  const { token, sessions } = opts;
  const r = app.withTypeProvider<ZodTypeProvider>();
  const secure = (req: FastifyRequest) => opts.secureCookies || req.protocol === 'https';
  const state = (req: FastifyRequest) => {
    const who = clientIdentity(req, token, sessions);
    return {
      required: !!token,
      authenticated: !token || who !== null,
      via: who?.kind ?? null,
      csrf_token: who?.kind === 'session' ? sessions!.csrfToken(who.session) : null,
      expires_at: who?.kind === 'session' ? new Date(who.session.expires * 1000).toISOString() : null,
    };
  };

  r.get('/auth/session', {
    schema: { tags, summary: 'Whether this browser is logged in (and whether it needs to be)', response: { 200: SessionStateSchema } },
  }, async (req) => state(req));

  r.post('/auth/session', {
    schema: {
      tags, summary: 'Log the web app in with API_TOKEN',
      description: 'Sets an HttpOnly, SameSite=Strict session cookie (14 days) and a readable CSRF cookie; the token itself is never stored by the app. API clients send `Authorization: Bearer` instead.',
      body: z.object({ token: z.string().min(1).max(500) }).strict(),
      response: { 200: SessionStateSchema, 401: ErrorResponseSchema, 409: ErrorResponseSchema },
    },
    // Guessing the token is slow: ten tries a minute per client.
    config: { rateLimit: { max: 10, timeWindow: 60_000 } },
  }, async (req, reply) => {
    if (!token || !sessions) throw new AppError(409, 'auth_not_enabled', 'This server has no API_TOKEN: there is nothing to log in to');
    if (!WebSessions.tokenMatches(req.body.token.trim(), token)) throw new AppError(401, 'invalid_token', 'This is not the API token set on the server');
    const s = sessions.create();
    const csrf = sessions.csrfToken(s);
    reply.header('set-cookie', sessionCookies(s, csrf, secure(req))).header('cache-control', 'no-store');
    return { required: true, authenticated: true, via: 'session' as const, csrf_token: csrf, expires_at: new Date(s.expires * 1000).toISOString() };
  });

  r.delete('/auth/session', {
    schema: { tags, summary: 'Log the web app out', description: 'Revokes the session and clears its cookies.', response: { 200: SessionStateSchema } },
  }, async (req, reply) => {
    const who = clientIdentity(req, token, sessions);
    if (who?.kind === 'session') sessions!.revoke(who.session);
    reply.header('set-cookie', sessionCookies(null, null, secure(req)));
    return { required: !!token, authenticated: !token || who?.kind === 'token', via: who?.kind === 'token' ? 'token' as const : null, csrf_token: null, expires_at: null };
  });
}
