import os from 'node:os';
import type { Logger } from 'pino';
import type { JsonSetting } from '../../../platform/settings/json-setting.ts';
import { newId, nowIso } from '../../../platform/time.ts';
import type { AutoDropCandidate, AutoDropChange, ListingsService } from '../../listings/index.ts';
import { describeRule, effectiveFloor, nextPrice } from './drop-rules.ts';
import type { PricingSettings } from './drop-settings.ts';
import type { DropsRepository } from './drops.repository.ts';
import type { PriceDropRunsTable } from './drops.tables.ts';
import { localDay, nextOccurrence, systemTimeZone } from './local-day.ts';

export type DropTrigger = 'schedule' | 'catch_up' | 'manual';

export interface DropChange {
  item_id: string;
  title: string;
  old_price: number;
  new_price: number;
  floor: number;
  rate: number;
  at_floor: boolean;
}

export interface DropRunResult {
  run_id: string | null;
  day: string;
  trigger: DropTrigger | 'preview';
  dry_run: boolean;
  /** Listed items with auto-drop on and not yet dropped that day. */
  considered: number;
  dropped: number;
  /** Of the dropped, those that landed on their floor. */
  reached_floor: number;
  /** Considered but already at their floor: nothing to lower. */
  already_at_floor: number;
  /** Items with neither floor nor suggested minimum, left alone because `without_floor` is `skip`. */
  skipped_without_floor: number;
  /** Listed items already dropped that day, by an earlier run (the per-day guard). */
  already_dropped_that_day: number;
  changes: DropChange[];
  changes_truncated: boolean;
}

export interface DropsOptions {
  cron: string;
  timeZone?: string;
  batchSize?: number;
}

const BATCH = 2000;

/**
 * Nightly automatic price drops: set-based, in one transaction, at most once per item and calendar day. The new
 * prices are chosen here; listings writes them with their history and tells the seller.
 */
export class PriceDropService {
  readonly timeZone: string;
  private readonly owner = `${os.hostname()}:${process.pid}`;

  constructor(
    private readonly repo: DropsRepository,
    private readonly listings: Pick<ListingsService, 'applyAutoDrops' | 'autoDropCandidates' | 'countAutoDroppedOn'>,
    private readonly log: Logger,
    readonly settings: JsonSetting<PricingSettings>,
    private readonly opts: DropsOptions,
  ) {
    this.timeZone = opts.timeZone ?? systemTimeZone();
  }

  dayOf(at: Date): string {
    return localDay(at, this.timeZone);
  }

  /** The day the next scheduled run belongs to (today's date when the schedule is off). */
  nextRunDay(now: Date): string {
    const next = this.opts.cron === 'off' ? null : nextOccurrence(this.opts.cron, this.timeZone, now);
    return this.dayOf(next ?? now);
  }

  /** What the next scheduled run would change, computed exactly as the run computes it, writing nothing. */
  async preview(now = new Date(), limit = 100): Promise<DropRunResult> {
    return this.compute(this.nextRunDay(now), 'preview', limit);
  }

  /**
   * Runs the drop for the day of `now`. Every change, the history rows and the run row commit together or not at
   * all; items already dropped that day are not candidates, so any second run that day (restart, manual, another
   * process) changes nothing it already changed.
   */
  async run(opts: { trigger: DropTrigger; dryRun?: boolean; now?: Date; limit?: number } = { trigger: 'manual' }): Promise<DropRunResult> {
    const now = opts.now ?? new Date();
    const day = this.dayOf(now);
    if (opts.dryRun) return this.compute(day, opts.trigger, opts.limit ?? 100, true);
    const settings = await this.settings.get();
    const startedAt = nowIso();
    const acc = this.newResult(day, opts.trigger, false);
    // The run row commits with the price changes; listings tells the seller only after that commit.
    const result = await this.listings.applyAutoDrops(day, this.opts.batchSize ?? BATCH, (batch) => this.plan(batch, settings, acc, opts.limit ?? 100),
      async (trx, done) => {
        acc.dropped = done.applied.length;
        acc.already_dropped_that_day = done.droppedThatDay - acc.dropped;
        const runId = newId();
        await this.repo.insertRun({
          id: runId, day, trigger: opts.trigger, settings: JSON.stringify(settings), considered: acc.considered, dropped: acc.dropped,
          reached_floor: acc.reached_floor, started_at: startedAt, finished_at: nowIso(), owner: this.owner,
        }, trx);
        acc.run_id = runId;
        return acc;
      });
    this.log.info({ day, trigger: opts.trigger, considered: result.considered, dropped: result.dropped }, 'price drop run');
    return result;
  }

