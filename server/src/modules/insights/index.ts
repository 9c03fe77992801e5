// Insights: the seller's numbers (/stats), what to act on (/recommendations and their thresholds), health and the
// API's root. Owns the `brand_counts` and `stock_counters` tables (kept by triggers on items, migration 0004) and
// the `insights.recommendations` setting; provides no service.
//
// Public surface: everything another module or the app may use is exported here, nothing else is imported from
// this folder from outside it.
import type { FastifyInstance } from 'fastify';
import type { Platform } from '../../platform/platform.ts';
import type { ListingsService } from '../listings/index.ts';
import { defineModule } from '../../platform/modules/module.ts';
import type { PriceDropService } from '../pricing/index.ts';
import type { WebApp } from '../web/index.ts';
import { healthRoutes } from './health.routes.ts';
import { recommendationsRoutes } from './recommendations.routes.ts';
import { RecommendationsService } from './recommendations.service.ts';
import { recommendationSettingsStore } from './recommendations.settings.ts';
import { rootRoutes } from './root.routes.ts';
import { StatsRepository } from './stats.repository.ts';
import { statsRoutes } from './stats.routes.ts';
import { StatsService } from './stats.service.ts';
import { todoRoutes } from './todo.routes.ts';
import { TodoService } from './todo.service.ts';

export { rootRoutes } from './root.routes.ts';
export type { StockStats } from './stats.service.ts';

interface InsightsDeps {
  listings: ListingsService;
  priceDrops: PriceDropService;
  /** The built web app: a browser asking for `/` gets it instead of the JSON root. */
  web: WebApp;
}

export const insightsModule = defineModule({
  name: 'insights',
  needs: ['listings', 'priceDrops', 'web'],
  provides: [],
  create(platform: Platform, deps: InsightsDeps) {
    const stats = new StatsService(new StatsRepository(platform.db, platform.config.AUTH_MODE === 'accounts'), deps.priceDrops);
    const recommendations = new RecommendationsService(deps.listings, deps.priceDrops, recommendationSettingsStore(platform.db));
    return {
      services: {},
      routes: (app: FastifyInstance) => {
        healthRoutes(app, platform);
        rootRoutes(app, { web: deps.web, version: platform.config.version });
        statsRoutes(app, stats);
        recommendationsRoutes(app, recommendations);
        todoRoutes(app, new TodoService(deps.listings, recommendations.settings));
      },
    };
  },
});
