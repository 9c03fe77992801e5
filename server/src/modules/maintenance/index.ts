import type { AppModule } from '../module.ts';
import { purgeSettingsStore } from './maintenance-settings.ts';
import { maintenanceRoutes } from './maintenance.routes.ts';
import { PurgeService } from './purge.service.ts';

declare module '../../context.ts' {
  interface AppContext {
    purge: PurgeService;
  }
}

export const maintenanceModule: AppModule = {
  name: 'maintenance',
  setup(ctx) {
    ctx.purge = new PurgeService(ctx, purgeSettingsStore(ctx.db), ctx.log.child({ component: 'purge' }));
    if (ctx.config.PURGE_CRON !== 'off') {
      ctx.scheduler.add({ name: 'maintenance.purge', cron: ctx.config.PURGE_CRON, run: async () => void (await ctx.purge.run()) });
    }
  },
  routes: maintenanceRoutes,
};
