import { randomUUID } from 'node:crypto';
import cors from '@fastify/cors';
import multipart from '@fastify/multipart';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { jsonSchemaTransform, jsonSchemaTransformObject, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import type { AppContext } from './context.ts';
import { registerModuleRoutes } from './platform/modules/build-modules.ts';
import { isWebAppRequest } from './modules/web/index.ts';
import { originMatcher, type OriginMatcher } from './platform/http/allowed-origins.ts';
import { installApiDocs } from './platform/http/api-docs.ts';
import { installErrorHandling } from './platform/http/error-handler.ts';
import { installInputHygiene } from './platform/http/input-hygiene.ts';
import { closeUnreadUploads } from './platform/http/unread-body.ts';
import { installApiToken } from './platform/security/api-token.ts';

const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

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
    trustProxy: false,
    routerOptions: { ignoreTrailingSlash: true },
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.addHook('onRequest', async (req, reply) => {
    reply.header('x-request-id', req.id);
  });
  // An unknown address asked for by a browser gets the web app's own not-found page (modules/web), not JSON.
  installErrorHandling(app, { notFoundPage: (req, reply) => ctx.web.sendNotFoundPage(req, reply) });
  installInputHygiene(app);
  closeUnreadUploads(app);

  await app.register(cors, {
    // Closed unless origins are listed: a front end on another origin (e.g. a Lovable app) must be named.
    // Exact origins and wildcard subdomains (https://*.lovable.dev) go through one matcher.
    origin: cfg.CORS_ORIGINS.length ? corsOrigin(originMatcher(cfg.CORS_ORIGINS)) : false,
    credentials: false,
    methods: ['GET', 'POST', 'PATCH', 'PUT', 'DELETE', 'OPTIONS'],
    allowedHeaders: ['Content-Type', 'Authorization', 'Idempotency-Key', 'X-Request-Id'],
    exposedHeaders: ['X-Request-Id', 'Retry-After', 'Content-Disposition'],
  });
  await app.register(rateLimit, {
    global: true,
    max: cfg.RATE_LIMIT_MAX,
    timeWindow: cfg.RATE_LIMIT_WINDOW_MS,
    // The thrown object goes to our error handler, which answers in the common error shape.
    errorResponseBuilder: (_req, context) => ({ statusCode: 429, code: 'rate_limited', message: `Rate limit reached, retry in ${context.after}` }),
  });
  await app.register(multipart, {
    // @fastify/multipart's defaults are 1 MiB per file and no total cap: every limit is set on purpose.
    limits: { fileSize: 15 * 1024 * 1024, files: 20, fields: 50, fieldSize: 64 * 1024, parts: 80 },
  });
  // The web app's files and pages load without the token (they hold no data); the app then asks the seller for it.
  installApiToken(app, cfg.API_TOKEN, isWebAppRequest);

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'VintedBot API',
        version: cfg.version,
        description: 'Stock, photo analysis, pricing, files and Vinted publication for second-hand sellers. Errors share one shape: `{"error": {"code", "message", "details?", "request_id"}}`.',
      },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'API_TOKEN, required when it is set' } } },
      security: cfg.API_TOKEN ? [{ bearer: [] }] : [],
    },
    transform: jsonSchemaTransform,
    transformObject: jsonSchemaTransformObject,
  });
  await app.register(swaggerUi, { routePrefix: '/docs', uiConfig: { docExpansion: 'list', deepLinking: true } });
  installApiDocs(app, 'VintedBot API');

  await registerModuleRoutes(app, ctx.modules);
  return app;
}

/** @fastify/cors's origin callback: the request's Origin echoed when allowed, no CORS headers otherwise. */
function corsOrigin(allowed: OriginMatcher) {
  return (origin: string | undefined, cb: (err: Error | null, allow: boolean) => void) => cb(null, origin !== undefined && allowed(origin));
}
