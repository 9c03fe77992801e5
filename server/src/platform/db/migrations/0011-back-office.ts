import type { Kysely } from 'kysely';

// Issue 18's back office, second half: webhooks out and their delivery log (modules/webhooks), the change history
// of items and orders (modules/history), description templates (modules/templates). Row types live beside each
// owner (`*.tables.ts`). Portable: schema builder only, text times (ISO 8601 UTC), integer booleans.
export async function up(db: Kysely<any>): Promise<void> {
  // A subscription: where to POST which events. The signing secret is sealed (AES-256-GCM, platform secret box):
  // it is shown once at creation and never again.
  await db.schema
    .createTable('webhooks')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('url', 'text', (c) => c.notNull())
    .addColumn('events', 'text', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('secret_sealed', 'text', (c) => c.notNull())
    .addColumn('secret_hint', 'text', (c) => c.notNull())
    .addColumn('allow_local', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  // One row per (event, subscription): its payload as sent, the attempts so far and the last answer. A retry is due
  // when state is `retrying` and next_attempt_at has passed (the dispatcher's lookup, hence the index).
  await db.schema
    .createTable('webhook_deliveries')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('webhook_id', 'text', (c) => c.notNull().references('webhooks.id').onDelete('cascade'))
    .addColumn('event', 'text', (c) => c.notNull())
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('response_code', 'integer')
    .addColumn('error', 'text')
    .addColumn('test', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', 'text')
    .addColumn('first_attempt_at', 'text')
    .addColumn('last_attempt_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('webhook_deliveries_webhook_idx').on('webhook_deliveries').columns(['webhook_id', 'created_at']).execute();
  await db.schema.createIndex('webhook_deliveries_due_idx').on('webhook_deliveries').columns(['state', 'next_attempt_at']).execute();

  // Every change to an item or an order: who or what made it (`actor`), what kind (`type`), the values before and
  // after (`changes`, JSON). No foreign key: the history of a deleted item stays readable.
  await db.schema
    .createTable('history')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('entity', 'text', (c) => c.notNull())
    .addColumn('entity_id', 'text', (c) => c.notNull())
    .addColumn('item_id', 'text')
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('title', 'text')
    .addColumn('changes', 'text', (c) => c.notNull().defaultTo('{}'))
    .execute();
  await db.schema.createIndex('history_item_idx').on('history').columns(['item_id', 'at']).execute();
  await db.schema.createIndex('history_at_idx').on('history').columns(['at', 'id']).execute();
  await db.schema.createIndex('history_type_idx').on('history').columns(['type', 'at']).execute();

  // Saved description templates with {variables}; the shop signature is a setting (settings table).
  await db.schema
    .createTable('description_templates')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('is_default', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('description_templates_name_idx').on('description_templates').columns(['name']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('description_templates').execute();
  await db.schema.dropTable('history').execute();
  await db.schema.dropTable('webhook_deliveries').execute();
  await db.schema.dropTable('webhooks').execute();
}
