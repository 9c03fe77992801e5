import { isUniqueViolation, type VintedDb, type VintedIdempotencyTable } from './vinted.tables.ts';

// Rows of `vinted_idempotency` (IdempotencyStore): one per Idempotency-Key, claimed by inserting it.

export class IdempotencyRepository {
  constructor(private readonly db: VintedDb) {}

  /** True when this call claimed the key; false when a row already holds it (the primary key decides). */
  async claim(key: string, requestHash: string, at: string): Promise<boolean> {
    try {
      await this.db.insertInto('vinted_idempotency').values({ key, request_hash: requestHash, state: 'in_flight', status_code: null, response: null, created_at: at, updated_at: at }).execute();
      return true;
    } catch (e) {
      if (!isUniqueViolation(e)) throw e;
      return false;
    }
  }

  async get(key: string): Promise<VintedIdempotencyTable | null> {
    return (await this.db.selectFrom('vinted_idempotency').selectAll().where('key', '=', key).executeTakeFirst()) ?? null;
  }

  async complete(key: string, statusCode: number, response: string, at: string): Promise<void> {
    await this.db.updateTable('vinted_idempotency').set({ state: 'done', status_code: statusCode, response, updated_at: at }).where('key', '=', key).execute();
  }

  async drop(key: string): Promise<void> {
    await this.db.deleteFrom('vinted_idempotency').where('key', '=', key).execute();
  }

  /** Forgets finished answers last touched before `beforeIso`; how many went. */
  async purgeDone(beforeIso: string): Promise<number> {
    const r = await this.db.deleteFrom('vinted_idempotency').where('state', '=', 'done').where('updated_at', '<', beforeIso).executeTakeFirst();
    return Number(r.numDeletedRows);
  }
}
