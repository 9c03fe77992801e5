import type { Transaction } from 'kysely';
import type { Database } from '../../platform/db/schema.ts';
import { AppError } from '../../platform/errors.ts';
import { ownerScope } from '../../platform/security/owner-scope.ts';
import { localDay } from '../../platform/time-zone.ts';
import { nowIso } from '../../platform/time.ts';
import type { LimitColumns, QuotasRepository } from './quotas.repository.ts';
import { quotasTrx } from './quotas.tables.ts';

// Quotas per user (issue 20 point 6), set by the admin; no limit unless set. Only in accounts mode: a single-seller
// install has none and every call here is a no-op. Monthly allowances (listings created, LLM analyses) are counted
// in quota_usage as they are spent (see migration 0021 for why); storage is a level, measured from the data by the
// module that holds it (photos). The Vinted-accounts limit is stored and shown only: there is one Vinted session per
// owner today, so nothing can exceed it yet.

export const QUOTA_METRICS = ['listings', 'analyses', 'storage_bytes', 'vinted_accounts'] as const;
export type QuotaMetric = (typeof QUOTA_METRICS)[number];
type Monthly = 'listings' | 'analyses';

const COLUMN: Record<QuotaMetric, keyof LimitColumns> = {
  listings: 'listings_per_month', analyses: 'analyses_per_month', storage_bytes: 'storage_bytes', vinted_accounts: 'vinted_accounts',
};
/** The header each metered answer carries (only when the user has a limit for it). */
export const QUOTA_HEADER: Record<QuotaMetric, string> = {
  listings: 'x-quota-listings-remaining', analyses: 'x-quota-analyses-remaining', storage_bytes: 'x-quota-storage-remaining', vinted_accounts: 'x-quota-vinted-accounts-remaining',
};

export type QuotaLimits = Record<QuotaMetric, number | null>;
export interface QuotaLine { metric: QuotaMetric; limit: number | null; used: number | null; remaining: number | null }
export interface QuotaOverview { period: string; period_start: string; quotas: QuotaLine[] }

/** A month of the server's wall clock (TZ): YYYY-MM. */
export const currentPeriod = (at = new Date()): string => localDay(at).slice(0, 7);

const num = (v: number | string | null | undefined): number | null => (v === null || v === undefined ? null : Number(v));

export class QuotasService {
  /** What a module measures for a level quota (storage): the current owner's amount. */
  private readonly meters = new Map<QuotaMetric, () => Promise<number>>();

  constructor(private readonly repo: QuotasRepository, readonly enabled: boolean) {}

  /** The holder of a level quota says how to measure it (photos: the bytes of the owner's photos). */
  measure(metric: QuotaMetric, fn: () => Promise<number>): void {
    this.meters.set(metric, fn);
  }

  /** `t`: inside a caller's transaction (on SQLite its one connection is held: a query beside it would wait forever). */
  async limits(userId: string, t?: Transaction<Database>): Promise<QuotaLimits> {
    const row = await this.repo.limits(userId, t ? quotasTrx(t) : undefined);
    return Object.fromEntries(QUOTA_METRICS.map((m) => [m, num(row?.[COLUMN[m]])])) as QuotaLimits;
  }

  /**
   * Sets some limits (null lifts one); the others stay. The admin by hand, or billing from a plan: `t` is then the
   * transaction that records the Stripe event, so the event and the new limits are written together or not at all.
   */
  async setLimits(userId: string, given: Partial<QuotaLimits>, t?: Transaction<Database>): Promise<QuotaLimits> {
    const next = { ...(await this.limits(userId, t)), ...given };
    await this.repo.setLimits(userId, Object.fromEntries(QUOTA_METRICS.map((m) => [COLUMN[m], next[m]])) as unknown as LimitColumns, nowIso(), t ? quotasTrx(t) : undefined);
    return next;
  }

