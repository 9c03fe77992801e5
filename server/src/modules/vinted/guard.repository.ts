import { nowIso } from '../../platform/time.ts';
import { accountScope } from './account-scope.ts';
import type { VintedDb, VintedGuardTable } from './vinted.tables.ts';

// The row of `vinted_guard` of the current Vinted account (PaceGuard): the full stop and the back-off in force. Each
// account has its own (migration 0023): a captcha met with one account does not stop the other.

export class GuardRepository {
  constructor(private readonly db: VintedDb) {}

  async get(): Promise<VintedGuardTable | null> {
    return (await this.db.selectFrom('vinted_guard').selectAll().where('id', '=', accountScope.current()).executeTakeFirst()) ?? null;
  }

  /** Lays `patch` over the row (created empty first if needed). */
  async put(patch: Partial<Omit<VintedGuardTable, 'id'>>): Promise<void> {
    const values = { ...patch, updated_at: nowIso() };
    await this.db.insertInto('vinted_guard').values({ id: accountScope.current(), stopped_reason: null, stopped_at: null, backoff_until: null, backoff_ms: null, ...values })
      .onConflict((oc) => oc.column('id').doUpdateSet(values)).execute();
  }
}
