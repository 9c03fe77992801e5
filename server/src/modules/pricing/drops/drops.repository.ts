import type { Kysely } from 'kysely';
import type { Database } from '../../../platform/db/schema.ts';
import { dropsDb, type DropsDb, type PriceDropRunsTable } from './drops.tables.ts';

/** The price-drop module's own tables: the record of each run, and the per-day drop counts. */
export class DropsRepository {
  private readonly db: DropsDb;

  /** `perOwner`: several people share the database (AUTH_MODE=accounts), so install-wide counts are not theirs. */
  constructor(db: Kysely<Database>, private readonly perOwner = false) {
    this.db = dropsDb(db);
  }

  async insertRun(row: PriceDropRunsTable): Promise<void> {
    await this.db.insertInto('price_drop_runs').values(row).execute();
  }

  /** The real runs of one day (few: the schedule, a catch-up, manual runs), newest first. */
  async runsOn(day: string): Promise<Pick<PriceDropRunsTable, 'settings' | 'dropped'>[]> {
    return this.db.selectFrom('price_drop_runs').select(['settings', 'dropped']).where('day', '=', day).orderBy('started_at', 'desc').orderBy('id', 'desc').execute();
  }

  /** The day of the last real (not dry) run, any trigger. */
  async lastRunDay(): Promise<string | null> {
    const r = await this.db.selectFrom('price_drop_runs').select((eb) => eb.fn.max('day').as('day')).executeTakeFirst();
    return (r?.day as string | null | undefined) ?? null;
  }

  async recentRuns(limit: number): Promise<PriceDropRunsTable[]> {
    return this.db.selectFrom('price_drop_runs').selectAll().orderBy('started_at', 'desc').orderBy('id', 'desc').limit(limit).execute();
  }

  /** Automatic drops recorded on UTC days from `day` on (the trigger-kept counts). */
  async dropsSince(day: string): Promise<number> {
    if (this.perOwner) {
      // Several people: price_drop_days counts everyone's drops; each person's are counted from their own history.
      const own = await this.db.selectFrom('price_history').select((eb) => eb.fn.countAll<number>().as('n'))
        .where('reason', '=', 'automatic_drop').where('at', '>=', day).executeTakeFirst();
      return Number(own?.n ?? 0);
    }
    const r = await this.db.selectFrom('price_drop_days').select((eb) => eb.fn.sum<number>('n').as('n')).where('day', '>=', day).executeTakeFirst();
    return Number(r?.n ?? 0);
  }

  /** The id of the latest run (the missed-day catch-up reads it), '' with none. */
  async latestRunId(): Promise<string> {
    return (await this.db.selectFrom('price_drop_runs').select('id').orderBy('started_at', 'desc').limit(1).executeTakeFirst())?.id ?? '';
  }

  async countRunsBefore(cutoff: string, keepId: string): Promise<number> {
    const r = await this.db.selectFrom('price_drop_runs').select((eb) => eb.fn.countAll<number>().as('n')).where('started_at', '<', cutoff).where('id', '<>', keepId).executeTakeFirst();
    return Number(r?.n ?? 0);
  }

  async deleteRunsBefore(cutoff: string, keepId: string): Promise<void> {
    await this.db.deleteFrom('price_drop_runs').where('started_at', '<', cutoff).where('id', '<>', keepId).execute();
  }
}
