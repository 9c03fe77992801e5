import { accountScope } from './account-scope.ts';
import type { VintedDb, VintedQueueTable } from './vinted.tables.ts';

// Rows of `vinted_queue`: where each item the publish queue handled stands (state, attempts, back-off, last error),
// and the Vinted account it is queued for (migration 0023): set when the row is made, never changed by an update, so
// an entry queued for one account is only ever sent by a pass of that account.

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

  /** Every row of the current account: one per item its queue ever handled. */
  async all(): Promise<VintedQueueTable[]> {
    return this.db.selectFrom('vinted_queue').selectAll().where('account_id', '=', accountScope.current()).execute();
  }

  /**
   * Ties the item to the current account ('bound': opted in, not handled yet) unless it has a row already, which keeps
   * its account and state.
   */
  async bind(itemId: string, at: string): Promise<void> {
    await this.db.insertInto('vinted_queue')
      .values({ item_id: itemId, account_id: accountScope.current(), state: 'bound', attempts: 0, next_attempt_at: null, last_error: null, content_hash: null, vinted_draft_id: null, created_at: at, updated_at: at })
      .onConflict((oc) => oc.column('item_id').doNothing()).execute();
  }

  /** Writes the item's row; a new row is queued for the current account, an existing one keeps its account. */
  async put(itemId: string, values: Partial<Omit<VintedQueueTable, 'item_id' | 'account_id'>> & { state: string; updated_at: string }): Promise<void> {
    await this.db.insertInto('vinted_queue')
      .values({ item_id: itemId, account_id: accountScope.current(), attempts: 0, next_attempt_at: null, last_error: null, content_hash: null, vinted_draft_id: null, created_at: values.updated_at, ...values })
      .onConflict((oc) => oc.column('item_id').doUpdateSet(values)).execute();
  }
}
