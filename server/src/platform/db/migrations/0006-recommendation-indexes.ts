import { type Kysely, sql } from 'kysely';

// Indexes that let GET /recommendations read a few rows per reason instead of scanning the stock (issue 5): each
// reason is a LIMITed query walking one of these in the order it wants. Partial indexes, so they hold only the items
// that have the reason (a duplicate, a price at its own floor) or can have it (active items with a sale score).
// Portable: the same statement on SQLite and PostgreSQL. The queries repeat each WHERE clause word for word, with
// literals, because SQLite only uses a partial index whose clause it finds in the query.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create index items_reco_dup_idx on items (coalesce(listed_at, created_at), id)
    where possible_duplicate = 1 and status in ('draft', 'listed')`.execute(db);
  await sql`create index items_reco_floor_idx on items (coalesce(listed_at, created_at), id)
    where status = 'listed' and price_cents <= coalesce(floor_cents, suggestion_min_cents)`.execute(db);
  await sql`create index items_reco_score_idx on items (estimated_sale_score, coalesce(listed_at, created_at), id)
    where status in ('draft', 'listed') and estimated_sale_score is not null`.execute(db);
  await sql`create index items_reco_scored_idx on items (coalesce(listed_at, created_at), id)
    where status in ('draft', 'listed') and estimated_sale_score is not null`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const name of ['items_reco_scored_idx', 'items_reco_score_idx', 'items_reco_floor_idx', 'items_reco_dup_idx']) await db.schema.dropIndex(name).ifExists().execute();
}
