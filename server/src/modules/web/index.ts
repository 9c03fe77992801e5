import type { AppModule } from '../module.ts';
import { WebApp } from './web-app.ts';
import { webRoutes } from './web.routes.ts';

declare module '../../context.ts' {
  interface AppContext {
    web: WebApp;
  }
}

/** Serves the built React app on the API's origin, so a seller needs nothing but `npm start`. */
export const webModule: AppModule = {
  name: 'web',
  setup(ctx) {
    ctx.web = new WebApp();
  },
  routes: webRoutes,
};
