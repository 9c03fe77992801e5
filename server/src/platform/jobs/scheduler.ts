import os from 'node:os';
import { Cron } from 'croner';
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { Database } from '../db/schema.ts';
import { nowIso } from '../time.ts';
import { SchedulerTicksRepository } from './scheduler-ticks.repository.ts';
import { LOCAL_OWNER_ID, ownerScope } from '../security/owner-scope.ts';

export interface ScheduledTask {
  name: string;
  cron: string;
  /** Runs at most once per tick across every process sharing the database. */
  run: (tick: Date) => Promise<void>;
  /**
   * Whose data it touches: by default it runs once per owner with data, in that owner's scope (issue 20). `system`:
   * once, across every owner; the task says in a comment why it must see everyone.
   */
  scope?: 'owners' | 'system';
}

/** Arms recurring work with croner; a row per (task, tick) in the database makes a tick run exactly once. */
export class Scheduler {
  private readonly crons = new Map<string, Cron>();
  private readonly owner = `${os.hostname()}:${process.pid}`;
  private readonly ticks: SchedulerTicksRepository;
  private readonly ownerSources: (() => Promise<string[]>)[] = [];
  /** Ticks under way: stopping waits for them, so none reads a database that is being closed. */
  private readonly running = new Set<Promise<unknown>>();
  private stopped = false;

  constructor(
    db: Kysely<Database>,
    private readonly log: Logger,
    private readonly timezone?: string,
  ) {
    this.ticks = new SchedulerTicksRepository(db);
  }

  add(task: ScheduledTask): void {
    this.crons.get(task.name)?.stop();
    // No croner `name`: croner names are global to the process, and tests run several apps side by side.
    const cron = new Cron(task.cron, { timezone: this.timezone, protect: true }, async (self: Cron) => {
      if (this.stopped) return;
      const tick = self.currentRun() ?? new Date();
      // Croner does not catch: a failing tick (a database gone away) is logged here, never an unhandled rejection.
      const run = this.runTick(task, tick).catch((err) => this.log.error({ task: task.name, err }, 'scheduled tick failed'));
      this.running.add(run);
      await run.finally(() => this.running.delete(run));
    });
    this.crons.set(task.name, cron);
  }

  /** Claims the tick, then runs it; a second process that lost the claim does nothing. */
  async runTick(task: ScheduledTask, tick: Date): Promise<boolean> {
    // Second resolution: a task armed every 30 s has two ticks a minute, each claimed once.
    const key = new Date(Math.floor(tick.getTime() / 1000) * 1000).toISOString();
    try {
      await this.ticks.claim(task.name, key, nowIso(), this.owner);
    } catch {
      return false;
    }
    if (task.scope === 'system') {
      await ownerScope.system(() => this.runOnce(task, tick));
      return true;
    }
    for (const owner of await this.owners()) await ownerScope.run(owner, () => this.runOnce(task, tick, owner));
    return true;
  }

  private async runOnce(task: ScheduledTask, tick: Date, owner?: string) {
    try {
      await task.run(tick);
    } catch (e) {
      this.log.error({ task: task.name, owner, err: e }, 'scheduled task failed');
    }
  }

  /**
   * A module holding owners' data names them (read across owners): a sweep runs for each owner with data. The single
   * seller is always one; in accounts mode the accounts module adds its users.
   */
  addOwnerSource(source: () => Promise<string[]>): void {
    this.ownerSources.push(source);
  }

  /** The owners a per-owner task runs for, each once, in a stable order. */
  async owners(): Promise<string[]> {
    const owners = new Set<string>([LOCAL_OWNER_ID]);
    for (const source of this.ownerSources) for (const o of await ownerScope.system(source)) owners.add(o);
    return [...owners].sort();
  }

  armed(): { name: string; next_run: string | null }[] {
    return [...this.crons.entries()].map(([name, c]) => ({ name, next_run: c.nextRun()?.toISOString() ?? null }));
  }

  /** Disarms every task and waits for the ticks already under way. */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const c of this.crons.values()) c.stop();
    this.crons.clear();
    await Promise.allSettled([...this.running]);
  }
}
