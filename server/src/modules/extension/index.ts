// The browser extension's server side (issue 17): pairing (one-time codes, scoped tokens stored hashed, revocation)
// and the routes the paired extension calls from the seller's own Vinted tab. Owns the `extension_*` tables.
// Provides `extension` (its pairing service and the perimeter's ExtensionAccess); needs `listings` (the drafts it
// fills, the items it marks listed or relists), `photos` (their files), `orders` (the sales it brings back) and `duplicates` (matching an imported wardrobe).
//
// Public surface: everything another module or the app may use is exported here, nothing else is imported from
// this folder from outside it.
import type { FastifyInstance } from 'fastify';
import type { Platform } from '../../platform/platform.ts';
import { defineModule } from '../../platform/modules/module.ts';
import type { ExtensionAccess } from '../../platform/security/extension-access.ts';
import type { DuplicatesService } from '../duplicates/index.ts';
import type { ListingsService } from '../listings/index.ts';
import type { OrdersService } from '../orders/index.ts';
import type { PhotosService } from '../photos/index.ts';
import type { VintedConnector } from '../vinted/index.ts';
import { extensionDataRoutes } from './extension-data.routes.ts';
import { ExtensionDraftsService } from './extension-drafts.service.ts';
import { ExtensionGate } from './extension-gate.ts';
import { ExtensionPricesService } from './extension-prices.service.ts';
import { extensionRelistRoutes } from './extension-relist.routes.ts';
import { ExtensionRelistService } from './extension-relist.service.ts';
import { ExtensionSalesService } from './extension-sales.service.ts';
import { ExtensionWardrobeService } from './extension-wardrobe.service.ts';
import { extensionDb } from './extension.tables.ts';
import { pairingRoutes } from './extension.routes.ts';
import { PairingRepository } from './pairing.repository.ts';
import { PairingService } from './pairing.service.ts';
import { extensionOwnerData } from './extension-owner-data.repository.ts';

export { EXTENSION_SCOPES, type ExtensionScope, PAIRING_CODE_TTL_MS } from './pairing.service.ts';

export interface ExtensionServices {
  pairing: PairingService;
  /** For the perimeter (app.ts): which requests are the paired extension's. */
  access: ExtensionAccess;
}

export const extensionModule = defineModule({
  name: 'extension',
  needs: ['listings', 'photos', 'orders', 'duplicates', 'vinted'],
  provides: ['extension'],
  create(platform: Platform, deps: { listings: ListingsService; photos: PhotosService; orders: OrdersService; duplicates: DuplicatesService; vinted: VintedConnector }) {
    platform.ownerData.register(extensionOwnerData());
    // A pairing ties the extension to the Vinted account active when the code was asked for (issue 20 point 4).
    const pairing = new PairingService(new PairingRepository(extensionDb(platform.db)), () => deps.vinted.accounts.activeId());
    const gate = new ExtensionGate(pairing);
    const drafts = new ExtensionDraftsService(deps.listings, deps.photos);
    const sales = new ExtensionSalesService(deps.listings, deps.orders);
    const wardrobe = new ExtensionWardrobeService(deps.listings, deps.photos, deps.duplicates);
    const prices = new ExtensionPricesService(deps.listings);
    const relist = new ExtensionRelistService(deps.listings, deps.photos, drafts);
    const extension: ExtensionServices = { pairing, access: gate };
    return {
      services: { extension },
      routes: (app: FastifyInstance) => {
        pairingRoutes(app, pairing);
        extensionDataRoutes(app, gate, drafts, sales, wardrobe, prices);
        extensionRelistRoutes(app, gate, relist);
      },
    };
  },
});
