import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../platform/db/schema.ts';
import { type BillingAccountsTable, type BillingDb, billingDb, type BillingTables, billingTrx } from './billing.tables.ts';

type Db = Kysely<Database & BillingTables>;
export type AccountState = Pick<BillingAccountsTable, 'subscription_id' | 'plan' | 'price_id' | 'status' | 'current_period_end' | 'cancel_at_period_end'>;
export interface BillingAccount extends Omit<BillingAccountsTable, 'state_at'> { state_at: number }

const row = (r: BillingAccountsTable | undefined): BillingAccount | null => (r ? { ...r, state_at: Number(r.state_at) } : null);

/**
 * The billing tables' SQL. `billing_accounts` is owned: in a user's request the owner-scope plugin keeps every query
 * to that user's row; the webhook runs in a system scope and names the owner itself.
 */
export class BillingRepository {
  private readonly db: BillingDb;

  constructor(private readonly base: Kysely<Database>) {
    this.db = billingDb(base);
  }

  /** A transaction on the platform's database, so the quotas module can write its part in it too. */
  transaction<T>(fn: (trx: Transaction<Database>) => Promise<T>): Promise<T> {
    return this.base.transaction().execute(fn);
  }

  /** The current owner's account (request scope). */
  async mine(): Promise<BillingAccount | null> {
    return row(await this.db.selectFrom('billing_accounts').selectAll().executeTakeFirst());
  }

  /** Records the current owner's Stripe customer unless one is already there (two Checkouts at once: the first wins). */
  async saveCustomer(ownerId: string, customerId: string, at: string): Promise<void> {
    await this.db.insertInto('billing_accounts').values({ owner_id: ownerId, stripe_customer_id: customerId, cancel_at_period_end: 0, state_at: 0, updated_at: at })
      .onConflict((oc) => oc.column('owner_id').doNothing()).execute();
  }

  async byCustomer(customerId: string, t: Transaction<Database>): Promise<BillingAccount | null> {
    return row(await billingTrx(t).selectFrom('billing_accounts').selectAll().where('stripe_customer_id', '=', customerId).executeTakeFirst());
  }

  /** A named owner's account, outside a transaction (system scope: a user's deletion). */
  async ofOwner(ownerId: string): Promise<BillingAccount | null> {
    return row(await this.db.selectFrom('billing_accounts').selectAll().where('owner_id', '=', ownerId).executeTakeFirst());
  }

  async byOwner(ownerId: string, t: Transaction<Database>): Promise<BillingAccount | null> {
    return row(await billingTrx(t).selectFrom('billing_accounts').selectAll().where('owner_id', '=', ownerId).executeTakeFirst());
  }

  async setState(ownerId: string, state: AccountState, stateAt: number, at: string, t: Transaction<Database>): Promise<void> {
    await billingTrx(t).updateTable('billing_accounts').set({ ...state, state_at: stateAt, updated_at: at }).where('owner_id', '=', ownerId).execute();
  }

  async eventSeen(id: string, db: Db = this.db): Promise<boolean> {
    return !!(await db.selectFrom('billing_events').select('id').where('id', '=', id).executeTakeFirst());
  }

  /**
   * Records the event once, inside the transaction that applies it. False when its id is already recorded: a
   * concurrent delivery's insert waits on the primary key until the first transaction ends, then finds the row
   * (PostgreSQL); SQLite runs one write transaction at a time.
   */
  async recordEvent(e: { id: string; type: string; created: number; received_at: string }, t: Transaction<Database>): Promise<boolean> {
    const res = await billingTrx(t).insertInto('billing_events').values({ ...e, user_id: null, outcome: 'pending' })
      .onConflict((oc) => oc.column('id').doNothing()).executeTakeFirst();
    return Number(res.numInsertedOrUpdatedRows ?? 0) === 1;
  }

  async setOutcome(id: string, outcome: string, userId: string | null, t: Transaction<Database>): Promise<void> {
    await billingTrx(t).updateTable('billing_events').set({ outcome, user_id: userId }).where('id', '=', id).execute();
  }

  async outcome(id: string): Promise<{ outcome: string; user_id: string | null } | undefined> {
    return this.db.selectFrom('billing_events').select(['outcome', 'user_id']).where('id', '=', id).executeTakeFirst();
  }
}
