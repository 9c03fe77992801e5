import type { ExtensionDb, ExtensionPairingCodeTable, ExtensionTokenTable } from './extension.tables.ts';

// SQL of the pairing codes and extension tokens (hashes only, see migration 0012).
export class PairingRepository {
  constructor(private readonly db: ExtensionDb) {}

  /** A new code replaces every code still open: one code at a time is all a seller needs, and less to guess. */
  async replaceOpenCodes(row: ExtensionPairingCodeTable): Promise<void> {
    await this.db.transaction().execute(async (t) => {
      await t.updateTable('extension_pairing_codes').set({ used_at: row.created_at }).where('used_at', 'is', null).execute();
      await t.insertInto('extension_pairing_codes').values(row).execute();
    });
  }

  openCodes(now: string): Promise<ExtensionPairingCodeTable[]> {
    return this.db.selectFrom('extension_pairing_codes').selectAll().where('used_at', 'is', null).where('expires_at', '>', now).execute();
  }

  /** Marks the code used only if it still was open: two claims of one code cannot both win. */
  async consumeCode(id: string, now: string): Promise<boolean> {
    const r = await this.db.updateTable('extension_pairing_codes').set({ used_at: now }).where('id', '=', id).where('used_at', 'is', null).executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  async countFailure(ids: string[], burnAt: number, now: string): Promise<void> {
    if (!ids.length) return;
    await this.db.updateTable('extension_pairing_codes').set((eb) => ({ failed_attempts: eb('failed_attempts', '+', 1) })).where('id', 'in', ids).execute();
    await this.db.updateTable('extension_pairing_codes').set({ used_at: now }).where('id', 'in', ids).where('failed_attempts', '>=', burnAt).execute();
  }

  async insertToken(row: ExtensionTokenTable): Promise<void> {
    await this.db.insertInto('extension_tokens').values(row).execute();
  }

  tokenByHash(hash: string): Promise<ExtensionTokenTable | undefined> {
    return this.db.selectFrom('extension_tokens').selectAll().where('token_hash', '=', hash).where('revoked_at', 'is', null).executeTakeFirst();
  }

  async touchToken(id: string, now: string): Promise<void> {
    await this.db.updateTable('extension_tokens').set({ last_used_at: now }).where('id', '=', id).execute();
  }

  tokens(): Promise<ExtensionTokenTable[]> {
    return this.db.selectFrom('extension_tokens').selectAll().where('revoked_at', 'is', null).orderBy('created_at', 'desc').execute();
  }

  async revoke(id: string, now: string): Promise<boolean> {
    const r = await this.db.updateTable('extension_tokens').set({ revoked_at: now }).where('id', '=', id).where('revoked_at', 'is', null).executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }
}
