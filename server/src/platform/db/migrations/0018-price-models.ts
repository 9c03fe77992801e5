import { type Kysely, sql } from 'kysely';

// The price model learned from the seller's own sales (issue 18 point 6; row type in
// modules/pricing/model/price-model.tables.ts): one row per training run, with what it measured on the newer sales
// (the model's mean error and the rules' on the same sales) and, when the model won, the model itself as JSON. The
// price suggestion uses the newest row whose `used` is 1; older rows stay as the history of the nightly retrains.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('price_models')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('owner', 'text', (c) => c.notNull())
    .addColumn('trained_at', 'text', (c) => c.notNull())
    .addColumn('trigger', 'text', (c) => c.notNull())
    .addColumn('sales', 'integer', (c) => c.notNull())
    .addColumn('train_sales', 'integer', (c) => c.notNull())
    .addColumn('test_sales', 'integer', (c) => c.notNull())
    .addColumn('model_mae_cents', 'integer')
    .addColumn('rules_mae_cents', 'integer')
    .addColumn('used', 'integer', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('model', 'text')
    .execute();
  await db.schema.createIndex('price_models_owner_idx').on('price_models').columns(['owner', 'trained_at']).execute();
  // Training reads the most recent sales first: from this index, not a scan of the stock.
  await sql`create index items_sold_at_idx on items (sold_at) where status = 'sold'`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index if exists items_sold_at_idx`.execute(db);
  await db.schema.dropTable('price_models').ifExists().execute();
}
