import { accountsModule } from './modules/accounts/index.ts';
import { analysisModule } from './modules/analysis/index.ts';
import { analyticsModule } from './modules/analytics/index.ts';
import { billingModule } from './modules/billing/index.ts';
import { bulkModule } from './modules/bulk/index.ts';
import { bulkEditModule } from './modules/bulk-edit/index.ts';
import { duplicatesModule } from './modules/duplicates/index.ts';
import { extensionModule } from './modules/extension/index.ts';
import { filesModule } from './modules/files/index.ts';
import { historyModule } from './modules/history/index.ts';
import { insightsModule } from './modules/insights/index.ts';
import { listingsModule } from './modules/listings/index.ts';
import { maintenanceModule } from './modules/maintenance/index.ts';
import { notificationsModule } from './modules/notifications/index.ts';
import { ordersModule } from './modules/orders/index.ts';
import { photosModule } from './modules/photos/index.ts';
import { quotasModule } from './modules/quotas/index.ts';
import { pricingModule } from './modules/pricing/index.ts';
import { storageModule } from './modules/storage/index.ts';
import { studioModule } from './modules/studio/index.ts';
import { templatesModule } from './modules/templates/index.ts';
import { vintedModule } from './modules/vinted/index.ts';
import { webModule } from './modules/web/index.ts';
import { webhooksModule } from './modules/webhooks/index.ts';
import type { ServicesOf } from './platform/modules/module.ts';

// The composition root: every feature module, once. Start-up builds them in the order of what they need
// (platform/modules/build-modules.ts) and fails naming a missing service; routes register in this order, so
// the API docs keep their order. A new module is one line here.
export const MODULES = [
  accountsModule,
  quotasModule,
  billingModule,
  notificationsModule,
  insightsModule,
  listingsModule,
  ordersModule,
  analyticsModule,
  photosModule,
  duplicatesModule,
  analysisModule,
  vintedModule,
  extensionModule,
  pricingModule,
  maintenanceModule,
  filesModule,
  bulkModule,
  webhooksModule,
  historyModule,
  templatesModule,
  bulkEditModule,
  storageModule,
  studioModule,
  webModule,
] as const;

type UnionToIntersection<U> = (U extends unknown ? (x: U) => void : never) extends (x: infer I) => void ? I : never;

/** Every service the modules provide, by name (what `ctx.photos`, `ctx.listings`… are in tests and commands). */
export type AppServices = UnionToIntersection<ServicesOf<(typeof MODULES)[number]>>;
