import type { AppModule } from '../module.ts';
import { healthRoutes } from './health.routes.ts';
import { recommendationsRoutes } from './recommendations.routes.ts';
import { rootRoutes } from './root.routes.ts';
import { statsRoutes } from './stats.routes.ts';

export const insightsModule: AppModule = {
  name: 'insights',
  routes: (app, ctx) => {
    healthRoutes(app, ctx);
    rootRoutes(app, ctx);
    statsRoutes(app, ctx);
    recommendationsRoutes(app, ctx);
  },
};
