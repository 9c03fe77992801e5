import type { PriceSync } from './price-sync.ts';
import type { PublicationService } from './publication.service.ts';
import type { PublishQueue } from './publish-queue.ts';
import type { SessionAuth } from './session-auth.ts';
import type { VintedAdminService } from './vinted-admin.service.ts';
import type { VintedAccountsService } from './vinted-accounts.service.ts';
import type { VintedDeps } from './vinted-deps.ts';

/** The connector's service (`vinted`), as other modules (bulk), its routes and tests use it. */
export interface VintedConnector {
  deps: VintedDeps;
  /** The user's Vinted accounts and the active one (issue 20 point 4). */
  accounts: VintedAccountsService;
  auth: SessionAuth;
  admin: VintedAdminService;
  publication: PublicationService;
  /** Price changes of published listings put on Vinted (the publish queue runs them too). */
  prices: PriceSync;
  queue: PublishQueue;
}
