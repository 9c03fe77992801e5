// Quotas (issue 20 point 6, AUTH_MODE=accounts): per-user limits the admin sets (listings created per month, LLM
// analyses per month, photo storage, Vinted accounts), counted where the thing is created and refused with 402
// `quota_exceeded`. Owns the tables `user_quotas` and `quota_usage`. Provides `quotas` (QuotasService): listings,
// analysis, photos and vinted (its accounts) spend or check through it; photos says how to measure storage. In single-seller mode there
// are no quotas and its routes answer as unknown addresses.
//
// Public surface: everything another module or the app may use is exported here, nothing else is imported from
// this folder from outside it.
import type { FastifyInstance } from 'fastify';
import { defineModule } from '../../platform/modules/module.ts';
import type { Platform } from '../../platform/platform.ts';
import type { AccountsServices } from '../accounts/index.ts';
import type { AnalysisService } from '../analysis/index.ts';
import type { ListingsService } from '../listings/index.ts';
import type { PhotosService } from '../photos/index.ts';
import type { VintedConnector } from '../vinted/index.ts';
import { QuotasRepository } from './quotas.repository.ts';
import { quotasRoutes } from './quotas.routes.ts';
import { QuotasService } from './quotas.service.ts';
import { quotasDb } from './quotas.tables.ts';
import { quotasOwnerData } from './quotas-owner-data.repository.ts';

export { QUOTA_HEADER, QUOTA_METRICS, type QuotaLimits, type QuotaMetric, type QuotasService } from './quotas.service.ts';

export const quotasModule = defineModule({
  name: 'quotas',
  needs: ['accounts', 'listings', 'photos', 'analysis', 'vinted'],
  provides: ['quotas'],
  create(platform: Platform, deps: { accounts: AccountsServices; listings: ListingsService; photos: PhotosService; analysis: AnalysisService; vinted: VintedConnector }) {
    platform.ownerData.register(quotasOwnerData());
    const enabled = platform.config.AUTH_MODE === 'accounts';
    const quotas = new QuotasService(new QuotasRepository(quotasDb(platform.db)), enabled);
    // Each thing is counted where it is created, in the module that creates it (as the sales ledger registers with
    // the stock): every path that creates an item goes through the stock's create/createMany, every LLM call through
    // the analysis service, every photo through the photos service's ingest. Single-seller mode registers nothing.
    if (enabled) {
      deps.listings.useItemQuota({ spend: (n, t) => quotas.spend('listings', n, t), check: (n) => quotas.check('listings', n) });
      deps.analysis.useLlmQuota({ spend: () => quotas.spend('analyses', 1), check: () => quotas.check('analyses', 1) });
      deps.photos.useStorageQuota({ assertRoom: (bytes) => quotas.assertRoom('storage_bytes', bytes) });
      quotas.measure('storage_bytes', () => deps.photos.bytesUsed());
      // Vinted accounts are a level: how many the user has now; adding one asks for room first.
      deps.vinted.accounts.useAccountQuota({ assertRoom: (n) => quotas.assertRoom('vinted_accounts', n) });
      quotas.measure('vinted_accounts', () => deps.vinted.accounts.count());
    }
    return {
      services: { quotas },
      routes: (app: FastifyInstance) => quotasRoutes(app, quotas, deps.accounts.service),
    };
  },
});
