// History: every change to an item or an order, who or what made it (the seller, the price-drop job, an import, the
// extension, a bulk edit…) and the values before and after. Built from the platform's events (the stock and the
// orders emit them after each committed change), so no other module writes here. Owns the `history` table; provides
// `history` (a HistoryService). The stock's own `price_history` stays: it is the price curve, this is the log.
//
// Public surface: everything another module or the app may use is exported here, nothing else is imported from
// this folder from outside it.
import type { FastifyInstance } from 'fastify';
import type { Platform } from '../../platform/platform.ts';
import { defineModule } from '../../platform/modules/module.ts';
import type { ListingsService } from '../listings/index.ts';
import { HistoryRepository } from './history.repository.ts';
import { historyRoutes } from './history.routes.ts';
import { HistoryService } from './history.service.ts';
import { historyOwnerData } from './history-owner-data.repository.ts';

export { HISTORY_TYPES, type HistoryType } from './history-entries.ts';
export type { HistoryService } from './history.service.ts';

export const historyModule = defineModule({
  name: 'history',
  needs: ['listings'],
  provides: ['history'],
  create(platform: Platform, deps: { listings: ListingsService }) {
    platform.ownerData.register(historyOwnerData());
    const log = platform.log.child({ module: 'history' });
    const history = new HistoryService(new HistoryRepository(platform.db), deps.listings, (err) => log.error({ err }, 'could not record history entries'));
    const off = platform.events.onAny((e) => history.record(e));
    return {
      services: { history },
      routes: (app: FastifyInstance) => historyRoutes(app, history),
      stop: async () => {
        off();
        await history.flushed(); // never close the database under a write
      },
    };
  },
});
