import { AppError } from '../../platform/errors.ts';
import { nowIso } from '../../platform/time.ts';
import { IdempotencyRepository } from './idempotency.repository.ts';
import type { VintedDb } from './vinted.tables.ts';

// Idempotency-Key: the first call with a key claims it by inserting a row (the primary key decides, in every
// process sharing the database); later calls get the stored answer, or 409 while the first is still running.
// A call refused before it touched the site (rate limit, disabled, bad token) leaves no claim, so the same key
// can be used again once the reason is gone.

export const IDEMPOTENCY_KEY_RE = /^[A-Za-z0-9._:-]{1,200}$/;

export interface StoredAnswer { status: number; body: unknown }

/** Thrown by the work to say "nothing reached the site": the claim on the key is dropped. */
export class NotActedError extends Error {
  constructor(readonly cause: unknown) {
    super('refused before acting');
  }
}

export class IdempotencyStore {
  private readonly rows: IdempotencyRepository;

  constructor(db: VintedDb) {
    this.rows = new IdempotencyRepository(db);
  }

  /**
   * Runs `work` once per key. `work` returns the answer to store; it throws NotActedError(e) for a refusal that
   * must not be remembered (e is then rethrown), or any other error, which is stored as a 500 (the write may have
   * happened: retrying blindly could publish twice).
   */
  async run(key: string, requestHash: string, work: () => Promise<StoredAnswer>): Promise<StoredAnswer> {
    if (!(await this.rows.claim(key, requestHash, nowIso()))) return this.existing(key, requestHash);
    let answer: StoredAnswer;
    try {
      answer = await work();
    } catch (e) {
      if (e instanceof NotActedError) {
        await this.rows.drop(key);
        throw e.cause;
      }
      answer = { status: 500, body: { error: { code: 'publish_failed', message: 'The publication failed midway; check the listing on Vinted before trying again with a new key' } } };
      await this.complete(key, answer);
      throw e;
    }
    await this.complete(key, answer);
    return answer;
  }

  private async complete(key: string, a: StoredAnswer) {
    await this.rows.complete(key, a.status, JSON.stringify(a.body), nowIso());
  }

  private async existing(key: string, requestHash: string): Promise<StoredAnswer> {
    const row = await this.rows.get(key);
    if (!row) throw new AppError(409, 'idempotency_in_flight', 'A request with this Idempotency-Key is being handled; retry shortly');
    if (row.request_hash !== requestHash) {
      throw new AppError(409, 'idempotency_key_reused', 'This Idempotency-Key was used for a different request');
    }
    if (row.state !== 'done') {
      throw new AppError(409, 'idempotency_in_flight', 'A request with this Idempotency-Key is being handled; retry shortly', { since: row.created_at }, { 'Retry-After': '5' });
    }
    return { status: row.status_code ?? 200, body: JSON.parse(row.response ?? 'null') };
  }

  /** Forgets answers finished before `beforeIso` (a client retrying after that gets a fresh attempt). */
  purgeDone(beforeIso: string): Promise<number> {
    return this.rows.purgeDone(beforeIso);
  }
}
