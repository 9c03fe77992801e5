import fs from 'node:fs';
import { createRequire } from 'node:module';
import type { FastifyInstance } from 'fastify';
import { REDOC_CSP } from './security-headers.ts';

// The API's description where the seeds' clients look for it: the OpenAPI document at /openapi.json, and ReDoc at
// /redoc, served from the redoc npm package's own bundle (no CDN: it works offline, like Swagger UI at /docs).
const REDOC_BUNDLE = createRequire(import.meta.url).resolve('redoc/bundles/redoc.standalone.js');

const page = (title: string) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} – ReDoc</title><style>body{margin:0}</style></head>
<body><redoc spec-url="/openapi.json"></redoc><script src="/redoc/redoc.standalone.js"></script></body></html>`;

/** Registers GET /openapi.json, GET /redoc and the ReDoc bundle (after @fastify/swagger). */
export function installApiDocs(app: FastifyInstance, title: string) {
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  app.get('/redoc', { schema: { hide: true } }, async (_req, reply) => reply.type('text/html; charset=utf-8').header('cache-control', 'no-cache').header('content-security-policy', REDOC_CSP).send(page(title)));
  app.get('/redoc/redoc.standalone.js', { schema: { hide: true } }, async (_req, reply) =>
    reply.type('application/javascript; charset=utf-8').header('cache-control', 'public, max-age=86400').send(fs.createReadStream(REDOC_BUNDLE)));
}
