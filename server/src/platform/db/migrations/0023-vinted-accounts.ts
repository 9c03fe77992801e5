import { randomUUID } from 'node:crypto';
import { type Kysely, sql } from 'kysely';
import { LOCAL_OWNER_ID } from '../../security/owner-scope.ts';

// Several Vinted accounts per user (issue 20 point 4): a private and a Pro account, a household sharing one server.
// Each account has its own sealed session, pacing state, publish queue, publish log and publication settings. Every
// owner that has Vinted data gets a default account, and their existing rows move to it, so an install loses nothing:
// the session row (keyed 'default' until now) and the pace guard row take the account's id as their key, the queue,
// log, prepared forms and extension pairings name it in `account_id`, and the publication settings key gains it.
// Owners without Vinted data get their first account when they first open the Vinted pages (the module creates it).

const MOVED = ['vinted_queue', 'vinted_publish_log', 'vinted_prepared', 'extension_pairing_codes', 'extension_tokens'] as const;
const SETTINGS_KEY = 'vinted.publication';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createTable('vinted_accounts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('owner_id', 'text', (c) => c.notNull())
    .addColumn('label', 'text', (c) => c.notNull())
    // The account the person's requests act for (one per owner; set on switching, stored rather than per browser tab).
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  // Labels are unique per owner: the header menu tells accounts apart by them.
  await sql`create unique index vinted_accounts_owner_label_idx on vinted_accounts (owner_id, label)`.execute(db);
  for (const t of MOVED) await db.schema.alterTable(t).addColumn('account_id', 'text').execute();
  // The guard had no owner (one per install): it becomes one row per account, owned like the rest.
  await db.schema.alterTable('vinted_guard').addColumn('owner_id', 'text', (c) => c.notNull().defaultTo(LOCAL_OWNER_ID)).execute();
  await sql`create index vinted_publish_log_account_idx on vinted_publish_log (account_id, at)`.execute(db);
  await sql`create index vinted_queue_account_idx on vinted_queue (account_id)`.execute(db);

  const owners = new Set<string>([LOCAL_OWNER_ID]);
  for (const t of ['vinted_session', ...MOVED] as const) {
    const rows = await sql<{ owner_id: string }>`select distinct owner_id from ${sql.table(t)}`.execute(db);
    for (const r of rows.rows) owners.add(r.owner_id);
  }
  const withSettings = await sql<{ owner_id: string }>`select distinct owner_id from settings where key = ${SETTINGS_KEY}`.execute(db);
  for (const r of withSettings.rows) owners.add(r.owner_id);

  const at = new Date().toISOString();
  for (const owner of [...owners].sort()) {
    const id = randomUUID();
    const session = await sql<{ username: string | null }>`select username from vinted_session where owner_id = ${owner}`.execute(db);
    const label = session.rows[0]?.username?.slice(0, 40) || 'Vinted';
    await sql`insert into vinted_accounts (id, owner_id, label, active, created_at, updated_at) values (${id}, ${owner}, ${label}, 1, ${at}, ${at})`.execute(db);
    await sql`update vinted_session set id = ${id} where owner_id = ${owner}`.execute(db);
    for (const t of MOVED) await sql`update ${sql.table(t)} set account_id = ${id} where owner_id = ${owner}`.execute(db);
    await sql`update settings set key = ${`${SETTINGS_KEY}:${id}`} where owner_id = ${owner} and key = ${SETTINGS_KEY}`.execute(db);
    // The install's one guard row (a full stop, a back-off) stays with the single seller's account.
    if (owner === LOCAL_OWNER_ID) await sql`update vinted_guard set id = ${id}, owner_id = ${owner} where id = 'default'`.execute(db);
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  // Back to one session and guard per install: the single seller's default account keeps them, the rest is dropped.
  const first = await sql<{ id: string }>`select id from vinted_accounts where owner_id = ${LOCAL_OWNER_ID} order by created_at, id`.execute(db);
  const keep = first.rows[0]?.id ?? '';
  await sql`delete from vinted_session where id <> ${keep}`.execute(db);
  await sql`update vinted_session set id = 'default'`.execute(db);
  await sql`delete from vinted_guard where id <> ${keep}`.execute(db);
  await sql`update vinted_guard set id = 'default'`.execute(db);
  await sql`delete from settings where key like ${`${SETTINGS_KEY}:%`} and key <> ${`${SETTINGS_KEY}:${keep}`}`.execute(db);
  await sql`update settings set key = ${SETTINGS_KEY} where key = ${`${SETTINGS_KEY}:${keep}`}`.execute(db);
  await sql`drop index if exists vinted_queue_account_idx`.execute(db);
  await sql`drop index if exists vinted_publish_log_account_idx`.execute(db);
  await db.schema.alterTable('vinted_guard').dropColumn('owner_id').execute();
  for (const t of MOVED) await db.schema.alterTable(t).dropColumn('account_id').execute();
  await db.schema.dropTable('vinted_accounts').execute();
}
