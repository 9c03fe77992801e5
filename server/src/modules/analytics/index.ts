// Analytics (issue 18, points 3 and 4): the seller's figures computed by the database (/analytics/summary,
// sell-through, stock-ageing, price-drops) and the yearly tax-reporting threshold. Owns no table: reads the stock and
// the ledger in aggregate queries (table-ownership test, READ_JOINS). Provides the service for other callers.
//
// Public surface: everything another module or the app may use is exported here, nothing else is imported from
// this folder from outside it.
import type { FastifyInstance } from 'fastify';
import type { Platform } from '../../platform/platform.ts';
import { defineModule } from '../../platform/modules/module.ts';
import { AnalyticsRepository } from './analytics.repository.ts';
import { analyticsRoutes } from './analytics.routes.ts';
import { AnalyticsService } from './analytics.service.ts';

export { AnalyticsService } from './analytics.service.ts';

export const analyticsModule = defineModule({
  name: 'analytics',
  needs: [],
  provides: ['analytics'],
  create(platform: Platform, _deps: Record<never, never>) {
    const analytics = new AnalyticsService(new AnalyticsRepository(platform.db));
    return { services: { analytics }, routes: (app: FastifyInstance) => analyticsRoutes(app, analytics) };
  },
});
