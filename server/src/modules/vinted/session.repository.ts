import { nowIso } from '../../platform/time.ts';
import type { VintedDb, VintedSessionTable } from './vinted.tables.ts';

// The one row of `vinted_session`: the sealed session and what is kept of it in clear (SessionVault seals and opens).

const ROW_ID = 'default';

export type SessionRow = Omit<VintedSessionTable, 'id' | 'created_at'>;

export class SessionRepository {
  constructor(private readonly db: VintedDb) {}

  async get(): Promise<VintedSessionTable | null> {
    return (await this.db.selectFrom('vinted_session').selectAll().where('id', '=', ROW_ID).executeTakeFirst()) ?? null;
  }

  async put(values: SessionRow): Promise<void> {
    await this.db.insertInto('vinted_session').values({ id: ROW_ID, ...values, created_at: values.updated_at })
      .onConflict((oc) => oc.column('id').doUpdateSet(values)).execute();
  }

  async update(patch: Partial<SessionRow>): Promise<void> {
    await this.db.updateTable('vinted_session').set({ ...patch, updated_at: patch.updated_at ?? nowIso() }).where('id', '=', ROW_ID).execute();
  }

  async delete(): Promise<boolean> {
    const r = await this.db.deleteFrom('vinted_session').where('id', '=', ROW_ID).executeTakeFirst();
    return Number(r.numDeletedRows) > 0;
  }
}
