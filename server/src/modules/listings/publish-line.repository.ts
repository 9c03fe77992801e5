import type { Kysely } from 'kysely';
import type { Database, ItemsTable } from '../../platform/db/schema.ts';

// What the Vinted publish queue (modules/vinted) reads of the stock: the drafts the seller opted in for publication,
// kept beside the table's other SQL. The queue's own state lives in its table and is joined by the connector.

export type PublishLineItem = Pick<ItemsTable, 'id' | 'title' | 'status' | 'publish_ready' | 'created_at' | 'updated_at'>;

const COLUMNS = ['id', 'title', 'status', 'publish_ready', 'created_at', 'updated_at'] as const;
// Ids per `in (…)` list: well under the bound-parameter caps of SQLite and PostgreSQL.
const SLICE = 500;

export class PublishLineRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /** Drafts opted in for publication (`publish_opt_in`), oldest first. */
  async optedInDrafts(): Promise<PublishLineItem[]> {
    return this.db.selectFrom('items').select(COLUMNS).where('publish_opt_in', '=', 1).where('status', '=', 'draft')
      .orderBy('created_at').orderBy('id').execute();
  }

  /** The same columns for these items (those that exist, whatever their status). */
  async byIds(ids: string[]): Promise<PublishLineItem[]> {
    const out: PublishLineItem[] = [];
    for (let i = 0; i < ids.length; i += SLICE) out.push(...(await this.db.selectFrom('items').select(COLUMNS).where('id', 'in', ids.slice(i, i + SLICE)).execute()));
    return out;
  }
}
