import type { Kysely } from 'kysely';
import type { Database } from '../../platform/db/schema.ts';

// Row types of the accounts tables (migration 0020-accounts), kept beside the module. Platform records, not a
// seller's data: they carry no owner.
export interface UsersTable {
  id: string;
  email: string;
  name: string;
  password_hash: string;
  /** 1 once the person chose a password; 0 for an account made through Google (its hash is of a random secret). */
  password_set: number;
  role: string; // 'admin' | 'user'
  suspended_at: string | null;
  created_at: string;
  updated_at: string;
  last_seen_at: string | null;
}

export interface AuthSessionsTable {
  id: string;
  user_id: string;
  token_hash: string;
  previous_hash: string | null;
  previous_until: string | null;
  created_at: string;
  rotated_at: string;
  last_seen_at: string;
  expires_at: string;
  /** The browser as it named itself (User-Agent, cut to 200 characters), to tell sessions apart in the list. */
  client: string | null;
}

export interface UserApiTokensTable {
  id: string;
  user_id: string;
  name: string;
  token_hash: string;
  /** The token's last four characters, to recognise it in the list. */
  hint: string;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
}

export interface AuthLinksTable {
  id: string;
  kind: string; // 'invite' | 'reset'
  token_hash: string;
  email: string | null;
  role: string | null;
  user_id: string | null;
  created_by: string | null;
  created_at: string;
  expires_at: string;
  used_at: string | null;
}

export interface AuthThrottleTable {
  key: string;
  failures: number;
  window_start: string;
  locked_until: string | null;
}

export interface AuthSettingsTable {
  key: string;
  value: string; // JSON
  updated_at: string;
}

/** A person of an identity provider (Google) linked to an account (migration 0028-external-identities). */
export interface ExternalIdentitiesTable {
  provider: string; // 'google'
  subject: string;
  user_id: string;
  email: string;
  created_at: string;
  last_used_at: string;
}

// A type alias, not an interface: Kysely's withTables wants an index-compatible record.
export type AccountsTables = {
  users: UsersTable;
  auth_sessions: AuthSessionsTable;
  user_api_tokens: UserApiTokensTable;
  auth_links: AuthLinksTable;
  auth_throttle: AuthThrottleTable;
  auth_settings: AuthSettingsTable;
  external_identities: ExternalIdentitiesTable;
};

export type AccountsDb = Kysely<Database & AccountsTables>;
export const accountsDb = (db: Kysely<Database>): AccountsDb => db.withTables<AccountsTables>();
