import type { Kysely } from 'kysely';

// Quotas (issue 20 point 6; row types in modules/quotas/quotas.tables.ts). `user_quotas` holds the limits the admin
// sets per user (a platform record, like `users`: the admin writes other people's); a missing row or a null limit is
// no limit. `quota_usage` counts what a user spent in a month: one row per owner, metric and month (YYYY-MM in the
// server's TZ). Counted here rather than from the data because a monthly allowance counts creations, not what is
// still there (deleting an item must not give a listing back) and an LLM analysis leaves no row of its own.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('user_quotas')
    .addColumn('user_id', 'text', (c) => c.primaryKey().references('users.id').onDelete('cascade'))
    .addColumn('listings_per_month', 'integer')
    .addColumn('analyses_per_month', 'integer')
    .addColumn('storage_bytes', 'bigint')
    .addColumn('vinted_accounts', 'integer')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('quota_usage')
    .addColumn('owner_id', 'text', (c) => c.notNull())
    .addColumn('metric', 'text', (c) => c.notNull())
    .addColumn('period', 'text', (c) => c.notNull())
    .addColumn('used', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('quota_usage_pk', ['owner_id', 'metric', 'period'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['quota_usage', 'user_quotas']) await db.schema.dropTable(t).ifExists().execute();
}