  /**
   * Counts `n` of a monthly allowance for the current owner, or refuses with 402 `quota_exceeded` and counts
   * nothing. Pass the transaction that writes the thing: if it rolls back, so does the count. Work outside any
   * owner (a system sweep) is not metered.
   */
  async spend(metric: Monthly, n: number, t?: Transaction<Database>): Promise<void> {
    const owner = ownerScope.current();
    if (!this.enabled || !owner || n <= 0) return;
    const limit = (await this.limits(owner, t))[metric];
    const period = currentPeriod();
    const db = t ? quotasTrx(t) : undefined;
    if (await this.repo.spend(owner, metric, period, n, limit, db)) return;
    const used = await this.repo.used(owner, metric, period, db);
    throw exceeded(metric, limit!, used, n);
  }

  /**
   * Refuses (402) when `n` more of a monthly allowance would not fit, spending nothing: a caller about to do costly
   * work before the counted step (storing photos before an ingest's analysis) asks first, so it stops before writing.
   */
  async check(metric: Monthly, n: number): Promise<void> {
    const owner = ownerScope.current();
    if (!this.enabled || !owner || n <= 0) return;
    const limit = (await this.limits(owner))[metric];
    if (limit === null) return;
    const used = await this.repo.used(owner, metric, currentPeriod());
    if (used + n > limit) throw exceeded(metric, limit, used, n);
  }

  /** Refuses (402) when `incoming` more of a level quota would pass the current owner's limit. */
  async assertRoom(metric: 'storage_bytes' | 'vinted_accounts', incoming: number): Promise<void> {
    const owner = ownerScope.current();
    if (!this.enabled || !owner || incoming <= 0) return;
    const limit = (await this.limits(owner))[metric];
    if (limit === null) return;
    const used = (await this.meters.get(metric)?.()) ?? 0;
    if (used + incoming > limit) throw exceeded(metric, limit, used, incoming);
  }

  /** A user's limits, what they used and what remains (this month for the monthly ones). */
  async overview(userId: string): Promise<QuotaOverview> {
    const limits = await this.limits(userId);
    const period = currentPeriod();
    const quotas = await ownerScope.run(userId, () => Promise.all(QUOTA_METRICS.map(async (metric): Promise<QuotaLine> => {
      const used = await this.usedOf(userId, metric, period);
      const limit = limits[metric];
      return { metric, limit, used, remaining: limit === null || used === null ? null : Math.max(0, limit - used) };
    })));
    return { period, period_start: `${period}-01`, quotas };
  }

  /** Headers for a metered answer: the remaining amount of each limited quota among `metrics`, for `owner`. */
  async headers(metrics: readonly string[], owner: string): Promise<Record<string, string>> {
    if (!this.enabled) return {};
    const known = QUOTA_METRICS.filter((m) => metrics.includes(m));
    const { quotas } = await ownerScope.run(owner, () => this.overviewOf(owner, known));
    return Object.fromEntries(quotas.filter((q) => q.remaining !== null).map((q) => [QUOTA_HEADER[q.metric], String(q.remaining)]));
  }

  private async overviewOf(owner: string, metrics: readonly QuotaMetric[]): Promise<{ quotas: QuotaLine[] }> {
    const limits = await this.limits(owner);
    const period = currentPeriod();
    const quotas: QuotaLine[] = [];
    for (const metric of metrics) {
      const limit = limits[metric];
      if (limit === null) continue;
      const used = await this.usedOf(owner, metric, period);
      quotas.push({ metric, limit, used, remaining: used === null ? null : Math.max(0, limit - used) });
    }
    return { quotas };
  }

  private async usedOf(owner: string, metric: QuotaMetric, period: string): Promise<number | null> {
    if (metric === 'listings' || metric === 'analyses') return this.repo.used(owner, metric, period);
    const meter = this.meters.get(metric);
    return meter ? meter() : null;
  }
}

function exceeded(metric: QuotaMetric, limit: number, used: number, requested: number): AppError {
  const what = metric === 'storage_bytes' ? 'photo storage' : metric === 'vinted_accounts' ? 'Vinted accounts' : metric === 'analyses' ? 'LLM analyses this month' : 'listings created this month';
  return new AppError(402, 'quota_exceeded', `Quota reached: ${what} (${used} of ${limit} used, ${requested} more asked).`,
    { quota: metric, limit, used, requested, ...(metric === 'storage_bytes' || metric === 'vinted_accounts' ? {} : { period: currentPeriod() }) },
    { [QUOTA_HEADER[metric]]: String(Math.max(0, limit - used)) });
}
