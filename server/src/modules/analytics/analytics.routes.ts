import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { ErrorResponseSchema } from '../../platform/http/openapi-shared.ts';
import type { AnalyticsService } from './analytics.service.ts';
import {
  PriceDropsQuerySchema, PriceDropsSchema, SellThroughQuerySchema, SellThroughSchema, StockAgeingSchema, SummaryQuerySchema, SummarySchema,
  TaxQuerySchema, TaxThresholdSchema,
} from './analytics.schemas.ts';

export function analyticsRoutes(app: FastifyInstance, analytics: AnalyticsService) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['analytics'];
  const bad = { 400: ErrorResponseSchema };

  r.get('/analytics/summary', {
    schema: {
      tags, summary: 'Revenue, cost of goods, margin and sales per day, week or month, against the period before',
      description: 'Standing sales only (cancelled and returned orders are out). Days are UTC; weeks start on Monday. '
        + 'Default window: 30 days, 12 weeks or 12 months ending today. The margin sums the sales whose purchase cost is known; '
        + '`margin_unknown_count` says how many were left out (revenue counts every sale).',
      querystring: SummaryQuerySchema, response: { 200: SummarySchema, ...bad },
    },
  }, async (req) => analytics.summary(req.query));

  r.get('/analytics/sell-through', {
    schema: {
      tags, summary: 'Sell-through and median days to sell by category, brand, size or price band',
      querystring: SellThroughQuerySchema, response: { 200: SellThroughSchema, ...bad },
    },
  }, async (req) => analytics.sellThrough(req.query.by));

  r.get('/analytics/stock-ageing', {
    schema: { tags, summary: 'How long unsold items have waited, and the unsold stock at cost and at price', response: { 200: StockAgeingSchema } },
  }, async () => analytics.stockAgeing());

  r.get('/analytics/price-drops', {
    schema: {
      tags, summary: 'Price drops before sales: how many, price at sale against the first price, sales soon after a drop',
      querystring: PriceDropsQuerySchema, response: { 200: PriceDropsSchema, ...bad },
    },
  }, async (req) => analytics.priceDrops(req.query));

  r.get('/analytics/tax-threshold', {
    schema: {
      tags, summary: "The year's sales against the EU reporting thresholds (DAC7: 30 sales or €2,000); information, not tax advice",
      querystring: TaxQuerySchema, response: { 200: TaxThresholdSchema, ...bad },
    },
  }, async (req) => analytics.taxThreshold(req.query));
}
