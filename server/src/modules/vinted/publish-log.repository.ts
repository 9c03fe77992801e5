import { sql } from 'kysely';
import { newId, nowIso } from '../../platform/time.ts';
import { accountScope } from './account-scope.ts';
import type { VintedDb, VintedPublishLogTable } from './vinted.tables.ts';

// Every attempt to prepare, publish or save a draft, whatever its outcome. The write budget and the publication
// rate are counted from these rows, so they hold across restarts and across processes. Each line names the Vinted
// account it acted for (migration 0023); the pace and the log pages count and show the current account's lines.

export type LogAction = 'prepare' | 'publish' | 'draft' | 'price';
export type LogOutcome = 'ok' | 'needs_manual' | 'failed' | 'rejected';

export interface LogEntryInput {
  action: LogAction;
  item_id: string | null;
  idempotency_key?: string | null;
  dry_run: boolean;
  outcome: LogOutcome;
  reason?: string | null;
  listing_id?: string | null;
  listing_url?: string | null;
  writes?: number;
  duration_ms?: number | null;
  source: 'api' | 'queue';
  at?: string;
}

export interface LogEntry {
  id: string;
  account_id: string | null;
  at: string;
  action: LogAction;
  item_id: string | null;
  idempotency_key: string | null;
  dry_run: boolean;
  outcome: LogOutcome;
  reason: string | null;
  listing_id: string | null;
  listing_url: string | null;
  writes: number;
  duration_ms: number | null;
  source: 'api' | 'queue';
}

export class PublishLogRepository {
  constructor(private readonly db: VintedDb) {}

  async add(e: LogEntryInput): Promise<LogEntry> {
    const row: VintedPublishLogTable = {
      id: newId(), account_id: accountScope.current(), at: e.at ?? nowIso(), action: e.action, item_id: e.item_id, idempotency_key: e.idempotency_key ?? null,
      dry_run: e.dry_run ? 1 : 0, outcome: e.outcome, reason: e.reason ?? null, listing_id: e.listing_id ?? null,
      listing_url: e.listing_url ?? null, writes: e.writes ?? 0, duration_ms: e.duration_ms ?? null, source: e.source,
    };
    await this.db.insertInto('vinted_publish_log').values(row).execute();
    return toEntry(row);
  }

  /** Newest first, by keyset on (at, id). */
  async page(opts: { limit: number; before?: { at: string; id: string }; item_id?: string; action?: LogAction }): Promise<{ entries: LogEntry[]; next: { at: string; id: string } | null }> {
    let q = this.db.selectFrom('vinted_publish_log').selectAll().where('account_id', '=', accountScope.current());
    if (opts.item_id) q = q.where('item_id', '=', opts.item_id);
    if (opts.action) q = q.where('action', '=', opts.action);
    if (opts.before) q = q.where(sql<boolean>`(at, id) < (${opts.before.at}, ${opts.before.id})`);
    const rows = await q.orderBy('at', 'desc').orderBy('id', 'desc').limit(opts.limit + 1).execute();
    const more = rows.length > opts.limit;
    const page = (more ? rows.slice(0, opts.limit) : rows).map(toEntry);
    const last = page[page.length - 1];
    return { entries: page, next: more && last ? { at: last.at, id: last.id } : null };
  }

  /** Writes to the site since `sinceIso`, with the times they happened (for the budget's Retry-After). */
  async writesSince(sinceIso: string): Promise<{ at: string; writes: number }[]> {
    return this.db.selectFrom('vinted_publish_log').select(['at', 'writes']).where('account_id', '=', accountScope.current()).where('at', '>', sinceIso).where('writes', '>', 0).orderBy('at').execute();
  }

  /** Real publications that reached the site since `sinceIso` (rejections before any action do not count). */
  async publicationsSince(sinceIso: string): Promise<string[]> {
    const rows = await this.db.selectFrom('vinted_publish_log').select('at').where('account_id', '=', accountScope.current())
      .where('action', '=', 'publish').where('dry_run', '=', 0).where('outcome', '!=', 'rejected').where('at', '>', sinceIso)
      .orderBy('at').execute();
    return rows.map((r) => r.at);
  }

  /** The account that put each of these items on Vinted (its last real publication), for price updates. */
  async publishedBy(itemIds: string[]): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    if (!itemIds.length) return out;
    const rows = await this.db.selectFrom('vinted_publish_log').select(['item_id', 'account_id'])
      .where('item_id', 'in', itemIds.slice(0, 500)).where('action', '=', 'publish').where('dry_run', '=', 0).where('outcome', '=', 'ok')
      .orderBy('at').execute();
    for (const r of rows) if (r.item_id && r.account_id) out.set(r.item_id, r.account_id);
    return out;
  }
}

function toEntry(r: VintedPublishLogTable): LogEntry {
  return {
    id: r.id, account_id: r.account_id, at: r.at, action: r.action as LogAction, item_id: r.item_id, idempotency_key: r.idempotency_key, dry_run: r.dry_run === 1,
    outcome: r.outcome as LogOutcome, reason: r.reason, listing_id: r.listing_id, listing_url: r.listing_url, writes: r.writes,
    duration_ms: r.duration_ms, source: r.source as 'api' | 'queue',
  };
}
