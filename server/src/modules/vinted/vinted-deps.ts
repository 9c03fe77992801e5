import type { Logger } from 'pino';
import type { Config } from '../../config.ts';
import type { EventBus } from '../../platform/events.ts';
import type { SecretBox } from '../../platform/security/secret-box.ts';
import type { ListingsService } from '../listings/index.ts';
import type { BrowserPool } from './browser/browser-pool.ts';
import type { IdempotencyStore } from './idempotency.ts';
import type { PaceGuard } from './pace-guard.ts';
import type { PhotoFiles } from './photo-files.ts';
import type { PreparedRepository } from './prepared.repository.ts';
import type { PublishLogRepository } from './publish-log.repository.ts';
import type { QueueRepository } from './queue.repository.ts';
import type { SessionVault } from './session-vault.ts';
import type { VintedSettingsStore } from './vinted-settings.ts';
import type { VintedDb } from './vinted.tables.ts';
import type { WriteLock } from './write-lock.ts';

/** What the connector's services share, built once in the module's factory. */
export interface VintedDeps {
  config: Config;
  log: Logger;
  events: EventBus;
  /** The connector's tables, for its repositories (and tests that look at them); services go through those. */
  db: VintedDb;
  box: SecretBox;
  vault: SessionVault;
  settings: VintedSettingsStore;
  guard: PaceGuard;
  lock: WriteLock;
  publishLog: PublishLogRepository;
  idempotency: IdempotencyStore;
  prepared: PreparedRepository;
  queueRows: QueueRepository;
  photos: PhotoFiles;
  pool: BrowserPool;
  listings: ListingsService;
}

