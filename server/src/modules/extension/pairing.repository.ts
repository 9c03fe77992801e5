import { ownerScope } from '../../platform/security/owner-scope.ts';
import type { ExtensionDb, ExtensionPairingCodeTable, ExtensionTokenTable } from './extension.tables.ts';

// SQL of the pairing codes and extension tokens (hashes only, see migration 0012). Both tables are owned (issue 20):
// a person asks for codes, lists and revokes the extensions of their own. Two lookups see every owner, because they
// run before anyone is known and are what makes the owner known: the extension's claim of a code (by the code's
// hash) and its token (by the token's hash); each says so with ownerScope.system.
export class PairingRepository {
  constructor(private readonly db: ExtensionDb) {}

  /** A new code replaces every code still open: one code at a time is all a seller needs, and less to guess. */
  async replaceOpenCodes(row: ExtensionPairingCodeTable): Promise<void> {
    await this.db.transaction().execute(async (t) => {
      await t.updateTable('extension_pairing_codes').set({ used_at: row.created_at }).where('used_at', 'is', null).execute();
      await t.insertInto('extension_pairing_codes').values(row).execute();
    });
  }

  /** Every owner's open codes (system scope): the extension claiming one is nobody yet, the code says whose it is. */
  openCodes(now: string): Promise<ExtensionPairingCodeTable[]> {
    return ownerScope.system(() => this.db.selectFrom('extension_pairing_codes').selectAll().where('used_at', 'is', null).where('expires_at', '>', now).execute());
  }

  /** Marks the code used only if it still was open: two claims of one code cannot both win. */
  async consumeCode(id: string, now: string): Promise<boolean> {
    // System scope: the code was found among every owner's (openCodes), by its hash.
    const r = await ownerScope.system(() => this.db.updateTable('extension_pairing_codes').set({ used_at: now }).where('id', '=', id).where('used_at', 'is', null).executeTakeFirst());
    return Number(r.numUpdatedRows) === 1;
  }

  async countFailure(ids: string[], burnAt: number, now: string): Promise<void> {
    if (!ids.length) return;
    // System scope: a wrong code counts against every open code it was tried against (openCodes), whoever's.
    await ownerScope.system(async () => {
      await this.db.updateTable('extension_pairing_codes').set((eb) => ({ failed_attempts: eb('failed_attempts', '+', 1) })).where('id', 'in', ids).execute();
      await this.db.updateTable('extension_pairing_codes').set({ used_at: now }).where('id', 'in', ids).where('failed_attempts', '>=', burnAt).execute();
    });
  }

  async insertToken(row: ExtensionTokenTable): Promise<void> {
    await this.db.insertInto('extension_tokens').values(row).execute();
  }

  /** The live token with this hash, whoever's (system scope): its row names the owner the request then runs as. */
  tokenByHash(hash: string): Promise<ExtensionTokenTable | undefined> {
    return ownerScope.system(() => this.db.selectFrom('extension_tokens').selectAll().where('token_hash', '=', hash).where('revoked_at', 'is', null).executeTakeFirst());
  }

  async touchToken(id: string, now: string): Promise<void> {
    // System scope: the row was just found by its token's hash (tokenByHash), before the request's owner is named.
    await ownerScope.system(() => this.db.updateTable('extension_tokens').set({ last_used_at: now }).where('id', '=', id).execute());
  }

  tokens(): Promise<ExtensionTokenTable[]> {
    return this.db.selectFrom('extension_tokens').selectAll().where('revoked_at', 'is', null).orderBy('created_at', 'desc').execute();
  }

  async revoke(id: string, now: string): Promise<boolean> {
    const r = await this.db.updateTable('extension_tokens').set({ revoked_at: now }).where('id', '=', id).where('revoked_at', 'is', null).executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }
}
