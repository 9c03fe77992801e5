import type { Kysely } from 'kysely';
import type { OwnerDataHandler } from '../owner-data.ts';
import { eraseOnly } from '../owner-data.repository.ts';
import type { Database, JobRunsTable } from '../db/schema.ts';
import { AppError } from '../errors.ts';
import { ownerScope } from '../security/owner-scope.ts';
import { newId, nowIso } from '../time.ts';

export type JobState = 'queued' | 'running' | 'completed' | 'failed' | 'cancelled';
export const FINISHED_STATES: readonly JobState[] = ['completed', 'failed', 'cancelled'];

export interface JobRun {
  id: string;
  kind: string;
  state: JobState;
  payload: Record<string, unknown>;
  progress: Record<string, unknown>;
  result: unknown;
  error: string | null;
  attempts: number;
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
  updated_at: string;
}

const parse = (r: JobRunsTable): JobRun => ({
  ...r,
  state: r.state as JobState,
  payload: JSON.parse(r.payload),
  progress: JSON.parse(r.progress),
  result: r.result === null ? null : JSON.parse(r.result),
});

export class JobRunsRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async create(kind: string, payload: Record<string, unknown>, id = newId()): Promise<JobRun> {
    const at = nowIso();
    const row: JobRunsTable = {
      id, kind, state: 'queued', payload: JSON.stringify(payload), progress: '{}', result: null, error: null,
      attempts: 0, created_at: at, started_at: null, finished_at: null, updated_at: at,
    };
    await this.db.insertInto('job_runs').values(row).execute();
    return parse(row);
  }

  async get(id: string): Promise<JobRun | null> {
    const r = await this.db.selectFrom('job_runs').selectAll().where('id', '=', id).executeTakeFirst();
    return r ? parse(r) : null;
  }

  async list(opts: { kind?: string; limit?: number } = {}): Promise<JobRun[]> {
    let q = this.db.selectFrom('job_runs').selectAll().orderBy('created_at', 'desc').orderBy('id', 'desc').limit(opts.limit ?? 50);
    if (opts.kind) q = q.where('kind', '=', opts.kind);
    return (await q.execute()).map(parse);
  }

  /** Runs that were queued or running when the process stopped: they are resumed at start-up, whoever queued them. */
  async unfinished(kinds: string[]): Promise<JobRun[]> {
    if (kinds.length === 0) return [];
    // System scope: the runner resumes every owner's jobs; each then runs in its own owner's scope.
    const rows = await ownerScope.system(() => this.db
      .selectFrom('job_runs').selectAll()
      .where('state', 'in', ['queued', 'running']).where('kind', 'in', kinds)
      .orderBy('created_at').execute());
    return rows.map(parse);
  }

  /** Moves queued → running; false when another process (or a cancel) got there first. */
  async claim(id: string): Promise<boolean> {
    const at = nowIso();
    const res = await this.db
      .updateTable('job_runs')
      .set((eb) => ({ state: 'running', started_at: at, updated_at: at, attempts: eb('attempts', '+', 1) }))
      .where('id', '=', id).where('state', '=', 'queued')
      .executeTakeFirst();
    return Number(res.numUpdatedRows) === 1;
  }

  async requeue(id: string): Promise<void> {
    // Across owners: start-up puts back every owner's interrupted job.
    await ownerScope.system(() => this.db.updateTable('job_runs').set({ state: 'queued', updated_at: nowIso() }).where('id', '=', id).where('state', '=', 'running').execute());
  }

  async setProgress(id: string, progress: Record<string, unknown>): Promise<void> {
    await this.db.updateTable('job_runs').set({ progress: JSON.stringify(progress), updated_at: nowIso() }).where('id', '=', id).execute();
  }

  async finish(id: string, state: 'completed' | 'failed', result: unknown, error: string | null): Promise<boolean> {
    const at = nowIso();
    const res = await this.db
      .updateTable('job_runs')
      .set({ state, result: result === undefined ? null : JSON.stringify(result), error, finished_at: at, updated_at: at })
      .where('id', '=', id).where('state', '=', 'running')
      .executeTakeFirst();
    return Number(res.numUpdatedRows) === 1;
  }

  async cancel(id: string): Promise<boolean> {
    const at = nowIso();
    const res = await this.db
      .updateTable('job_runs').set({ state: 'cancelled', finished_at: at, updated_at: at })
      .where('id', '=', id).where('state', 'in', ['queued', 'running'])
      .executeTakeFirst();
    return Number(res.numUpdatedRows) === 1;
  }

  /** The owner a job was queued for (read across owners: the runner learns whose scope to run it in). */
  async ownerOf(id: string): Promise<string | undefined> {
    const r = await ownerScope.system(() => this.db.selectFrom('job_runs').select('owner_id').where('id', '=', id).executeTakeFirst());
    return r?.owner_id ?? undefined;
  }

  async state(id: string): Promise<JobState | null> {
    const r = await this.db.selectFrom('job_runs').select('state').where('id', '=', id).executeTakeFirst();
    return (r?.state as JobState) ?? null;
  }

  /** Finished runs last updated before `cutoff`: the old logs the daily purge counts and deletes. */
  async countFinishedBefore(cutoff: string): Promise<number> {
    const r = await this.db.selectFrom('job_runs').select((eb) => eb.fn.countAll<number>().as('n'))
      .where('state', 'in', [...FINISHED_STATES]).where('updated_at', '<', cutoff).executeTakeFirst();
    return Number(r?.n ?? 0);
  }

  /** The kinds of `owner`'s runs in progress (across owners: the admin's deletion of a person asks). */
  async runningKindsOf(owner: string): Promise<string[]> {
    const rows = await ownerScope.system(() => this.db.selectFrom('job_runs').select('kind').distinct().where('owner_id', '=', owner).where('state', '=', 'running').orderBy('kind').execute());
    return rows.map((r) => r.kind);
  }

  async deleteFinishedBefore(cutoff: string): Promise<void> {
    await this.db.deleteFrom('job_runs').where('state', 'in', [...FINISHED_STATES]).where('updated_at', '<', cutoff).execute();
  }
}

/**
 * A person's job runs (imports, exports, bulk work in progress) are their own record: erased, not handed over. A
 * person with a run in progress is not deleted (409 `user_has_running_jobs`): the run would go on writing rows under
 * an id that no longer exists.
 */
export function jobRunsOwnerData(runs: JobRunsRepository): OwnerDataHandler {
  return {
    ...eraseOnly('platform/jobs', { job_runs: 'owner_id' }),
    check: async (owner) => {
      const kinds = await runs.runningKindsOf(owner);
      if (kinds.length) throw new AppError(409, 'user_has_running_jobs', `This person has work running (${kinds.join(', ')}): wait until it ends or cancel it, then delete them`, { kinds });
    },
  };
}
