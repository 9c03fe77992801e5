import type { PublicationService } from './publication.service.ts';
import type { PublishQueue } from './publish-queue.ts';
import type { SessionAuth } from './session-auth.ts';
import type { VintedAdminService } from './vinted-admin.service.ts';
import type { VintedDeps } from './vinted-deps.ts';

/** The connector's service (`vinted`), as other modules (bulk), its routes and tests use it. */
export interface VintedConnector {
  deps: VintedDeps;
  auth: SessionAuth;
  admin: VintedAdminService;
  publication: PublicationService;
  queue: PublishQueue;
}
