import { analysisModule } from './analysis/index.ts';
import { bulkModule } from './bulk/index.ts';
import { duplicatesModule } from './duplicates/index.ts';
import { filesModule } from './files/index.ts';
import { insightsModule } from './insights/index.ts';
import { listingsModule } from './listings/index.ts';
import { maintenanceModule } from './maintenance/index.ts';
import type { AppModule } from './module.ts';
import { notificationsModule } from './notifications/index.ts';
import { photosModule } from './photos/index.ts';
import { priceDropsModule } from './pricing/drops/index.ts';
import { vintedModule } from './vinted/index.ts';
import { webModule } from './web/index.ts';

// Every feature module, in start-up order. A new module is one line here.
export const MODULES: readonly AppModule[] = [notificationsModule, insightsModule, listingsModule, photosModule, duplicatesModule, analysisModule, vintedModule, priceDropsModule, maintenanceModule, filesModule, bulkModule, webModule];
