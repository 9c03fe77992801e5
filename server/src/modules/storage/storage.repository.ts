import type { StorageDb } from './storage.tables.ts';

// The cold tier's ledger: which photos the lifecycle moved, and how many bytes.
export class StorageRepository {
  constructor(private readonly db: StorageDb) {}

  async markCold(sha256: string, bytes: number, at: string): Promise<void> {
    await this.db.insertInto('storage_cold_photos').values({ sha256, bytes, moved_at: at })
      .onConflict((oc) => oc.column('sha256').doUpdateSet({ bytes, moved_at: at })).execute();
  }

  async unmarkCold(sha256: string): Promise<void> {
    await this.db.deleteFrom('storage_cold_photos').where('sha256', '=', sha256).execute();
  }

  /** Which of these SHA-256s are in the cold tier. */
  async coldAmong(shas: string[]): Promise<Set<string>> {
    if (shas.length === 0) return new Set();
    const rows = await this.db.selectFrom('storage_cold_photos').select('sha256').where('sha256', 'in', shas).execute();
    return new Set(rows.map((r) => r.sha256));
  }

  async coldTotals(): Promise<{ photos: number; bytes: number }> {
    const r = await this.db.selectFrom('storage_cold_photos')
      .select((eb) => [eb.fn.countAll<string | number>().as('n'), eb.fn.sum<string | number | null>('bytes').as('b')])
      .executeTakeFirstOrThrow();
    return { photos: Number(r.n), bytes: Number(r.b ?? 0) };
  }
}
