import type { Kysely } from 'kysely';

// Accounts (issue 20, AUTH_MODE=accounts; row types in modules/accounts/accounts.tables.ts). These are the
// platform's own records, not a seller's data: no owner column, the admin sees every user. Secrets are stored as
// SHA-256 hashes only (session ids, API tokens, invite and reset links) or as argon2id hashes (passwords): reading
// the database gives nothing to log in with. The first admin's id is the single-seller owner id ('seller', see
// platform/security/owner-scope.ts), so an install that grows into several users keeps its data with its admin.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('users')
    .addColumn('id', 'text', (c) => c.primaryKey())
    // Lower-cased and trimmed: one person, one address, whatever they type.
    .addColumn('email', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('password_hash', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('suspended_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('last_seen_at', 'text')
    .execute();

  // A web-app session: the cookie holds a random token, the row its hash. Rotation replaces the hash and keeps the
  // previous one valid for a few seconds (requests already in flight with the old cookie).
  await db.schema
    .createTable('auth_sessions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('previous_hash', 'text')
    .addColumn('previous_until', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('rotated_at', 'text', (c) => c.notNull())
    .addColumn('last_seen_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('client', 'text')
    .execute();
  await db.schema.createIndex('auth_sessions_user_idx').on('auth_sessions').columns(['user_id']).execute();
  await db.schema.createIndex('auth_sessions_previous_idx').on('auth_sessions').columns(['previous_hash']).execute();

  // Per-user API tokens for scripts (`Authorization: Bearer <token>`): shown once, stored hashed, revocable.
  await db.schema
    .createTable('user_api_tokens')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('hint', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('last_used_at', 'text')
    .addColumn('revoked_at', 'text')
    .execute();
  await db.schema.createIndex('user_api_tokens_user_idx').on('user_api_tokens').columns(['user_id']).execute();

  // One-time links the admin hands over: an invitation (email and role, no user yet) or a password reset (a user).
  await db.schema
    .createTable('auth_links')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('email', 'text')
    .addColumn('role', 'text')
    .addColumn('user_id', 'text', (c) => c.references('users.id').onDelete('cascade'))
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('used_at', 'text')
    .execute();

  // Failed logins, per account (`account:<email>`) and per client address (`ip:<address>`): a count in a window
  // and, past the limit, a time before which that account or address may not try again.
  await db.schema
    .createTable('auth_throttle')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('failures', 'integer', (c) => c.notNull())
    .addColumn('window_start', 'text', (c) => c.notNull())
    .addColumn('locked_until', 'text')
    .execute();

  // Platform-wide switches the admin sets (whether anyone may register): not a seller's settings.
  await db.schema
    .createTable('auth_settings')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['auth_settings', 'auth_throttle', 'auth_links', 'user_api_tokens', 'auth_sessions', 'users']) await db.schema.dropTable(t).ifExists().execute();
}
