import { AppError } from '../../platform/errors.ts';
import type { Signal } from './challenge-signals.ts';
import type { PublishLogRepository } from './publish-log.repository.ts';
import { PACE } from './vinted-facts.ts';
import { GuardRepository } from './guard.repository.ts';
import type { VintedDb, VintedGuardTable } from './vinted.tables.ts';

// The pace and the circuit breaker. Before any action on the site: no full stop in force, no back-off running,
// the publication rate and the hourly write budget respected. After a signal from the site: stop or back off.

const HOUR = 60 * 60_000;
const MINUTE = 60_000;

export type StopReason = Signal['reason'] | 'form_changed';

export interface GuardStatus {
  stopped: boolean;
  stopped_reason: string | null;
  stopped_at: string | null;
  backoff_until: string | null;
  backoff_seconds_left: number;
}

export class PaceGuard {
  private readonly rows: GuardRepository;

  constructor(
    db: VintedDb,
    private readonly log: PublishLogRepository,
    private readonly now: () => number = Date.now,
  ) {
    this.rows = new GuardRepository(db);
  }

  async status(): Promise<GuardStatus> {
    const g = await this.row();
    const left = g?.backoff_until ? Math.max(0, Math.ceil((Date.parse(g.backoff_until) - this.now()) / 1000)) : 0;
    return {
      stopped: !!g?.stopped_reason, stopped_reason: g?.stopped_reason ?? null, stopped_at: g?.stopped_at ?? null,
      backoff_until: left > 0 ? g!.backoff_until : null, backoff_seconds_left: left,
    };
  }

  /** Refuses while a full stop or a back-off is in force. */
  async assertSiteOpen(): Promise<void> {
    const s = await this.status();
    if (s.stopped) {
      throw new AppError(409, 'vinted_stopped', `Vinted actions are stopped (${s.stopped_reason}) since ${s.stopped_at}: check your account on Vinted, then save a fresh session or POST /vinted/resume`, {
        reason: s.stopped_reason, stopped_at: s.stopped_at,
      });
    }
    if (s.backoff_seconds_left > 0) {
      throw new AppError(429, 'site_backoff', `Vinted asked us to slow down: waiting until ${s.backoff_until}`, { backoff_until: s.backoff_until }, { 'Retry-After': String(s.backoff_seconds_left) });
    }
  }

  /** At most PACE.publicationsPerMinute real publications in any rolling minute. */
  async assertPublicationRate(): Promise<void> {
    const now = this.now();
    const recent = await this.log.publicationsSince(new Date(now - MINUTE).toISOString());
    if (recent.length >= PACE.publicationsPerMinute) {
      const oldest = Date.parse(recent[recent.length - PACE.publicationsPerMinute]);
      const wait = Math.max(1, Math.ceil((oldest + MINUTE - now) / 1000));
      throw new AppError(429, 'publish_rate_limited', `At most ${PACE.publicationsPerMinute} publications a minute`, { limit: PACE.publicationsPerMinute }, { 'Retry-After': String(wait) });
    }
  }

  /** Room for `writes` more writes within the rolling hour's budget. */
  async assertWriteBudget(writes: number, budget: number): Promise<void> {
    if (writes > budget) {
      throw new AppError(422, 'write_budget_too_small', `This needs ${writes} writes but the hourly budget is ${budget}: raise it in the settings or use fewer photos`, { writes, budget });
    }
    const now = this.now();
    const rows = await this.log.writesSince(new Date(now - HOUR).toISOString());
    const used = rows.reduce((n, r) => n + r.writes, 0);
    if (used + writes <= budget) return;
    // The wait is until enough of the oldest writes leave the window.
    let freed = 0;
    let until = now + HOUR;
    for (const r of rows) {
      freed += r.writes;
      if (used - freed + writes <= budget) {
        until = Date.parse(r.at) + HOUR;
        break;
      }
    }
    const wait = Math.max(1, Math.ceil((until - now) / 1000));
    throw new AppError(429, 'write_budget_exhausted', `The hourly write budget (${budget}) is used up: ${used} writes in the last hour`, { used, budget, needed: writes }, { 'Retry-After': String(wait) });
  }

  async writesLastHour(): Promise<number> {
    const rows = await this.log.writesSince(new Date(this.now() - HOUR).toISOString());
    return rows.reduce((n, r) => n + r.writes, 0);
  }

  async publicationsLastMinute(): Promise<number> {
    return (await this.log.publicationsSince(new Date(this.now() - MINUTE).toISOString())).length;
  }

  /** What a signal from the site does: a 429 backs off (15 min, doubling); anything else is a full stop. */
  async onSignal(reason: StopReason, retryAfterSeconds?: number): Promise<void> {
    const g = await this.row();
    const at = new Date(this.now());
    if (reason === 'site_rate_limited') {
      const ms = g?.backoff_ms ? Math.min(g.backoff_ms * 2, PACE.maxBackoffMs) : PACE.firstBackoffMs;
      const wait = Math.max(ms, (retryAfterSeconds ?? 0) * 1000);
      await this.upsert({ backoff_ms: ms, backoff_until: new Date(at.getTime() + wait).toISOString() });
      return;
    }
    await this.upsert({ stopped_reason: reason, stopped_at: at.toISOString() });
  }

  /** A write the site accepted: the next 429 starts the back-off from its first step again. */
  async onSuccess(): Promise<void> {
    const g = await this.row();
    if (g?.backoff_ms) await this.upsert({ backoff_ms: null });
  }

  /** The seller acted (checked their account, saved a new session): lift the full stop. A back-off runs its course. */
  async resume(): Promise<boolean> {
    const g = await this.row();
    if (!g?.stopped_reason) return false;
    await this.upsert({ stopped_reason: null, stopped_at: null });
    return true;
  }

  private async row(): Promise<VintedGuardTable | null> {
    return this.rows.get();
  }

  private async upsert(patch: Partial<Omit<VintedGuardTable, 'id'>>): Promise<void> {
    await this.rows.put(patch);
  }
}
