import { sql } from 'kysely';
import { isUniqueViolation, type VintedAccountTable, type VintedDb } from './vinted.tables.ts';

// Rows of `vinted_accounts` (migration 0023), scoped to their owner by the owner scope plugin. Removing an account
// removes its session and guard rows and its finished queue rows with it; its publish log lines stay (history), each
// still naming the account it acted for.

/** Queue states that are work still to do: an account holding any cannot be removed. */
const WORK_STATES = ['pending', 'retry', 'price_retry'];

export class VintedAccountsRepository {
  constructor(private readonly db: VintedDb) {}

  list(): Promise<VintedAccountTable[]> {
    return this.db.selectFrom('vinted_accounts').selectAll().orderBy('created_at').orderBy('id').execute();
  }

  async get(id: string): Promise<VintedAccountTable | null> {
    return (await this.db.selectFrom('vinted_accounts').selectAll().where('id', '=', id).executeTakeFirst()) ?? null;
  }

  /** False when the owner already has an account with this label. */
  async insert(row: Omit<VintedAccountTable, 'owner_id'>): Promise<boolean> {
    try {
      await this.db.insertInto('vinted_accounts').values(row).execute();
      return true;
    } catch (e) {
      if (!isUniqueViolation(e)) throw e;
      return false;
    }
  }

  /** The first account of an owner who has none; two requests racing to create it make one (the label is unique). */
  async insertFirst(row: Omit<VintedAccountTable, 'owner_id'>): Promise<void> {
    await this.db.insertInto('vinted_accounts').values(row).onConflict((oc) => oc.columns(['owner_id', 'label']).doNothing()).execute();
  }

  /** 'taken' when another of the owner's accounts has this label, 'missing' when there is no such account. */
  async rename(id: string, label: string, at: string): Promise<'ok' | 'taken' | 'missing'> {
    try {
      const r = await this.db.updateTable('vinted_accounts').set({ label, updated_at: at }).where('id', '=', id).executeTakeFirst();
      return Number(r.numUpdatedRows) === 1 ? 'ok' : 'missing';
    } catch (e) {
      if (!isUniqueViolation(e)) throw e;
      return 'taken';
    }
  }

  /** Makes `id` the owner's active account and every other one inactive, in one statement. */
  async activate(id: string, at: string): Promise<void> {
    await this.db.updateTable('vinted_accounts').set({ active: sql<number>`case when id = ${id} then 1 else 0 end`, updated_at: at }).execute();
  }

  /** Queue entries of this account still waiting to be sent. */
  async pendingWork(id: string): Promise<number> {
    const r = await this.db.selectFrom('vinted_queue').select((eb) => eb.fn.countAll<number>().as('n'))
      .where('account_id', '=', id).where('state', 'in', WORK_STATES).executeTakeFirst();
    return Number(r?.n ?? 0);
  }

  /** Removes the account with its session, its guard row and its finished queue rows, all or nothing. */
  async remove(id: string): Promise<boolean> {
    return this.db.transaction().execute(async (t) => {
      await t.deleteFrom('vinted_queue').where('account_id', '=', id).execute();
      await t.deleteFrom('vinted_session').where('id', '=', id).execute();
      await t.deleteFrom('vinted_guard').where('id', '=', id).execute();
      const r = await t.deleteFrom('vinted_accounts').where('id', '=', id).executeTakeFirst();
      return Number(r.numDeletedRows) === 1;
    });
  }
}
