// The web app: serves the built React app (web/dist) on the API's origin, so a seller needs nothing but
// `npm start`. Provides `web` (the built app, for the root page) and says which requests fetch the app itself.
//
// Public surface: everything another module or the app may use is exported here, nothing else is imported from
// this folder from outside it.
import type { FastifyInstance } from 'fastify';
import type { Platform } from '../../platform/platform.ts';
import { defineModule } from '../../platform/modules/module.ts';
import { WebApp } from './web-app.ts';
import { webRoutes } from './web.routes.ts';

export { DEFAULT_WEB_DIST, WebApp } from './web-app.ts';
export { acceptsHtml, CLIENT_ROUTES, isWebAppRequest } from './web-paths.ts';

export const webModule = defineModule({
  name: 'web',
  needs: [],
  provides: ['web'],
  create(_platform: Platform, _deps: Record<never, never>) {
    const web = new WebApp();
    return { services: { web }, routes: (app: FastifyInstance) => webRoutes(app, web) };
  },
});
