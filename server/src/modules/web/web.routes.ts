import fs from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { AppError } from '../../platform/errors.ts';
import type { WebApp } from './web-app.ts';
import { CLIENT_ROUTES } from './web-paths.ts';

/** The web app's files at /assets/* and its pages (client routes answer index.html; React Router takes over). */
export async function webRoutes(app: FastifyInstance, web: WebApp) {
  const assets = path.join(web.distDir, 'assets');
  // Without a build (API-only use, `npm test`) the API is served alone; `npm start` builds before listening.
  if (fs.existsSync(assets)) await app.register(fastifyStatic, {
    root: assets,
    prefix: '/assets/',
    decorateReply: false,
    index: false,
    list: false,
    dotfiles: 'deny',
    // File names carry a content hash: a browser may keep them for good.
    immutable: true,
    maxAge: '365d',
    schemaHide: true,
  });
  for (const url of CLIENT_ROUTES) {
    app.get(url, { schema: { hide: true } }, async (_req, reply) => {
      if (!web.sendIndex(reply)) {
        throw new AppError(404, 'web_app_not_built', 'The web app is not built: run `npm start` (it builds it) or `npm run build -w web`');
      }
      return reply;
    });
  }
}
