import type { Kysely } from 'kysely';

// Stripe billing (issue 20 point 7; row types in modules/billing/billing.tables.ts).
// `billing_accounts`: one row per user who went to Checkout, owned by that user (owner_id, scoped by the owner-scope
// plugin): their Stripe customer, and the subscription as the last applied event left it. `state_at` is that
// event's `created` (Stripe's seconds): Stripe does not promise the order of deliveries, so an older event never
// overwrites a newer state.
// `billing_events`: every Stripe event applied or set aside, by Stripe's id. Its primary key is what makes a
// repeated or concurrent delivery a no-op: the event row is inserted in the same transaction as the plan change, and
// a second insert of the same id finds it (or waits for the first transaction and then finds it). A platform record
// (the webhook runs across owners), not scoped.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('billing_accounts')
    .addColumn('owner_id', 'text', (c) => c.primaryKey().references('users.id').onDelete('cascade'))
    .addColumn('stripe_customer_id', 'text', (c) => c.notNull().unique())
    .addColumn('subscription_id', 'text')
    .addColumn('plan', 'text')
    .addColumn('price_id', 'text')
    .addColumn('status', 'text')
    .addColumn('current_period_end', 'text')
    .addColumn('cancel_at_period_end', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('state_at', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('billing_events')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('created', 'bigint', (c) => c.notNull())
    .addColumn('user_id', 'text')
    .addColumn('outcome', 'text', (c) => c.notNull())
    .addColumn('received_at', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['billing_events', 'billing_accounts']) await db.schema.dropTable(t).ifExists().execute();
}
