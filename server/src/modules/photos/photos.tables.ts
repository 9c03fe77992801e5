import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../platform/db/schema.ts';

// Row type of the hash-band index (migration 0002-photos-duplicates), kept beside the module that writes it.
export interface PhotoHashBandsTable {
  band: number; // 0..3, the 16-bit slice of the hash
  value: number; // 0..65535
  photo_id: string;
  phash: string;
  colour_sig: string; // 96 hex characters, see colour-signature.ts
}

export interface PhotosDatabase extends Database {
  photo_hash_bands: PhotoHashBandsTable;
}

export type PhotosDb = Kysely<PhotosDatabase> | Transaction<PhotosDatabase>;
export const photosDb = (db: Kysely<Database>) => db as unknown as Kysely<PhotosDatabase>;
