import { isUniqueViolation, type VintedDb } from './vinted.tables.ts';

// Lease rows of `vinted_locks` (WriteLock): taken by inserting, taken over once expired, released by their owner.

export class WriteLockRepository {
  constructor(private readonly db: VintedDb) {}

  /** True when this insert took the lease; false when another holder has it (the primary key decides). */
  async take(name: string, owner: string, expiresAt: string): Promise<boolean> {
    try {
      await this.db.insertInto('vinted_locks').values({ name, owner, expires_at: expiresAt }).execute();
      return true;
    } catch (e) {
      if (!isUniqueViolation(e)) throw e;
      return false;
    }
  }

  /** Takes over a lease whose holder let it expire (a crash); true when this call got it. */
  async takeOverExpired(name: string, owner: string, expiresAt: string, now: string): Promise<boolean> {
    const r = await this.db.updateTable('vinted_locks').set({ owner, expires_at: expiresAt })
      .where('name', '=', name).where('expires_at', '<', now).executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  async release(name: string, owner: string): Promise<void> {
    await this.db.deleteFrom('vinted_locks').where('name', '=', name).where('owner', '=', owner).execute();
  }
}
