// Pricing: the price suggestion (rules, base prices) and the nightly automatic price drops with their settings
// and run records. Owns the `price_drop_runs` and `price_drop_days` tables and the `pricing.drops` setting; the
// items' prices themselves are written by listings.
//
// Public surface: everything another module or the app may use is exported here, nothing else is imported from
// this folder from outside it.
import type { FastifyInstance } from 'fastify';
import type { Platform } from '../../platform/platform.ts';
import type { SalesHistory } from '../analytics/index.ts';
import type { ListingsService } from '../listings/index.ts';
import { defineModule } from '../../platform/modules/module.ts';
import { pricingSettingsStore } from './drops/drop-settings.ts';
import { DropsRepository } from './drops/drops.repository.ts';
import { dropsRoutes } from './drops/drops.routes.ts';
import { PriceDropService } from './drops/drops.service.ts';
import { PriceModelRepository } from './model/price-model.repository.ts';
import { priceModelRoutes } from './model/price-model.routes.ts';
import { PriceModelService } from './model/price-model.service.ts';
import { parsePriceRules } from './price-rules.ts';
import { LOCAL_OWNER_ID, ownerScope } from '../../platform/security/owner-scope.ts';
import { pricingOwnerData } from './pricing-owner-data.repository.ts';

export { type PricingSettings } from './drops/drop-settings.ts';
export { type DropRunResult, type DropTrigger, PriceDropService } from './drops/drops.service.ts';
export { DEFAULT_PRICE_RULES, parsePriceRules, type PriceRules, PriceRulesError, PriceRulesSchema } from './price-rules.ts';
export { type LearnedPrices, type PriceInput, type PriceSuggestion, suggestPrice } from './price-suggestion.ts';
export { type PriceModelStatus, PriceModelService } from './model/price-model.service.ts';

/** The job that retrains the price model learned from the seller's sales (nightly, PRICE_MODEL_CRON). */
export const PRICE_MODEL_JOB = 'pricing.model_train';

/** The job that makes up a scheduled run missed while the app was off. */
export const CATCH_UP_JOB = 'pricing.drop_catch_up';

export const pricingModule = defineModule({
  name: 'price-drops',
  needs: ['listings', 'salesHistory'],
  provides: ['priceDrops', 'priceModel'],
  async create(platform: Platform, deps: { listings: ListingsService; salesHistory: SalesHistory }) {
    platform.ownerData.register(pricingOwnerData());
    const cron = platform.config.PRICE_DROP_CRON;
    const priceDrops = new PriceDropService(new DropsRepository(platform.db, platform.config.AUTH_MODE === 'accounts'), deps.listings, platform.log.child({ component: 'price-drops' }), pricingSettingsStore(platform.db), {
      cron, timeZone: platform.config.TZ,
    });
    // Each item of the stock routes shows what the drop will do with it, decided here (listings cannot import pricing).
    deps.listings.planDropsWith((items) => priceDrops.planItems(items));
    platform.jobs.register(CATCH_UP_JOB, async () => priceDrops.scheduled('catch_up'));
    if (cron !== 'off') {
      platform.scheduler.add({ name: 'pricing.drop', cron, run: async () => void (await priceDrops.scheduled('schedule')) });
      // Queued, not run here: the job runner only starts in `serve` and `worker`, so a one-shot command (migrate,
      // import-legacy) never lowers prices; the queued row waits for the next start.
      // The run log is per owner (price_drop_runs is owned): the start-up catch-up looks at, and is queued for, the single
      // seller's runs, as the price model below loads theirs; other owners' runs follow the schedule.
      await ownerScope.run(LOCAL_OWNER_ID, async () => {
        if (await priceDrops.catchUpNeeded()) await platform.jobs.enqueue(CATCH_UP_JOB, { reason: 'missed scheduled run' });
      });
    }
    // The price model learned from the seller's sales (issue 18 point 6). PRICE_RULES_JSON was checked by analysis's
    // settings already (one parser): the model corrects the same table the suggestion uses.
    const priceModel = new PriceModelService({
      repo: new PriceModelRepository(platform.db), sales: deps.salesHistory, rules: parsePriceRules(platform.config.PRICE_RULES_JSON),
      log: platform.log.child({ component: 'price-model' }),
    });
    // The single seller's model is ready from the start; another owner's loads on first use.
    await ownerScope.run(LOCAL_OWNER_ID, () => priceModel.load());
    platform.jobs.register(PRICE_MODEL_JOB, async () => void (await priceModel.train('schedule')));
    if (platform.config.PRICE_MODEL_CRON !== 'off') {
      platform.scheduler.add({ name: 'pricing.model', cron: platform.config.PRICE_MODEL_CRON, run: async () => void (await priceModel.train('schedule')) });
    }
    return {
      services: { priceDrops, priceModel },
      routes: (app: FastifyInstance) => {
        dropsRoutes(app, priceDrops, platform.scheduler);
        priceModelRoutes(app, priceModel);
      },
    };
  },
});
