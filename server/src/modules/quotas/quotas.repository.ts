import type { Kysely } from 'kysely';
import type { Database } from '../../platform/db/schema.ts';
import type { QuotaTables, QuotasDb, UserQuotasTable } from './quotas.tables.ts';

type Db = Kysely<Database & QuotaTables>;
export type LimitColumns = Pick<UserQuotasTable, 'listings_per_month' | 'analyses_per_month' | 'storage_bytes' | 'vinted_accounts'>;

/** The quotas tables' SQL. Usage rows are always named by owner (the service passes the scope's owner). */
export class QuotasRepository {
  constructor(private readonly db: QuotasDb) {}

  async limits(userId: string, db: Db = this.db): Promise<LimitColumns | undefined> {
    return db.selectFrom('user_quotas').select(['listings_per_month', 'analyses_per_month', 'storage_bytes', 'vinted_accounts'])
      .where('user_id', '=', userId).executeTakeFirst();
  }

  async setLimits(userId: string, limits: LimitColumns, at: string, db: Db = this.db): Promise<void> {
    await db.insertInto('user_quotas').values({ user_id: userId, ...limits, updated_at: at })
      .onConflict((oc) => oc.column('user_id').doUpdateSet({ ...limits, updated_at: at })).execute();
  }

  async used(ownerId: string, metric: string, period: string, db: Db = this.db): Promise<number> {
    const row = await db.selectFrom('quota_usage').select('used').where('owner_id', '=', ownerId).where('metric', '=', metric).where('period', '=', period).executeTakeFirst();
    return Number(row?.used ?? 0);
  }

  /**
   * Adds `n` to the month's count if it stays within `limit` (null: no limit), in one conditional UPDATE: the row's
   * lock makes two simultaneous creations wait for each other, so they cannot both take the last unit. Inside the
   * caller's transaction when given, so a creation that fails gives its unit back by rolling back.
   */
  async spend(ownerId: string, metric: string, period: string, n: number, limit: number | null, db: Db = this.db): Promise<boolean> {
    await db.insertInto('quota_usage').values({ owner_id: ownerId, metric, period, used: 0 })
      .onConflict((oc) => oc.columns(['owner_id', 'metric', 'period']).doNothing()).execute();
    let q = db.updateTable('quota_usage').set((eb) => ({ used: eb('used', '+', n) }))
      .where('owner_id', '=', ownerId).where('metric', '=', metric).where('period', '=', period);
    if (limit !== null) q = q.where((eb) => eb(eb('used', '+', n), '<=', limit));
    const res = await q.executeTakeFirst();
    return Number(res.numUpdatedRows) === 1;
  }
}
