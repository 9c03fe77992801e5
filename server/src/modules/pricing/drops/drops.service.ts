import os from 'node:os';
import type { Logger } from 'pino';
import type { JsonSetting } from '../../../platform/settings/json-setting.ts';
import { newId, nowIso } from '../../../platform/time.ts';
import type { AutoDropCandidate, AutoDropChange, CandidateScope, DropPlan, Item, ListingsService } from '../../listings/index.ts';
import { describeRule, planDrop } from './drop-rules.ts';
import { centsOrNull, eurosOrNull } from '../../../platform/money.ts';
import { dropPolicyOf, type PricingSettings } from './drop-settings.ts';
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
  /** Items with neither floor nor suggested minimum, left alone because `without_floor` is `skip` (the default). */
  skipped_without_floor: number;
  /** Items following the default while `drop_by_default` is off: only items switched on one by one drop. */
  skipped_not_switched_on: number;
  /** Items whose charm rounding kept the price (the rate is smaller than a step of the ending): never a bigger drop than the rate. */
  held_by_rounding: number;
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

// The dry run and the preview read candidates in pages of this size (they write nothing). The run itself sizes its
// batches by the time each takes (listings' drop-batch-size.ts), unless `batchSize` fixes it.
const BATCH = 250;

/**
 * Nightly automatic price drops: set-based batches read from an index of the items a drop may lower, at most once
 * per item and calendar day. The new prices are chosen here (drop-rules.ts, the one place the rules live); listings
 * writes them with their history and tells the seller.
 */
export class PriceDropService {
  readonly timeZone: string;
  private readonly owner = `${os.hostname()}:${process.pid}`;

  constructor(
    private readonly repo: DropsRepository,
    private readonly listings: Pick<ListingsService, 'applyAutoDrops' | 'autoDropCandidates'>,
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
   * Runs the drop for the day of `now`, a batch at a time: each batch's price changes and history rows commit
   * together, and the run row once every batch is done. Items already dropped that day are never lowered again, so
   * any second run that day (restart, manual, another process, a run stopped midway) changes nothing already changed.
   */
  async run(opts: { trigger: DropTrigger; dryRun?: boolean; now?: Date; limit?: number } = { trigger: 'manual' }): Promise<DropRunResult> {
    const now = opts.now ?? new Date();
    const day = this.dayOf(now);
    if (opts.dryRun) return this.compute(day, opts.trigger, opts.limit ?? 100, true);
    const settings = await this.settings.get();
    const startedAt = nowIso();
    const acc = this.newResult(day, opts.trigger, false);
    const { scope, before } = await this.dayState(day, settings);
    const { applied } = await this.listings.applyAutoDrops(day, this.opts.batchSize ?? 'adaptive', scope, (batch) => this.plan(batch, settings, acc, opts.limit ?? 100));
    acc.dropped = applied;
    acc.already_dropped_that_day = before;
    const runId = newId();
    await this.repo.insertRun({
      id: runId, day, trigger: opts.trigger, settings: JSON.stringify(settings), considered: acc.considered, dropped: acc.dropped,
      reached_floor: acc.reached_floor, started_at: startedAt, finished_at: nowIso(), owner: this.owner,
    });
    acc.run_id = runId;
    this.log.info({ day, trigger: opts.trigger, considered: acc.considered, dropped: acc.dropped }, 'price drop run');
    return acc;
  }

  /**
   * What a run on `day` starts from: the drops earlier runs made that day, and which items it considers. Items a run
   * already looked at that day are skipped (a second run finds nothing due from the index), unless the seller changed
   * the drop settings since: then every item not lowered that day is considered again under the new settings.
   */
  private async dayState(day: string, settings: PricingSettings): Promise<{ scope: CandidateScope; before: number }> {
    const earlier = await this.repo.runsOn(day);
    const last = earlier[0];
    const same = !last || last.settings === JSON.stringify(settings);
    return { scope: same ? 'checked' : 'not_dropped', before: earlier.reduce((n, r) => n + r.dropped, 0) };
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
      skipped_without_floor: 0, skipped_not_switched_on: 0, held_by_rounding: 0, already_dropped_that_day: 0, changes: [], changes_truncated: false,
    };
  }

  /** The new prices of one batch; fills the counters and the first `limit` changes of `acc`. */
  private plan(batch: AutoDropCandidate[], s: PricingSettings, acc: DropRunResult, limit: number) {
    const changes: AutoDropChange[] = [];
    // A run that was asked for runs: the on/off switch of the schedule is the scheduler's (scheduled()).
    const policy = { ...dropPolicyOf(s), auto_drop_enabled: true };
    const SKIPPED = { not_switched_on: 'skipped_not_switched_on', no_floor: 'skipped_without_floor', held_by_rounding: 'held_by_rounding', at_floor: 'already_at_floor' } as const;
    for (const c of batch) {
      acc.considered++;
      // The same decision as each item's auto_drop_plan, counted by reason.
      const d = planDrop({ ...c, status: 'listed', auto_drop: true }, policy);
      if (!d.will_drop || d.floor_cents === null || d.next_price_cents === null) {
        const counter = SKIPPED[d.reason as keyof typeof SKIPPED];
        if (counter) acc[counter]++;
        continue;
      }
      const [floor, price, rate] = [d.floor_cents, d.next_price_cents, d.rate];
      const atFloor = price <= floor;
      if (atFloor) acc.reached_floor++;
      changes.push({ id: c.id, title: c.title, old_cents: c.price_cents, new_cents: price, rule: describeRule(rate, s.rounding, floor) });
      if (acc.changes.length < limit) {
        acc.changes.push({ item_id: c.id, title: c.title, old_price: c.price_cents / 100, new_price: price / 100, floor: floor / 100, rate, at_floor: atFloor });
      } else acc.changes_truncated = true;
    }
    return changes;
  }

  private async compute(day: string, trigger: DropRunResult['trigger'], limit: number, dryRun = true): Promise<DropRunResult> {
    const settings = await this.settings.get();
    const acc = this.newResult(day, trigger, dryRun);
    const { scope, before } = await this.dayState(day, settings);
    for await (const batch of this.listings.autoDropCandidates(day, this.opts.batchSize ?? BATCH, scope)) {
      acc.dropped += this.plan(batch, settings, acc, limit).length;
    }
    acc.already_dropped_that_day = before;
    return acc;
  }

  /** What the next scheduled run would do with each of these items, and down to which floor (each item's auto_drop_plan). */
  async planItems(items: Item[]): Promise<DropPlan[]> {
    const policy = dropPolicyOf(await this.settings.get());
    return items.map((i) => {
      const d = planDrop({
        status: i.status, price_cents: centsOrNull(i.price), auto_drop: i.auto_drop, auto_drop_chosen: i.auto_drop_chosen,
        floor_cents: centsOrNull(i.floor), suggestion_min_cents: centsOrNull(i.price_suggestion?.min), drop_rate: i.drop_rate,
      }, policy);
      return { will_drop: d.will_drop, reason: d.reason, floor: eurosOrNull(d.floor_cents), rate: d.rate, next_price: eurosOrNull(d.next_price_cents) };
    });
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
