import type { Kysely } from 'kysely';
import type { Database } from '../../../platform/db/schema.ts';

// Row type of the seller's memory (migration 0013-seller-memory), kept beside the module that owns it.
export interface SellerMemoryTable {
  id: string;
  owner: string;
  item_id: string;
  photo_id: string;
  /** How `vector` was computed (memory-vector.ts MEMORY_SPACE). */
  space: string;
  /** base64 of MEMORY_DIMS little-endian float32s. */
  vector: string;
  category: string | null;
  colour: string | null;
  seen_colour: string | null;
  brand: string | null;
  /** What confirmed it: seller (an edit), published, sold. */
  confirmed_by: string;
  created_at: string;
}

// A type alias, not an interface: Kysely's withTables wants an index-compatible record.
export type SellerMemoryTables = { seller_memory: SellerMemoryTable };
export type SellerMemoryDb = Kysely<Database & SellerMemoryTables>;
export const sellerMemoryDb = (db: Kysely<Database>) => db as unknown as SellerMemoryDb;
