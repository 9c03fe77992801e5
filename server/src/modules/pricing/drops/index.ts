import type { AppModule } from '../../module.ts';
import { pricingSettingsStore } from './drop-settings.ts';
import { dropsRoutes } from './drops.routes.ts';
import { PriceDropService } from './drops.service.ts';
import { dropsDb } from './drops.tables.ts';

declare module '../../../context.ts' {
  interface AppContext {
    priceDrops: PriceDropService;
  }
}

export const CATCH_UP_JOB = 'pricing.drop_catch_up';

export const priceDropsModule: AppModule = {
  name: 'price-drops',
  async setup(ctx) {
    const cron = ctx.config.PRICE_DROP_CRON;
    ctx.priceDrops = new PriceDropService(dropsDb(ctx.db), ctx.events, ctx.log.child({ component: 'price-drops' }), pricingSettingsStore(ctx.db), {
      cron, timeZone: ctx.config.TZ,
    });
    ctx.jobs.register(CATCH_UP_JOB, async () => ctx.priceDrops.scheduled('catch_up'));
    if (cron === 'off') return;
    ctx.scheduler.add({ name: 'pricing.drop', cron, run: async () => void (await ctx.priceDrops.scheduled('schedule')) });
    // Queued, not run here: the job runner only starts in `serve` and `worker`, so a one-shot command (migrate,
    // import-legacy) never lowers prices; the queued row waits for the next start.
    if (await ctx.priceDrops.catchUpNeeded()) await ctx.jobs.enqueue(CATCH_UP_JOB, { reason: 'missed scheduled run' });
  },
  routes: dropsRoutes,
};
