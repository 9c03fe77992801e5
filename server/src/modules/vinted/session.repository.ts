import { nowIso } from '../../platform/time.ts';
import { accountScope } from './account-scope.ts';
import type { VintedDb, VintedSessionTable } from './vinted.tables.ts';

// The row of `vinted_session` of the current Vinted account (its id is the account's, migration 0023): the sealed
// session and what is kept of it in clear (SessionVault seals and opens).

export type SessionRow = Omit<VintedSessionTable, 'id' | 'created_at'>;

export class SessionRepository {
  constructor(private readonly db: VintedDb) {}

  async get(accountId = accountScope.current()): Promise<VintedSessionTable | null> {
    return (await this.db.selectFrom('vinted_session').selectAll().where('id', '=', accountId).executeTakeFirst()) ?? null;
  }

  async put(values: SessionRow): Promise<void> {
    await this.db.insertInto('vinted_session').values({ id: accountScope.current(), ...values, created_at: values.updated_at })
      .onConflict((oc) => oc.column('id').doUpdateSet(values)).execute();
  }

  async update(patch: Partial<SessionRow>): Promise<void> {
    await this.db.updateTable('vinted_session').set({ ...patch, updated_at: patch.updated_at ?? nowIso() }).where('id', '=', accountScope.current()).execute();
  }

  async delete(): Promise<boolean> {
    const r = await this.db.deleteFrom('vinted_session').where('id', '=', accountScope.current()).executeTakeFirst();
    return Number(r.numDeletedRows) > 0;
  }
}
