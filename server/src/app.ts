import { randomUUID } from 'node:crypto';
import cors from '@fastify/cors';
import multipart from '@fastify/multipart';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { jsonSchemaTransform, jsonSchemaTransformObject, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import type { AppContext } from './context.ts';
import { registerModuleRoutes } from './platform/modules/build-modules.ts';
import { isWebAppRequest } from './modules/web/index.ts';
import { originMatcher, type OriginMatcher } from './platform/http/allowed-origins.ts';
import { installApiDocs } from './platform/http/api-docs.ts';
import { installCrossSiteGuard } from './platform/http/cross-site.ts';
import { answerClientError, answerError, installErrorHandling } from './platform/http/error-handler.ts';
import { installHostCheck } from './platform/http/host-check.ts';
import { installRateLimit } from './platform/http/rate-limit.ts';
import { DOCS_CSP, installSecurityHeaders } from './platform/http/security-headers.ts';
import { installInputHygiene } from './platform/http/input-hygiene.ts';
import { closeUnreadUploads } from './platform/http/unread-body.ts';
import { installMetrics } from './platform/metrics/metrics-http.ts';
import { installOwnerScope } from './platform/http/owner-scope-hook.ts';
import { installAccountAuth } from './platform/security/account-auth.ts';
import { installApiToken } from './platform/security/api-token.ts';
import { secretBoxFor } from './platform/security/secret-box.ts';
import { installQuotaHeaders } from './platform/http/quota-headers.ts';
import { sessionRoutes } from './platform/security/session.routes.ts';
import { WebSessions } from './platform/security/web-session.ts';

const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;
const hops = (n: number) => (_address: string, hop: number) => hop < n;

/** Builds the HTTP app from the modules, without listening: tests inject into it, main.ts listens. */
export async function buildApp(ctx: AppContext): Promise<FastifyInstance> {
  const cfg = ctx.config;
  const app = Fastify({
    loggerInstance: ctx.log as FastifyBaseLogger,
    bodyLimit: cfg.BODY_LIMIT_BYTES,
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
    },
    // Behind a reverse proxy (TRUST_PROXY): req.ip, req.protocol and req.host come from its X-Forwarded-* headers.
    // A number is that many proxy hops (Fastify's types only list the function form of it).
    trustProxy: typeof cfg.TRUST_PROXY === 'number' ? hops(cfg.TRUST_PROXY) : cfg.TRUST_PROXY,
    // The router's own refusals (a broken % escape, an over-long parameter) and the connection's (headers too
    // large, too slow) answer in the common error shape with a stable code, like every other error.
    routerOptions: { ignoreTrailingSlash: true },
    frameworkErrors: answerError,
    clientErrorHandler: answerClientError,
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  // Before any other hook: every request runs in its owner's scope (issue 20).
  installOwnerScope(app, cfg.AUTH_MODE);
  app.addHook('onRequest', async (req, reply) => {
    reply.header('x-request-id', req.id);
  });
  // An unknown address asked for by a browser gets the web app's own not-found page (modules/web), not JSON.
  installErrorHandling(app, { notFoundPage: (req, reply) => ctx.web.sendNotFoundPage(req, reply) });
  // The perimeter, in this order: security headers (so every answer has them, refusals included), the Host check
  // (DNS rebinding), CORS and cross-site refusals as the request arrives (onRequest); then the rate limit (each
  // route's own onRequest hook); then the token or session check before any body is read (preParsing), so wrong
  // tokens count against the limit.
  await installSecurityHeaders(app, cfg);
  installHostCheck(app, cfg);
  const sessions = cfg.API_TOKEN ? new WebSessions(secretBoxFor({ SECRET_KEY: cfg.SECRET_KEY, dataDir: cfg.dataDir }).subkey('http/web-session'), cfg.API_TOKEN) : undefined;
  installInputHygiene(app);
  closeUnreadUploads(app);

  await app.register(cors, {
    // Closed unless origins are listed: a front end on another origin (e.g. a Lovable app) must be named.
    // Exact origins and wildcard subdomains (https://*.lovable.dev) go through one matcher.
    origin: cfg.CORS_ORIGINS.length ? corsOrigin(originMatcher(cfg.CORS_ORIGINS)) : false,
    credentials: false,
    methods: ['GET', 'POST', 'PATCH', 'PUT', 'DELETE', 'OPTIONS'],
    allowedHeaders: ['Content-Type', 'Authorization', 'Idempotency-Key', 'X-Request-Id', 'X-CSRF-Token'],
    exposedHeaders: ['X-Request-Id', 'Retry-After', 'Content-Disposition', 'X-Quota-Listings-Remaining', 'X-Quota-Analyses-Remaining', 'X-Quota-Storage-Remaining'],
  });
  await installRateLimit(app, cfg, sessions, isWebAppRequest);
  // The paired browser extension passes on its own routes with its own token (modules/extension).
  installCrossSiteGuard(app, cfg, ctx.extension.access);
  await app.register(multipart, {
    // @fastify/multipart's defaults are 1 MiB per file and no total cap: every limit is set on purpose.
    limits: { fileSize: 15 * 1024 * 1024, files: 20, fields: 50, fieldSize: 64 * 1024, parts: 80 },
  });
  // The web app's files and pages load without the token (they hold no data); the app then asks the seller to log in.
  // With AUTH_MODE=accounts each person logs in with their own account (or API token) instead (modules/accounts).
  const accounts = cfg.AUTH_MODE === 'accounts' ? ctx.accounts.access : undefined;
  if (accounts) installAccountAuth(app, accounts, isWebAppRequest, ctx.extension.access);
  else installApiToken(app, cfg.API_TOKEN, sessions, isWebAppRequest, ctx.extension.access);

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'VintedBot API',
        version: cfg.version,
        description: 'Stock, photo analysis, pricing, files and Vinted publication for second-hand sellers. Errors share one shape: `{"error": {"code", "message", "details?", "request_id"}}`.',
      },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'API_TOKEN, required when it is set' } } },
      security: cfg.API_TOKEN || accounts ? [{ bearer: [] }] : [],
    },
    transform: jsonSchemaTransform,
    transformObject: jsonSchemaTransformObject,
  });
  // Swagger UI needs inline styles: its own policy, on its routes only.
  // Tags start folded: with every tag open, Swagger UI stops rendering operations past about 130 of them (seen in
  // Chromium: only the first tags showed), and folded tags open at once on a click.
  await app.register(swaggerUi, { routePrefix: '/docs', uiConfig: { docExpansion: 'none', deepLinking: true }, staticCSP: DOCS_CSP });
  installApiDocs(app, 'VintedBot API');

  await app.register(async (scope) => sessionRoutes(scope, { token: cfg.API_TOKEN, sessions, secureCookies: cfg.PUBLIC_URL?.startsWith('https://') ?? false, accounts }));
  // GET /metrics (Prometheus), behind the token like every non-public route, and the per-route request counters.
  installMetrics(app, ctx.metrics);
  // Metered routes (config.quota) say what remains of the user's quotas on every answer (modules/quotas).
  installQuotaHeaders(app, (metrics, owner) => ctx.quotas.headers(metrics, owner));
  await registerModuleRoutes(app, ctx.modules);
  return app;
}

/** @fastify/cors's origin callback: the request's Origin echoed when allowed, no CORS headers otherwise. */
function corsOrigin(allowed: OriginMatcher) {
  return (origin: string | undefined, cb: (err: Error | null, allow: boolean) => void) => cb(null, origin !== undefined && allowed(origin));
}
