// Pricing: the price suggestion (rules, base prices) and the nightly automatic price drops with their settings
// and run records. Owns the `price_drop_runs` and `price_drop_days` tables and the `pricing.drops` setting; the
// items' prices themselves are written by listings.
//
// Public surface: everything another module or the app may use is exported here, nothing else is imported from
// this folder from outside it.
import type { FastifyInstance } from 'fastify';
import type { Platform } from '../../platform/platform.ts';
import type { ListingsService } from '../listings/index.ts';
import { defineModule } from '../../platform/modules/module.ts';
import { pricingSettingsStore } from './drops/drop-settings.ts';
import { DropsRepository } from './drops/drops.repository.ts';
import { dropsRoutes } from './drops/drops.routes.ts';
import { PriceDropService } from './drops/drops.service.ts';

export { type PricingSettings } from './drops/drop-settings.ts';
export { type DropRunResult, type DropTrigger, PriceDropService } from './drops/drops.service.ts';
export { DEFAULT_PRICE_RULES, parsePriceRules, type PriceRules, PriceRulesError, PriceRulesSchema } from './price-rules.ts';
export { type PriceInput, type PriceSuggestion, suggestPrice } from './price-suggestion.ts';

/** The job that makes up a scheduled run missed while the app was off. */
export const CATCH_UP_JOB = 'pricing.drop_catch_up';

export const pricingModule = defineModule({
  name: 'price-drops',
  needs: ['listings'],
  provides: ['priceDrops'],
  async create(platform: Platform, deps: { listings: ListingsService }) {
    const cron = platform.config.PRICE_DROP_CRON;
    const priceDrops = new PriceDropService(new DropsRepository(platform.db), deps.listings, platform.log.child({ component: 'price-drops' }), pricingSettingsStore(platform.db), {
      cron, timeZone: platform.config.TZ,
    });
    platform.jobs.register(CATCH_UP_JOB, async () => priceDrops.scheduled('catch_up'));
    if (cron !== 'off') {
      platform.scheduler.add({ name: 'pricing.drop', cron, run: async () => void (await priceDrops.scheduled('schedule')) });
      // Queued, not run here: the job runner only starts in `serve` and `worker`, so a one-shot command (migrate,
      // import-legacy) never lowers prices; the queued row waits for the next start.
      if (await priceDrops.catchUpNeeded()) await platform.jobs.enqueue(CATCH_UP_JOB, { reason: 'missed scheduled run' });
    }
    return { services: { priceDrops }, routes: (app: FastifyInstance) => dropsRoutes(app, priceDrops, platform.scheduler) };
  },
});
