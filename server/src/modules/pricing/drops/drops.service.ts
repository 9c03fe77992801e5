import os from 'node:os';
import type { Logger } from 'pino';
import type { EventBus } from '../../../platform/events.ts';
import { newId, nowIso } from '../../../platform/time.ts';
import type { JsonSetting } from '../../maintenance/json-setting.ts';
import { describeRule, effectiveFloor, nextPrice } from './drop-rules.ts';
import type { PricingSettings } from './drop-settings.ts';
import { type DropCandidate, DropsRepository, type PriceChange } from './drops.repository.ts';
import { type DropsDb } from './drops.tables.ts';
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

/** Nightly automatic price drops: set-based, in one transaction, at most once per item and calendar day. */
export class PriceDropService {
  readonly repo: DropsRepository;
  readonly timeZone: string;
  private readonly owner = `${os.hostname()}:${process.pid}`;

  constructor(
    db: DropsDb,
    private readonly events: EventBus,
    private readonly log: Logger,
    readonly settings: JsonSetting<PricingSettings>,
    private readonly opts: DropsOptions,
  ) {
    this.repo = new DropsRepository(db);
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
    const dropped: (PriceChange & { title: string })[] = [];
    const result = await this.repo.db.transaction().execute(async (trx) => {
      const acc = this.newResult(day, opts.trigger, false);
      for await (const batch of this.repo.candidates(day, this.opts.batchSize ?? BATCH, trx)) {
        const changes = this.plan(batch, settings, acc, opts.limit ?? 100);
        const done = await this.repo.applyBatch(changes, day, nowIso(), trx);
        for (const c of changes) if (done.has(c.id)) dropped.push(c);
      }
      acc.dropped = dropped.length;
      acc.already_dropped_that_day = await this.repo.countDroppedOn(day, trx) - acc.dropped;
      const runId = newId();
      await this.repo.insertRun({
        id: runId, day, trigger: opts.trigger, settings: JSON.stringify(settings), considered: acc.considered, dropped: acc.dropped,
        reached_floor: acc.reached_floor, started_at: startedAt, finished_at: nowIso(), owner: this.owner,
      }, trx);
      acc.run_id = runId;
      return acc;
    });
    // After the commit: a rolled-back run must not have told the seller anything.
    for (const c of dropped) {
      this.events.emit('price.dropped', { item_id: c.id, title: c.title, old_price: c.old_cents / 100, new_price: c.new_cents / 100, rule: c.rule });
    }
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
  private plan(batch: DropCandidate[], s: PricingSettings, acc: DropRunResult, limit: number) {
    const changes: (PriceChange & { title: string })[] = [];
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
    for await (const batch of this.repo.candidates(day, this.opts.batchSize ?? BATCH)) {
      acc.dropped += this.plan(batch, settings, acc, limit).length;
    }
    acc.already_dropped_that_day = await this.repo.countDroppedOn(day);
    return acc;
  }
}
