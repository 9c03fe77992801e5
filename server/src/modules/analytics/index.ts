// Analytics (issue 18, points 3 and 4): the seller's figures computed by the database (/analytics/summary,
// sell-through, stock-ageing, price-drops) and the yearly tax-reporting threshold. Owns no table: reads the stock and
// the ledger in aggregate queries (table-ownership test, READ_JOINS). Provides the service for other callers, and
// `salesHistory`: the sold items with their facts, for the price model learned from them.
//
// Public surface: everything another module or the app may use is exported here, nothing else is imported from
// this folder from outside it.
import type { FastifyInstance } from 'fastify';
import type { Platform } from '../../platform/platform.ts';
import { defineModule } from '../../platform/modules/module.ts';
import { AnalyticsRepository } from './analytics.repository.ts';
import { analyticsRoutes } from './analytics.routes.ts';
import { AnalyticsService } from './analytics.service.ts';
import { SalesHistoryRepository } from './sales-history.repository.ts';

export { AnalyticsService } from './analytics.service.ts';
export { SalesHistoryRepository as SalesHistory, type SoldItemFacts } from './sales-history.repository.ts';

export const analyticsModule = defineModule({
  name: 'analytics',
  needs: [],
  provides: ['analytics', 'salesHistory'],
  create(platform: Platform, _deps: Record<never, never>) {
    const analytics = new AnalyticsService(new AnalyticsRepository(platform.db));
    // The past sales with their items' facts, read by the price model pricing learns from them (issue 18 point 6).
    const salesHistory = new SalesHistoryRepository(platform.db);
    return { services: { analytics, salesHistory }, routes: (app: FastifyInstance) => analyticsRoutes(app, analytics) };
  },
});
