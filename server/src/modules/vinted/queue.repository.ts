import type { VintedDb, VintedQueueTable } from './vinted.tables.ts';

// Rows of `vinted_queue`: where each item the publish queue handled stands (state, attempts, back-off, last error).

// Ids per `in (…)` list: well under the bound-parameter caps of SQLite and PostgreSQL.
const SLICE = 500;

export class QueueRepository {
  constructor(private readonly db: VintedDb) {}

  async get(itemId: string): Promise<VintedQueueTable | null> {
    return (await this.db.selectFrom('vinted_queue').selectAll().where('item_id', '=', itemId).executeTakeFirst()) ?? null;
  }

  /** The rows of these items, by item id. */
  async many(itemIds: string[]): Promise<Map<string, VintedQueueTable>> {
    const out = new Map<string, VintedQueueTable>();
    for (let i = 0; i < itemIds.length; i += SLICE) {
      const rows = await this.db.selectFrom('vinted_queue').selectAll().where('item_id', 'in', itemIds.slice(i, i + SLICE)).execute();
      for (const r of rows) out.set(r.item_id, r);
    }
    return out;
  }

  /** Every row: one per item the queue ever handled. */
  async all(): Promise<VintedQueueTable[]> {
    return this.db.selectFrom('vinted_queue').selectAll().execute();
  }

  async put(itemId: string, values: Partial<Omit<VintedQueueTable, 'item_id'>> & { state: string; updated_at: string }): Promise<void> {
    await this.db.insertInto('vinted_queue')
      .values({ item_id: itemId, attempts: 0, next_attempt_at: null, last_error: null, content_hash: null, vinted_draft_id: null, created_at: values.updated_at, ...values })
      .onConflict((oc) => oc.column('item_id').doUpdateSet(values)).execute();
  }
}
