import type { Kysely } from 'kysely';

// The browser extension's pairing (issue 17; row types in modules/extension/extension.tables.ts). Codes and tokens
// are stored as SHA-256 hashes only: the seller sees a code once, the extension keeps its token, the database
// holds nothing that would let someone who reads it act as the extension.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('extension_pairing_codes')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('code_hash', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('used_at', 'text')
    .addColumn('failed_attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.createIndex('extension_pairing_codes_hash_idx').on('extension_pairing_codes').columns(['code_hash']).execute();

  await db.schema
    .createTable('extension_tokens')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('scopes', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('last_used_at', 'text')
    .addColumn('revoked_at', 'text')
    .execute();

  // Sales and wardrobe imports find stock items by their Vinted listing id, a page of ids at a time.
  await db.schema.createIndex('items_vinted_listing_idx').on('items').columns(['vinted_listing_id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('items_vinted_listing_idx').ifExists().execute();
  await db.schema.dropTable('extension_tokens').ifExists().execute();
  await db.schema.dropTable('extension_pairing_codes').ifExists().execute();
}
