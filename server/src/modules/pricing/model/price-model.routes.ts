import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { PriceModelService } from './price-model.service.ts';

const PriceModelStatusSchema = z.object({
  min_sales: z.number().int().describe('Sales needed before a model is trained'),
  sales_available: z.number().int().describe('Sales the next run learns from (the most recent 5,000)'),
  in_use: z.boolean().describe('True when new price suggestions come from the model rather than the price table'),
  last_run: z.object({
    trained_at: z.string(),
    trigger: z.enum(['schedule', 'seller']).or(z.string()),
    sales: z.number().int(),
    train_sales: z.number().int().describe('Older sales it learnt from when judged'),
    test_sales: z.number().int().describe('Newer sales it was judged on'),
    model_error: z.number().nullable().describe('Mean gap (€) between its suggestion and the real sale price on the newer sales'),
    rules_error: z.number().nullable().describe("The price table's mean gap (€) on the same sales"),
    used: z.boolean(),
    reason: z.enum(['too_few_sales', 'beats_rules', 'rules_better']).or(z.string()),
  }).nullable(),
}).meta({ id: 'PriceModelStatus' });

/** GET /pricing/model and POST /pricing/model/train: the price model learned from the seller's sales. */
export function priceModelRoutes(app: FastifyInstance, model: PriceModelService) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['pricing'];
  r.get('/pricing/model', {
    schema: {
      tags, summary: "The price model learned from the seller's sales: whether it is used and how it measured",
      description: 'From 50 sales a model learns the seller\'s prices (category, brand, condition, size, colour, season, photos, time to sell, drops). It is judged on the newest 20 % of the sales after learning from the older 80 %, and used for new suggestions only when its mean error there is lower than the price table\'s. Retrained nightly (PRICE_MODEL_CRON).',
      response: { 200: PriceModelStatusSchema },
    },
  }, async () => model.status());

  r.post('/pricing/model/train', {
    schema: {
      tags, summary: 'Train the price model now on the latest sales',
      description: 'Same run as the nightly one; below 50 sales it records that there are too few and the table keeps pricing.',
      body: z.object({}).strict(),
      response: { 200: PriceModelStatusSchema },
    },
    config: { rateLimit: { max: 6, timeWindow: 60_000 } },
  }, async () => model.train('seller'));
}
