import { accountScope } from './account-scope.ts';
import { PACE } from './vinted-facts.ts';
import type { LogAction, LogEntry } from './publish-log.repository.ts';
import type { VintedDeps } from './vinted-deps.ts';

// What the seller's control panel reads: the connector's state at a glance and the publish log, page by page.

export class VintedAdminService {
  constructor(private readonly d: VintedDeps) {}

  /** Session, circuit breaker and pace at a glance (never the session itself). */
  async status() {
    const d = this.d;
    const [info, guard, settings, writes, pubs] = await Promise.all([d.vault.info(), d.guard.status(), d.settings.get(), d.guard.writesLastHour(), d.guard.publicationsLastMinute()]);
    return {
      account_id: accountScope.current(),
      session: {
        present: !!info, state: info?.state ?? null, username: info?.username ?? null, verified_at: info?.verified_at ?? null, expires_at: info?.expires_at ?? null,
        // A green check only for what Vinted confirmed: a session saved while Vinted did not answer is not confirmed.
        confirmed: info?.state === 'active' && info.verified_at !== null,
      },
      guard,
      pace: { writes_last_hour: writes, hourly_write_budget: settings.hourly_write_budget, publications_last_minute: pubs, publications_per_minute: PACE.publicationsPerMinute },
      prepared_forms_open: d.pool.size(),
      base_url: d.config.VINTED_BASE_URL,
    };
  }

  /** Every prepare, publish and draft attempt, newest first, a page after `before`. */
  logPage(opts: { limit: number; before?: { at: string; id: string }; item_id?: string; action?: LogAction }): Promise<{ entries: LogEntry[]; next: { at: string; id: string } | null }> {
    return this.d.publishLog.page(opts);
  }
}
