import type { Kysely } from 'kysely';
import type { Database } from '../../platform/db/schema.ts';

// Row type of the cold tier's ledger (migration 0016-storage-tiers), kept beside the module that owns it.
export interface StorageColdPhotosTable {
  sha256: string;
  /** Bytes moved to the cold tier (the full-size files; the thumbnail stays hot). */
  bytes: number;
  moved_at: string;
}

// A type alias, not an interface: Kysely's withTables wants an index-compatible record.
export type StorageTables = { storage_cold_photos: StorageColdPhotosTable };
export type StorageDb = Kysely<Database & StorageTables>;
export const storageDb = (db: Kysely<Database>) => db as unknown as StorageDb;
