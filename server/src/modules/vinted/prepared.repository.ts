import { nowIso } from '../../platform/time.ts';
import { accountScope } from './account-scope.ts';
import type { VintedDb, VintedPreparedTable } from './vinted.tables.ts';

// Rows of `vinted_prepared`: one per prepared form (its id is the confirm token's jti), moving prepared →
// publishing → published (or needs_manual).

export class PreparedRepository {
  constructor(private readonly db: VintedDb) {}

  /** The form is prepared for the current account: its publication acts for that account, whatever is active then. */
  async insert(row: Omit<VintedPreparedTable, 'account_id'>): Promise<void> {
    await this.db.insertInto('vinted_prepared').values({ ...row, account_id: accountScope.current() }).execute();
  }

  async get(id: string): Promise<VintedPreparedTable | null> {
    return (await this.db.selectFrom('vinted_prepared').selectAll().where('id', '=', id).executeTakeFirst()) ?? null;
  }

  /** Moves the form from `from` to `to` only if it is still in `from`: true for the one caller that did. */
  async claim(id: string, from: string, to: string): Promise<boolean> {
    const r = await this.db.updateTable('vinted_prepared').set({ state: to, updated_at: nowIso() })
      .where('id', '=', id).where('state', '=', from).executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  async set(id: string, patch: { state: string; listing_id?: string; listing_url?: string }): Promise<void> {
    await this.db.updateTable('vinted_prepared').set({ ...patch, updated_at: nowIso() }).where('id', '=', id).execute();
  }

  /** Forgets forms that expired before `beforeIso`; how many went. */
  async purgeExpired(beforeIso: string): Promise<number> {
    const r = await this.db.deleteFrom('vinted_prepared').where('expires_at', '<', beforeIso).executeTakeFirst();
    return Number(r.numDeletedRows);
  }
}
