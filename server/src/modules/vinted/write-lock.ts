import os from 'node:os';
import { AppError } from '../../platform/errors.ts';
import { newId } from '../../platform/time.ts';
import { isUniqueViolation, type VintedDb } from './vinted.tables.ts';

// "One Vinted tab, one write at a time": a promise chain serialises the writes of this process, and a lease row
// in the database serialises them across processes (an API and a worker sharing PostgreSQL). A lease that its
// holder never released (a crash) expires, so the lock cannot stay taken forever.

const LOCK_NAME = 'vinted.write';

export class WriteLock {
  private chain: Promise<unknown> = Promise.resolve();
  readonly owner = `${os.hostname()}:${process.pid}:${newId()}`;

  constructor(
    private readonly db: VintedDb,
    private readonly leaseMs = 5 * 60_000,
    private readonly waitMs = 120_000,
  ) {}

  /** Runs `fn` holding the write lock; waits for it, or answers 503 when another process holds it too long. */
  run<T>(fn: () => Promise<T>): Promise<T> {
    const next = this.chain.then(async () => {
      await this.acquire();
      try {
        return await fn();
      } finally {
        await this.release();
      }
    });
    this.chain = next.catch(() => undefined);
    return next;
  }

  private async acquire(): Promise<void> {
    const deadline = Date.now() + this.waitMs;
    for (;;) {
      const expires = new Date(Date.now() + this.leaseMs).toISOString();
      try {
        await this.db.insertInto('vinted_locks').values({ name: LOCK_NAME, owner: this.owner, expires_at: expires }).execute();
        return;
      } catch (e) {
        if (!isUniqueViolation(e)) throw e;
      }
      // Take over a lease whose holder died without releasing it.
      const r = await this.db.updateTable('vinted_locks').set({ owner: this.owner, expires_at: expires })
        .where('name', '=', LOCK_NAME).where('expires_at', '<', new Date().toISOString()).executeTakeFirst();
      if (Number(r.numUpdatedRows) === 1) return;
      if (Date.now() > deadline) throw new AppError(503, 'vinted_busy', 'Another process is writing to Vinted; retry in a minute', undefined, { 'Retry-After': '60' });
      await new Promise((r2) => setTimeout(r2, 250));
    }
  }

  private async release(): Promise<void> {
    await this.db.deleteFrom('vinted_locks').where('name', '=', LOCK_NAME).where('owner', '=', this.owner).execute();
  }
}
