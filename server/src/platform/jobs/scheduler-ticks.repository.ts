import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';

/** The scheduler's claimed ticks: one row per task and tick, so a tick runs once across processes. */
export class SchedulerTicksRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /** Claims a tick of a task; throws when another process (or an earlier run) already holds it (primary key). */
  async claim(name: string, tick: string, at: string, owner: string): Promise<void> {
    await this.db.insertInto('scheduler_ticks').values({ name, tick, claimed_at: at, owner }).execute();
  }

  /** Ticks claimed before `cutoff`: the old logs the daily purge counts and deletes. */
  async countClaimedBefore(cutoff: string): Promise<number> {
    const r = await this.db.selectFrom('scheduler_ticks').select((eb) => eb.fn.countAll<number>().as('n')).where('claimed_at', '<', cutoff).executeTakeFirst();
    return Number(r?.n ?? 0);
  }

  async deleteClaimedBefore(cutoff: string): Promise<void> {
    await this.db.deleteFrom('scheduler_ticks').where('claimed_at', '<', cutoff).execute();
  }
}
