import os from 'node:os';
import { AppError } from '../../platform/errors.ts';
import { newId } from '../../platform/time.ts';
import { WriteLockRepository } from './write-lock.repository.ts';
import type { VintedDb } from './vinted.tables.ts';

// "One Vinted tab, one write at a time": a promise chain serialises the writes of this process, and a lease row
// in the database serialises them across processes (an API and a worker sharing PostgreSQL). A lease that its
// holder never released (a crash) expires, so the lock cannot stay taken forever.

const LOCK_NAME = 'vinted.write';

export class WriteLock {
  private chain: Promise<unknown> = Promise.resolve();
  readonly owner = `${os.hostname()}:${process.pid}:${newId()}`;
  private readonly leases: WriteLockRepository;

  constructor(
    db: VintedDb,
    private readonly leaseMs = 5 * 60_000,
    private readonly waitMs = 120_000,
  ) {
    this.leases = new WriteLockRepository(db);
  }

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
      if (await this.leases.take(LOCK_NAME, this.owner, expires)) return;
      // Take over a lease whose holder died without releasing it.
      if (await this.leases.takeOverExpired(LOCK_NAME, this.owner, expires, new Date().toISOString())) return;
      if (Date.now() > deadline) throw new AppError(503, 'vinted_busy', 'Another process is writing to Vinted; retry in a minute', undefined, { 'Retry-After': '60' });
      await new Promise((r2) => setTimeout(r2, 250));
    }
  }

  private async release(): Promise<void> {
    await this.leases.release(LOCK_NAME, this.owner);
  }
}