  /** The scheduler's entry point: honours the seller's on/off switch. */
  async scheduled(trigger: 'schedule' | 'catch_up', now = new Date()): Promise<DropRunResult | null> {
    if (!(await this.settings.get()).auto_drop_enabled) {
      this.log.info({ trigger }, 'automatic price drops are off in the settings; run skipped');
      return null;
    }
    return this.run({ trigger, now });
  }

  /**
   * Missed-day policy: a run missed because the app was off is made up once, for today only, when today's
   * scheduled time has passed and today has no run yet. Earlier missed days are not made up (a price never falls
   * two steps at once), and a fresh install with no run yet waits for its first scheduled time.
   */
  async catchUpNeeded(now = new Date()): Promise<boolean> {
    if (this.opts.cron === 'off') return false;
    const last = await this.repo.lastRunDay();
    const today = this.dayOf(now);
    if (last === null || last >= today) return false;
    const sinceYesterday = nextOccurrence(this.opts.cron, this.timeZone, new Date(now.getTime() - 26 * 3600_000));
    // The last scheduled time before now, if it fell today.
    let t = sinceYesterday;
    let lastDue: Date | null = null;
    while (t && t <= now) {
      lastDue = t;
      t = nextOccurrence(this.opts.cron, this.timeZone, t);
    }
    return lastDue !== null && this.dayOf(lastDue) === today;
  }

  private newResult(day: string, trigger: DropRunResult['trigger'], dryRun: boolean): DropRunResult {
    return {
      run_id: null, day, trigger, dry_run: dryRun, considered: 0, dropped: 0, reached_floor: 0, already_at_floor: 0,
      skipped_without_floor: 0, already_dropped_that_day: 0, changes: [], changes_truncated: false,
    };
  }

  /** The new prices of one batch; fills the counters and the first `limit` changes of `acc`. */
  private plan(batch: AutoDropCandidate[], s: PricingSettings, acc: DropRunResult, limit: number) {
    const changes: AutoDropChange[] = [];
    const minFloor = Math.round(s.min_floor * 100);
    for (const c of batch) {
      acc.considered++;
      const floor = effectiveFloor(c.floor_cents, c.suggestion_min_cents, minFloor, s.without_floor);
      if (floor === null) {
        acc.skipped_without_floor++;
        continue;
      }
      const rate = c.drop_rate ?? s.drop_rate;
      const step = nextPrice(c.price_cents, rate, floor, s.rounding);
      if (!step.changed) {
        acc.already_at_floor++;
        continue;
      }
      if (step.atFloor) acc.reached_floor++;
      changes.push({ id: c.id, title: c.title, old_cents: c.price_cents, new_cents: step.price, rule: describeRule(rate, s.rounding, floor) });
      if (acc.changes.length < limit) {
        acc.changes.push({ item_id: c.id, title: c.title, old_price: c.price_cents / 100, new_price: step.price / 100, floor: floor / 100, rate, at_floor: step.atFloor });
      } else acc.changes_truncated = true;
    }
    return changes;
  }

  private async compute(day: string, trigger: DropRunResult['trigger'], limit: number, dryRun = true): Promise<DropRunResult> {
    const settings = await this.settings.get();
    const acc = this.newResult(day, trigger, dryRun);
    for await (const batch of this.listings.autoDropCandidates(day, this.opts.batchSize ?? BATCH)) {
      acc.dropped += this.plan(batch, settings, acc, limit).length;
    }
    acc.already_dropped_that_day = await this.listings.countAutoDroppedOn(day);
    return acc;
  }

  /** Recent runs, newest first. */
  recentRuns(limit: number): Promise<PriceDropRunsTable[]> {
    return this.repo.recentRuns(limit);
  }

  /** Automatic drops over the UTC days from `day` (YYYY-MM-DD) on. */
  dropsSince(day: string): Promise<number> {
    return this.repo.dropsSince(day);
  }

  /**
   * Run records started before `cutoff` (the housekeeping's old logs), counted and, unless `dryRun`, deleted. The
   * latest run always stays: the missed-day catch-up reads it.
   */
  async purgeRunsBefore(cutoff: string, dryRun: boolean): Promise<number> {
    const latest = await this.repo.latestRunId();
    const n = await this.repo.countRunsBefore(cutoff, latest);
    if (!dryRun) await this.repo.deleteRunsBefore(cutoff, latest);
    return n;
  }
}
