import type { AppModule } from '../module.ts';
import { listingsRoutes } from './listings.routes.ts';

export const listingsModule: AppModule = { name: 'listings', routes: listingsRoutes };
