// The stock: items, their statuses, price history and edits. Owns the `items` and `price_history` tables.
//
// Public surface: everything another module or the app may use is exported here, nothing else is imported from
// this folder from outside it.
import type { Platform } from '../../platform/platform.ts';
import { defineModule } from '../module.ts';
import { ListingsRepository } from './listings.repository.ts';
import { listingsRoutes } from './listings.routes.ts';
import { ListingsService } from './listings.service.ts';

export { ListingsService } from './listings.service.ts';

export const listingsModule = defineModule({
  name: 'listings',
  needs: [],
  provides: ['listings'],
  create(platform: Platform, _deps: Record<never, never>) {
    const listings = new ListingsService(new ListingsRepository(platform.db), platform.events);
    return { services: { listings }, routes: (app) => listingsRoutes(app, listings) };
  },
});
