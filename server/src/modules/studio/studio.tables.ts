import type { Kysely } from 'kysely';
import type { Database } from '../../platform/db/schema.ts';

// Row type of the photo edits (migration 0017-photo-edits), kept beside the module that owns it.
export interface PhotoEditsTable {
  photo_id: string;
  item_id: string;
  /** The canonical parameters (edit-params.ts canonical()), as JSON of the full EditParams. */
  params: string;
  /** SHA-256 of the canonical parameters: part of every cached derivative's name. */
  params_key: string;
  updated_at: string;
}

export type StudioTables = { photo_edits: PhotoEditsTable };
export type StudioDb = Kysely<Database & StudioTables>;
export const studioDb = (db: Kysely<Database>) => db as unknown as StudioDb;
