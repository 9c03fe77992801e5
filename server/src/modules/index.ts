import { analysisModule } from './analysis/index.ts';
import { bulkModule } from './bulk/index.ts';
import { duplicatesModule } from './duplicates/index.ts';
import { filesModule } from './files/index.ts';
import { insightsModule } from './insights/index.ts';
import { listingsModule } from './listings/index.ts';
import { maintenanceModule } from './maintenance/index.ts';
import type { LegacyEntry } from '../context.ts';
import type { AnyModule, AppModule } from './module.ts';
import { notificationsModule } from './notifications/index.ts';
import { photosModule } from './photos/index.ts';
import { priceDropsModule } from './pricing/drops/index.ts';
import { vintedModule } from './vinted/index.ts';
import { webModule } from './web/index.ts';

// TRANSITION: an older-shape module with the services it adds to the context.
const legacy = (m: AppModule, ...provides: string[]): LegacyEntry => ({ legacy: m, provides });

// Every feature module. Start-up orders them by what they need; a new module is one line here.
export const MODULES: readonly (AnyModule | LegacyEntry)[] = [
  legacy(notificationsModule),
  legacy(insightsModule),
  listingsModule,
  legacy(photosModule, 'photos'),
  legacy(duplicatesModule, 'duplicates'),
  legacy(analysisModule, 'analysis', 'ingest'),
  legacy(vintedModule, 'vinted'),
  legacy(priceDropsModule, 'priceDrops'),
  legacy(maintenanceModule, 'purge'),
  legacy(filesModule),
  legacy(bulkModule, 'bulk'),
  legacy(webModule, 'web'),
];
