import { type Kysely, type Migration, type MigrationProvider, Migrator } from 'kysely';
import * as m0001 from './migrations/0001-init.ts';
import * as m0002 from './migrations/0002-photos-duplicates.ts';
import * as m0003 from './migrations/0003-vinted.ts';
import * as m0004 from './migrations/0004-pricing-files.ts';
import * as m0005 from './migrations/0005-bulk.ts';
import * as m0006 from './migrations/0006-recommendation-indexes.ts';
import * as m0007 from './migrations/0007-item-gender.ts';
import * as m0008 from './migrations/0008-auto-drop-chosen.ts';
import * as m0009 from './migrations/0009-vinted-live-price.ts';
import * as m0011 from './migrations/0011-back-office.ts';
import * as m0010 from './migrations/0010-orders.ts';
import * as m0012 from './migrations/0012-extension.ts';
import * as m0013 from './migrations/0013-seller-memory.ts';
import * as m0014 from './migrations/0014-scale-indexes.ts';
import * as m0015 from './migrations/0015-drop-checks.ts';
import * as m0016 from './migrations/0016-storage-tiers.ts';
import * as m0017 from './migrations/0017-photo-edits.ts';
import * as m0018 from './migrations/0018-price-models.ts';
import * as m0019 from './migrations/0019-owners.ts';
import * as m0020 from './migrations/0020-accounts.ts';
import * as m0021 from './migrations/0021-quotas.ts';
import * as m0022 from './migrations/0022-photos-sha-per-owner.ts';
import * as m0023 from './migrations/0023-vinted-accounts.ts';
import * as m0024 from './migrations/0024-billing.ts';
import * as m0025 from './migrations/0025-photo-embeddings.ts';
import * as m0026 from './migrations/0026-seller-memory-colour.ts';
import * as m0028 from './migrations/0028-external-identities.ts';
import * as m0029 from './migrations/0029-photo-embedding-sketches.ts';
import * as m0030 from './migrations/0030-users-password-set.ts';
import * as m0031 from './migrations/0031-seller-memory-record.ts';
import * as m0032 from './migrations/0032-order-cost-known.ts';

// Migrations are listed here rather than read from a folder, so they work the same under tsx, tests and bundlers.
export const MIGRATIONS: Record<string, Migration> = {
  '0001-init': m0001,
  '0002-photos-duplicates': m0002,
  '0003-vinted': m0003,
  '0004-pricing-files': m0004,
  '0005-bulk': m0005,
  '0006-recommendation-indexes': m0006,
  '0007-item-gender': m0007,
  '0008-auto-drop-chosen': m0008,
  '0009-vinted-live-price': m0009,
  '0011-back-office': m0011,
  '0010-orders': m0010,
  '0012-extension': m0012,
  '0013-seller-memory': m0013,
  '0014-scale-indexes': m0014,
  '0015-drop-checks': m0015,
  '0016-storage-tiers': m0016,
  '0017-photo-edits': m0017,
  '0018-price-models': m0018,
  '0019-owners': m0019,
  '0020-accounts': m0020,
  '0021-quotas': m0021,
  '0022-photos-sha-per-owner': m0022,
  '0023-vinted-accounts': m0023,
  '0024-billing': m0024,
  '0025-photo-embeddings': m0025,
  '0026-seller-memory-colour': m0026,
  '0028-external-identities': m0028,
  '0029-photo-embedding-sketches': m0029,
  '0030-users-password-set': m0030,
  '0031-seller-memory-record': m0031,
  '0032-order-cost-known': m0032,
};

class StaticProvider implements MigrationProvider {
  async getMigrations() {
    return MIGRATIONS;
  }
}

/** `schema`: the PostgreSQL schema in use; without it Kysely may see another schema's migration table. */
export async function migrateToLatest(db: Kysely<any>, schema?: string): Promise<string[]> {
  const migrator = new Migrator({ db, provider: new StaticProvider(), allowUnorderedMigrations: true, ...(schema ? { migrationTableSchema: schema } : {}) });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
