import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ErrorResponseSchema } from '../../../platform/http/openapi-shared.ts';
import { badRequest } from '../../../platform/errors.ts';
import type { Scheduler } from '../../../platform/jobs/scheduler.ts';
import { toCents } from '../../../platform/money.ts';
import { ROUNDING_RULES, simulateDrops } from './drop-rules.ts';
import { PricingSettingsSchema, UpdatePricingSettingsSchema } from './drop-settings.ts';
import type { PriceDropService } from './drops.service.ts';

const euros = z.number().min(1, 'must be at least 1.00 €').max(1_000_000).multipleOf(0.01, 'at most two decimals');
const rate = z.number().gt(0).max(0.9).default(0.05).describe('Daily drop (0.05 = 5 %)');
const days = z.number().int().min(1).max(365).default(30);
const rounding = z.enum(ROUNDING_RULES).default('cents');

const PointSchema = z.object({
  day: z.number().int().describe('0 is the starting price'),
  price: z.number(),
  drop_percentage: z.number().describe('True drop from the day before, in %; below the rate on the day the floor clamps'),
  at_floor: z.boolean(),
  held_by_rounding: z.boolean().describe('The charm rounding kept the price that day: rounded up, a drop is never bigger than the rate, so a small rate can hold a ",90" price'),
}).meta({ id: 'SimulationPoint' });

const ChangeSchema = z.object({
  item_id: z.string(), title: z.string(), old_price: z.number(), new_price: z.number(), floor: z.number(), rate: z.number(), at_floor: z.boolean(),
});

const RunResultSchema = z.object({
  run_id: z.string().nullable(),
  day: z.string().describe('The calendar day (TZ) the run belongs to'),
  trigger: z.enum(['schedule', 'catch_up', 'manual', 'preview']),
  dry_run: z.boolean(),
  considered: z.number().int(),
  dropped: z.number().int().describe('Items lowered (or, for a preview or dry run, that would be)'),
  reached_floor: z.number().int(),
  already_at_floor: z.number().int(),
  skipped_without_floor: z.number().int().describe('Listed items with neither a floor nor a suggested minimum, left alone (without_floor: skip, the default)'),
  skipped_not_switched_on: z.number().int().describe('Items following the default while drop_by_default is off'),
  held_by_rounding: z.number().int().describe('Items whose rounded price would not move today (rate smaller than a step of the ending)'),
  already_dropped_that_day: z.number().int().describe('Listed items a run already lowered that day: never lowered twice'),
  changes: z.array(ChangeSchema),
  changes_truncated: z.boolean(),
}).meta({ id: 'PriceDropRun' });

const RunRowSchema = z.object({
  id: z.string(), day: z.string(), trigger: z.string(), considered: z.number(), dropped: z.number(), reached_floor: z.number(),
  started_at: z.string(), finished_at: z.string(), settings: z.record(z.string(), z.unknown()),
});

export function dropsRoutes(app: FastifyInstance, priceDrops: PriceDropService, scheduler: Scheduler) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['pricing'];
  const limit = z.coerce.number().int().min(0).max(1000).default(100).describe('How many changes to list (the counters cover them all)');

  r.get('/pricing/preview', {
    schema: {
      tags, summary: 'What the next scheduled price drop will change',
      description: 'Computed exactly as the run computes it, for the day of the next scheduled run; writes nothing.',
      querystring: z.object({ limit }), response: { 200: RunResultSchema },
    },
  }, async (req) => priceDrops.preview(new Date(), req.query.limit));

  r.post('/pricing/run', {
    schema: {
      tags, summary: 'Run the price drop now',
      description: 'Lowers every listed item with auto-drop on by its rate, never below its floor, a batch at a time (each batch commits with its price history). '
        + 'At most once per item and calendar day: a second run the same day (manual, restart, another process, a run stopped midway) considers only items no run looked at that day, '
        + 'or changed since (every item not yet lowered when the drop settings changed since that day\'s run). '
        + '`dry_run: true` answers what it would do and writes nothing.',
      // dry_run is required: a real run is asked for with an explicit `false`, never by an empty POST.
      body: z.object({ dry_run: z.boolean(), limit: z.number().int().min(0).max(1000).optional() }).strict()
        .transform((b) => ({ dry_run: b.dry_run, limit: b.limit ?? 100 })),
      response: { 200: RunResultSchema, 400: ErrorResponseSchema },
    },
  }, async (req) => priceDrops.run({ trigger: 'manual', dryRun: req.body.dry_run, limit: req.body.limit }));

  r.get('/pricing/runs', {
    schema: {
      tags, summary: 'Recent price-drop runs', querystring: z.object({ limit: z.coerce.number().int().min(1).max(200).default(30) }),
      response: { 200: z.object({ runs: z.array(RunRowSchema), next_run: z.string().nullable() }) },
    },
  }, async (req) => ({
    runs: (await priceDrops.recentRuns(req.query.limit)).map((row) => ({ ...row, settings: JSON.parse(row.settings) })),
    next_run: scheduler.armed().find((a) => a.name === 'pricing.drop')?.next_run ?? null,
  }));

  r.post('/pricing/simulate', {
    schema: {
      tags, summary: 'Simulate daily drops of one price',
      description: 'Day 0 is the initial price; each later day applies the drop, rounded, clamped at `min_price` (and 1 €).',
      body: z.object({ initial_price: euros, min_price: euros.default(1), rate, days, rounding }).strict()
        .meta({ example: { initial_price: 50, min_price: 30, rate: 0.05, days: 30, rounding: 'cents' } }),
      response: { 200: z.array(PointSchema), 400: ErrorResponseSchema },
    },
  }, async (req) => {
    const b = req.body;
    if (b.min_price > b.initial_price) throw badRequest('min_above_initial', 'min_price is above initial_price: there is nothing to drop', { min_price: b.min_price, initial_price: b.initial_price });
    return simulateDrops(toCents(b.initial_price), toCents(b.min_price), b.rate, b.days, b.rounding);
  });

  r.post('/simulate', {
    schema: {
      tags, summary: 'Simulate several starting prices at once (one trajectory each)',
      description: 'A price already at or under `min_price` stays where it is (`at_floor` from day 0).',
      body: z.object({ initial_prices: z.array(euros).min(1).max(100), min_price: euros.default(1), rate, days, rounding }).strict()
        .meta({ example: { initial_prices: [20, 50, 120], min_price: 10, rate: 0.05, days: 30 } }),
      response: { 200: z.array(z.object({ initial_price: z.number(), trajectory: z.array(PointSchema) })), 400: ErrorResponseSchema },
    },
  }, async (req) => req.body.initial_prices.map((p) => ({
    initial_price: p,
    trajectory: simulateDrops(toCents(p), toCents(req.body.min_price), req.body.rate, req.body.days, req.body.rounding),
  })));

  r.get('/settings/pricing', {
    schema: { tags: ['settings'], summary: 'Seller-wide price-drop defaults', response: { 200: PricingSettingsSchema } },
  }, async () => priceDrops.settings.get());

  r.patch('/settings/pricing', {
    schema: {
      tags: ['settings'], summary: 'Change the price-drop defaults',
      description: 'Per-item overrides (`auto_drop`, `drop_rate`, `floor`) go through PATCH /listings/{id}.',
      body: UpdatePricingSettingsSchema, response: { 200: PricingSettingsSchema, 400: ErrorResponseSchema },
    },
  }, async (req) => priceDrops.settings.update(req.body));
}
