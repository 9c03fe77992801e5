import { nowIso } from '../../platform/time.ts';
import type { VintedDb, VintedGuardTable } from './vinted.tables.ts';

// The one row of `vinted_guard` (PaceGuard): the full stop and the back-off in force.

const ROW_ID = 'default';

export class GuardRepository {
  constructor(private readonly db: VintedDb) {}

  async get(): Promise<VintedGuardTable | null> {
    return (await this.db.selectFrom('vinted_guard').selectAll().where('id', '=', ROW_ID).executeTakeFirst()) ?? null;
  }

  /** Lays `patch` over the row (created empty first if needed). */
  async put(patch: Partial<Omit<VintedGuardTable, 'id'>>): Promise<void> {
    const values = { ...patch, updated_at: nowIso() };
    await this.db.insertInto('vinted_guard').values({ id: ROW_ID, stopped_reason: null, stopped_at: null, backoff_until: null, backoff_ms: null, ...values })
      .onConflict((oc) => oc.column('id').doUpdateSet(values)).execute();
  }
}
