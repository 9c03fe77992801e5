import type { Kysely, Transaction } from 'kysely';
import type { OwnerDataHandler } from '../owner-data.ts';
import type { Database, SettingsTable } from '../db/schema.ts';

/** The shared `settings` table: one JSON text per key, each key owned by the module that names it. */
export class SettingsRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /** The stored JSON text under `key`, or null when nothing was saved yet. */
  async read(key: string): Promise<string | null> {
    const row = await this.db.selectFrom('settings').select('value').where('key', '=', key).executeTakeFirst();
    return row?.value ?? null;
  }

  /** Saves `value` (JSON text) under `key`, replacing what was there. */
  async write(key: string, value: string, at: string): Promise<void> {
    await this.db.insertInto('settings').values({ key, value, updated_at: at })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value, updated_at: at })).execute();
  }

  /** Every setting in key order (a backup holds them). */
  async all(): Promise<SettingsTable[]> {
    return this.db.selectFrom('settings').selectAll().orderBy('key').execute();
  }

  /**
   * A restore's settings, inside `trx`: with `replace` a key already set takes the backup's value, otherwise it keeps
   * its own. Answers how many rows were written.
   */
  async restore(rows: SettingsTable[], replace: boolean, trx: Transaction<Database>): Promise<number> {
    let written = 0;
    for (const s of rows) {
      const q = trx.insertInto('settings').values(s);
      const res = await (replace
        ? q.onConflict((oc) => oc.column('key').doUpdateSet({ value: s.value, updated_at: s.updated_at }))
        : q.onConflict((oc) => oc.column('key').doNothing())).executeTakeFirst();
      written += Number(res.numInsertedOrUpdatedRows ?? 0);
    }
    return written;
  }
}

/** A person's settings are theirs alone (tone, pace, budgets): erased with them, never merged into a recipient's. */
export function settingsOwnerData(): OwnerDataHandler {
  return {
    module: 'platform/settings',
    tables: { settings: 'erase' },
    erase: async ({ owner, t }) => void (await t.deleteFrom('settings').where('owner_id', '=', owner).execute()),
    transfer: async ({ from, t }) => void (await t.deleteFrom('settings').where('owner_id', '=', from).execute()),
  };
}
