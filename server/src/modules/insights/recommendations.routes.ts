import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ErrorResponseSchema } from '../../platform/http/openapi-shared.ts';
import { RecommendationSettingsSchema, UpdateRecommendationSettingsSchema } from './recommendations.settings.ts';
import type { RecommendationsService } from './recommendations.service.ts';

const RecommendationSchema = z.object({
  item_id: z.string(),
  title: z.string(),
  status: z.string(),
  price: z.number().nullable(),
  action: z.enum(['resolve_duplicate', 'republish', 'reprice']).describe('What to do first (from the weightiest reason)'),
  priority: z.number().describe('Sum of the reasons\' weights: duplicate 50, listed too long 40, at floor 30, low score 20'),
  reasons: z.array(z.object({
    code: z.enum(['possible_duplicate', 'listed_too_long', 'at_floor', 'low_sale_score']),
    params: z.record(z.string(), z.unknown()).describe('listed_too_long {days, threshold} · at_floor {days} · low_sale_score {score, threshold}: for the app to word in the seller\'s language'),
    message: z.string().describe('English, for logs and developers'),
  })),
}).meta({ id: 'Recommendation' });

export function recommendationsRoutes(app: FastifyInstance, service: RecommendationsService) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get('/recommendations', {
    schema: {
      tags: ['insights'], summary: 'Items to republish or reprice, best first, each with its reasons',
      description: 'Listed or draft items that are possible duplicates, listed for more than `listed_days`, at their floor with no price change for `floor_days`, or with a sale score under `low_score` (thresholds in /settings/recommendations). '
        + 'Each reason is read from its own index, up to 4 × `limit` items each (longest waiting first), so the answer costs the same at 1 M items as at 1 k; '
        + 'it is the exact ranking of the whole stock whenever no reason holds more items than that, and the best among those candidates otherwise.',
      querystring: z.object({ limit: z.coerce.number().int().min(1).max(200).default(50) }),
      response: { 200: z.object({ items: z.array(RecommendationSchema), thresholds: RecommendationSettingsSchema }) },
    },
  }, async (req) => service.list(req.query.limit));

  r.get('/settings/recommendations', {
    schema: { tags: ['settings'], summary: 'Thresholds of the recommendations', response: { 200: RecommendationSettingsSchema } },
  }, async () => service.settings.get());

  r.patch('/settings/recommendations', {
    schema: {
      tags: ['settings'], summary: 'Change the thresholds of the recommendations',
      body: UpdateRecommendationSettingsSchema, response: { 200: RecommendationSettingsSchema, 400: ErrorResponseSchema },
    },
  }, async (req) => service.settings.update(req.body));
}
