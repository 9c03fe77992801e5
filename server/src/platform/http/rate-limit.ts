import { createHash } from 'node:crypto';
import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Config } from '../../config.ts';
import type { PublicRequest } from '../security/api-token.ts';
import { clientIdentity, pathOf } from '../security/api-token.ts';
import { accountCaller } from '../security/account-auth.ts';
import type { WebSessions } from '../security/web-session.ts';

// One budget per client: the API token's holder, each web-app session, each user (accounts mode), or else the client address (the socket's,
// or X-Forwarded-For's when TRUST_PROXY says which proxies to believe: Fastify's req.ip). Loading the app's files,
// the API docs' files and photos (a stock page shows dozens of thumbnails) does not count.

const UUID = '[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}';
const NOT_COUNTED = [
  new RegExp(`^/photos/${UUID}(/thumb)?/?$`),
  new RegExp(`^/bulk/jobs/${UUID}/photos/${UUID}(/thumb)?/?$`),
  /^\/vinted\/photos\/[A-Za-z0-9_-]{1,80}\/?$/,
  /^\/docs\/static\/[A-Za-z0-9._-]+$/,
];

/** Whether a request spends the budget: the web app's own files (`isAppFile`, from the app), photos and the docs' assets do not. */
export function countsTowardLimit(req: FastifyRequest, isAppFile: PublicRequest = () => false): boolean {
  if (req.method !== 'GET' && req.method !== 'HEAD') return true;
  const path = pathOf(req);
  if (isAppFile(req.method, path, req.headers.accept, req.is404)) return false;
  return !NOT_COUNTED.some((re) => re.test(path));
}

export function rateLimitKey(req: FastifyRequest, token: string | undefined, sessions: WebSessions | undefined): string {
  // Accounts mode: each person has their own budget, whichever session or token they use.
  const caller = accountCaller(req);
  if (caller) return `user:${createHash('sha256').update(caller.user.id).digest('hex').slice(0, 24)}`;
  const who = clientIdentity(req, token, sessions);
  if (who?.kind === 'token') return 'token';
  if (who?.kind === 'session') return `session:${createHash('sha256').update(who.session.id).digest('hex').slice(0, 24)}`;
  return `ip:${req.ip}`;
}

export async function installRateLimit(app: FastifyInstance, cfg: Pick<Config, 'RATE_LIMIT_MAX' | 'RATE_LIMIT_WINDOW_MS' | 'API_TOKEN'>, sessions: WebSessions | undefined, isAppFile?: PublicRequest) {
  await app.register(rateLimit, {
    global: true,
    max: cfg.RATE_LIMIT_MAX,
    timeWindow: cfg.RATE_LIMIT_WINDOW_MS,
    keyGenerator: (req) => rateLimitKey(req, cfg.API_TOKEN, sessions),
    allowList: (req) => !countsTowardLimit(req, isAppFile),
    // The thrown object goes to our error handler, which answers in the common error shape.
    errorResponseBuilder: (_req, context) => ({ statusCode: 429, code: 'rate_limited', message: `Rate limit reached, retry in ${context.after}` }),
  });
}
