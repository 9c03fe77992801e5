import type { AppContext } from '../../context.ts';
import type { PublicationService } from './publication.service.ts';
import type { PublishQueue } from './publish-queue.ts';
import type { SessionAuth } from './session-auth.ts';
import type { VintedDeps } from './vinted-deps.ts';

// What the module adds to the app context.
export interface VintedConnector {
  deps: VintedDeps;
  auth: SessionAuth;
  publication: PublicationService;
  queue: PublishQueue;
}

// Optional on the type: the context is built before the modules' setup runs; after it, it is always there.
declare module '../../context.ts' {
  interface AppContext {
    vinted?: VintedConnector;
  }
}

/** The connector, once the module's setup ran. */
export function vintedOf(ctx: AppContext): VintedConnector {
  if (!ctx.vinted) throw new Error('the vinted module is not set up');
  return ctx.vinted;
}
