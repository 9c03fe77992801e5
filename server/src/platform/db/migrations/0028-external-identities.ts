import type { Kysely } from 'kysely';

// Sign in with Google (issue 20 point 2; row type in modules/accounts/accounts.tables.ts): which account an
// identity provider's person (`subject`, the ID token's `sub`, stable for life unlike the email) signs in to.
// Platform records like `users`, no owner column. One Google identity per account and one account per identity:
// once linked, a sign-in matches by `sub` first, so a later change of address at Google still opens the account.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('external_identities')
    .addColumn('provider', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    // The address the provider gave when the link was made (shown in account settings; never used to match).
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('last_used_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('external_identities_pk', ['provider', 'subject'])
    .addUniqueConstraint('external_identities_user_uq', ['provider', 'user_id'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('external_identities').ifExists().execute();
}
