import type { Kysely } from 'kysely';
import type { Database } from '../../platform/db/schema.ts';

// Row types of the extension's tables (migration 0012-extension), kept beside the module.
export interface ExtensionPairingCodeTable {
  /** Who asked for the code (migration 0019), set and filtered by the owner scope: the extension pairs to them. */
  owner_id?: string;
  id: string;
  code_hash: string;
  created_at: string;
  expires_at: string;
  used_at: string | null;
  failed_attempts: number;
  /** The Vinted account active when the code was asked for (migration 0023): the extension pairs to it. */
  account_id?: string | null;
}

export interface ExtensionTokenTable {
  /** Whose extension it is (migration 0019): its requests run in this owner's scope. Set by the owner scope. */
  owner_id?: string;
  id: string;
  token_hash: string;
  name: string;
  scopes: string; // JSON string[]
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
  /** The Vinted account the extension acts for (migration 0023), the one active at pairing time. */
  account_id?: string | null;
}

// A type alias, not an interface: Kysely's withTables wants an index-compatible record.
export type ExtensionTables = {
  extension_pairing_codes: ExtensionPairingCodeTable;
  extension_tokens: ExtensionTokenTable;
};

export type ExtensionDb = Kysely<Database & ExtensionTables>;
export const extensionDb = (db: Kysely<Database>): ExtensionDb => db.withTables<ExtensionTables>();
