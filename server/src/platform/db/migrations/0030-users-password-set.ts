import type { Kysely } from 'kysely';

// Whether a person ever chose a password (row type in modules/accounts/accounts.tables.ts). An account made through
// Google has none: its hash is of a random secret nobody knows, so the account page cannot ask for a "current
// password". 1 for every account that existed before (each chose one at set-up, registration, invitation or reset);
// 0 for an account made through Google until the person sets one (or uses a reset link).
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('users').addColumn('password_set', 'integer', (c) => c.notNull().defaultTo(1)).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('users').dropColumn('password_set').execute();
}
