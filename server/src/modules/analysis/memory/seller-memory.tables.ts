import type { Kysely } from 'kysely';
import type { Database } from '../../../platform/db/schema.ts';

// Row types of the seller's memory (migrations 0013-seller-memory, 0026-seller-memory-colour, 0031-seller-memory-record), kept beside the module that owns it.
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
  /** The garment's measured main colour, "L a b" (photos' garmentLab; migration 0026), null if none. */
  colour_lab: string | null;
  brand: string | null;
  /** This photo's part of the memory's record (migration 0031; memory-index.ts MemoryRecord). */
  memory_won: number;
  generic_won: number;
  /** What confirmed it: seller (an edit), published, sold. */
  confirmed_by: string;
  created_at: string;
}

/** One counter per owner, raised by every write to their memory (migration 0026): other processes reload on a change. */
export interface SellerMemoryVersionTable { owner: string; version: number }

// A type alias, not an interface: Kysely's withTables wants an index-compatible record.
export type SellerMemoryTables = { seller_memory: SellerMemoryTable; seller_memory_versions: SellerMemoryVersionTable };
export type SellerMemoryDb = Kysely<Database & SellerMemoryTables>;
export const sellerMemoryDb = (db: Kysely<Database>) => db as unknown as SellerMemoryDb;
