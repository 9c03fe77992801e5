import { AppError } from '../../platform/errors.ts';
import { ownerScope } from '../../platform/security/owner-scope.ts';
import { accountScope } from './account-scope.ts';
import { nowIso } from '../../platform/time.ts';
import type { Item, PublishLineItem } from '../listings/index.ts';
import type { PriceSync } from './price-sync.ts';
import type { PublicationService } from './publication.service.ts';
import type { QueueBinder } from './queue-binding.ts';
import type { FlowAnswer } from './site-outcome.ts';
import type { VintedDeps } from './vinted-deps.ts';
import type { VintedQueueTable } from './vinted.tables.ts';

// The publish queue: every 30 s, the drafts the seller opted in one by one (`publish_opt_in`) that pass the gates
// go through prepare and publish (or save-as-Vinted-draft when the seller prefers it), one at a time, within the
// pace and the budget. A failure before any click retries later with exponential back-off; after N failures the
// item lands in the dead-letter state with its reason; anything that asks for a human waits for the seller.
// Each Vinted account has its own queue (issue 20 point 4): an entry names the account it was queued for (the one
// active when the seller opted the draft in, see queue-binding.ts) and only a pass of that account, with its session,
// settings and pace, sends it. A draft no account took yet joins the active account's queue.

export type QueueState = 'bound' | 'pending' | 'retry' | 'dry_run_ok' | 'published' | 'drafted' | 'needs_manual' | 'not_ready' | 'dead'
  // A listed item's new price on its way to Vinted (price_sync: updated, tried in a dry run, failed and waiting).
  | 'price_updated' | 'price_dry_run_ok' | 'price_retry';
const WAITING: QueueState[] = ['pending', 'retry'];
const RETRY_BASE_MS = 60_000;
const RETRY_MAX_MS = 60 * 60_000;
const BATCH = 10;

export interface QueueEntry {
  account_id: string;
  item_id: string;
  title: string;
  state: QueueState;
  attempts: number;
  next_attempt_at: string | null;
  last_error: string | null;
  vinted_draft_id: string | null;
  updated_at: string | null;
}

export interface TickReport { account_id?: string; ran: boolean; skipped?: string; processed: { item_id: string; state: QueueState; reason?: string }[]; stopped_by?: string }

export class PublishQueue {
  /** Passes under way in this process, by owner and account. */
  private readonly running = new Map<string, Promise<TickReport>>();

  constructor(
    private readonly d: VintedDeps,
    private readonly publication: PublicationService,
    private readonly binder: QueueBinder,
    private readonly prices?: PriceSync,
  ) {}

  /**
   * One pass of one account's queue (`accountId`), or of every account of the current owner in turn (the schedule).
   * A pass of the same account already running in this process is joined rather than doubled.
   */
  async runOnce(accountId?: string): Promise<TickReport> {
    if (accountId) return this.runFor(accountId);
    const all: TickReport = { ran: false, processed: [] };
    for (const id of await this.binder.accounts.ids()) {
      const r = await this.runFor(id);
      all.ran ||= r.ran;
      all.processed.push(...r.processed);
      all.stopped_by ??= r.stopped_by;
      if (!r.ran) all.skipped ??= r.skipped;
    }
    return all;
  }

  private runFor(accountId: string): Promise<TickReport> {
    const key = `${ownerScope.current() ?? ''}:${accountId}`;
    let pass = this.running.get(key);
    if (!pass) {
      pass = accountScope.run(accountId, () => this.pass()).then((r) => ({ account_id: accountId, ...r })).finally(() => this.running.delete(key));
      this.running.set(key, pass);
    }
    return pass;
  }

  /** True when the current account is the owner's active one: it takes the opted-in drafts no account took yet. */
  private async takesNew(): Promise<boolean> {
    return (await this.binder.accounts.activeId()) === accountScope.current();
  }

  private async pass(): Promise<TickReport> {
    await this.binder.settled();
    const settings = await this.d.settings.get();
    if (!settings.publication_enabled || !settings.terms_acknowledged_at) return { ran: false, skipped: 'publication_disabled', processed: [] };
    const guard = await this.d.guard.status();
    if (guard.stopped) return { ran: false, skipped: `stopped:${guard.stopped_reason}`, processed: [] };
    if (guard.backoff_seconds_left > 0) return { ran: false, skipped: 'site_backoff', processed: [] };
    const report: TickReport = { ran: true, processed: [] };
    for (const id of await this.candidates(settings.dry_run)) {
      const item = await this.d.listings.get(id).catch(() => null);
      if (!item || item.status !== 'draft' || !item.publish_opt_in) continue;
      // A draft no account took yet is this account's from now on, whatever happens to this attempt.
      const row = await this.row(item.id);
      if (!row || row.state === 'bound') await this.setState(item.id, 'pending', {});
      let answer: FlowAnswer;
      try {
        answer = await this.process(item, settings.dry_run, settings.prefer_vinted_draft, settings.hourly_write_budget);
      } catch (e) {
        if (e instanceof AppError && (e.status === 429 || e.code === 'vinted_stopped' || e.code === 'publication_disabled' || e.code === 'vinted_busy')) {
          // The pace or the breaker says "not now": the item keeps its place and its attempts.
          report.stopped_by = e.code;
          break;
        }
        if (e instanceof AppError && e.status < 500 && e.code !== 'prepared_form_gone') {
          await this.setState(item.id, 'needs_manual', { last_error: e.code });
          report.processed.push({ item_id: item.id, state: 'needs_manual', reason: e.code });
          continue;
        }
        answer = { status: 502, body: { error: { code: e instanceof AppError ? e.code : 'error' } }, retryable: true };
      }
      const state = await this.record(item.id, answer, settings.queue_max_attempts, settings.dry_run, settings.prefer_vinted_draft);
      report.processed.push({ item_id: item.id, state, reason: reasonOf(answer) ?? undefined });
      // A challenge stops the whole pass, not only this item.
      if (answer.body.needs_manual) {
        report.stopped_by = String(answer.body.reason);
        break;
      }
    }
    if (!report.stopped_by) await this.priceChanges(settings.dry_run, report);
    return report;
  }

  /**
   * Listed items whose price changed here (a drop, an edit) get it on Vinted too, one at a time under the same gates.
   * A dry run is tried once per change (until the item changes again); a failure waits with the same back-off.
   */
  private async priceChanges(dryRun: boolean, report: TickReport): Promise<void> {
    if (!this.prices) return;
    const now = nowIso();
    const changes = await this.d.listings.pendingVintedPrices(BATCH * 5);
    const rows = await this.d.queueRows.many(changes.map((c) => c.id));
    // A listing's price is changed by the account that published it.
    const by = await this.d.publishLog.publishedBy(changes.map((c) => c.id));
    const me = accountScope.current();
    const fallback = (await this.takesNew()) ? me : null;
    const due = changes.filter((c) => {
      const q = rows.get(c.id);
      if ((by.get(c.id) ?? q?.account_id ?? fallback) !== me) return false;
      if (!q || !q.state.startsWith('price_') && q.state !== 'needs_manual' && q.state !== 'dead') return true;
      if (q.state === 'price_dry_run_ok') return !dryRun || c.updated_at > q.updated_at;
      if (q.state === 'price_retry') return q.next_attempt_at === null || q.next_attempt_at <= now;
      if (q.state === 'needs_manual' || q.state === 'dead') return c.updated_at > q.updated_at;
      return true;
    }).slice(0, BATCH);
    for (const c of due) {
      let answer: FlowAnswer;
      try {
        answer = await this.prices.update(c.id, dryRun, 'queue');
      } catch (e) {
        if (e instanceof AppError && (e.status === 429 || e.code === 'vinted_stopped' || e.code === 'publication_disabled' || e.code === 'vinted_busy')) {
          report.stopped_by = e.code;
          return;
        }
        answer = { status: e instanceof AppError ? e.status : 502, body: { error: { code: e instanceof AppError ? e.code : 'error' } }, retryable: !(e instanceof AppError && e.status < 500) };
      }
      const attempts = rows.get(c.id)?.attempts ?? 0;
      let state: QueueState;
      if (answer.status === 200 && answer.body.ok === true && !answer.body.needs_manual) {
        state = dryRun ? 'price_dry_run_ok' : 'price_updated';
        await this.setState(c.id, state, { attempts: 0, last_error: null, next_attempt_at: null });
      } else if (answer.body.needs_manual) {
        state = 'needs_manual';
        await this.setState(c.id, state, { last_error: reasonOf(answer) });
      } else {
        state = 'price_retry';
        const wait = Math.min(RETRY_MAX_MS, RETRY_BASE_MS * 2 ** attempts);
        await this.setState(c.id, state, { attempts: attempts + 1, last_error: reasonOf(answer), next_attempt_at: new Date(Date.now() + wait).toISOString() });
      }
      report.processed.push({ item_id: c.id, state, reason: reasonOf(answer) ?? undefined });
      if (answer.body.needs_manual) {
        report.stopped_by = String(answer.body.reason);
        return;
      }
    }
  }

  private async process(item: Item, dryRun: boolean, preferDraft: boolean, budget: number): Promise<FlowAnswer> {
    if (preferDraft) return this.publication.saveDraft(item.id, dryRun, undefined, 'queue');
    if (!dryRun) {
      // Checked before preparing: uploading the photos of a listing that cannot be published now wastes writes.
      await this.d.guard.assertPublicationRate();
      await this.d.guard.assertWriteBudget(item.photos.length + 1, budget);
    }
    const prepared = await this.publication.prepare({ draft_id: item.id }, dryRun, 'queue');
    const token = prepared.body.confirm_token;
    if (typeof token !== 'string') return prepared;
    try {
      return await this.publication.publish({ confirm_token: token, dry_run: dryRun }, undefined, 'queue');
    } finally {
      // Whatever happened, this pass is done with the form (a dry run leaves it open otherwise).
      await this.publication.releaseForm(token);
    }
  }

  private async record(itemId: string, a: FlowAnswer, maxAttempts: number, dryRun: boolean, preferDraft: boolean): Promise<QueueState> {
    const row = await this.row(itemId);
    const attempts = row?.attempts ?? 0;
    if (a.status === 200 && a.body.ok === true && !a.body.needs_manual) {
      const state: QueueState = dryRun ? 'dry_run_ok' : preferDraft ? 'drafted' : 'published';
      await this.setState(itemId, state, { last_error: null, vinted_draft_id: (a.body.vinted_draft_id as string | null | undefined) ?? null });
      return state;
    }
    if (a.body.needs_manual) {
      await this.setState(itemId, 'needs_manual', { last_error: reasonOf(a) });
      return 'needs_manual';
    }
    if (a.body.reason === 'not_ready') {
      await this.setState(itemId, 'not_ready', { last_error: (a.body.missing_fields as string[]).join(',') });
      return 'not_ready';
    }
    if (!a.retryable || attempts + 1 >= maxAttempts) {
      await this.setState(itemId, 'dead', { attempts: attempts + 1, last_error: reasonOf(a) });
      return 'dead';
    }
    const wait = Math.min(RETRY_MAX_MS, RETRY_BASE_MS * 2 ** attempts);
    await this.setState(itemId, 'retry', { attempts: attempts + 1, last_error: reasonOf(a), next_attempt_at: new Date(Date.now() + wait).toISOString() });
    return 'retry';
  }

  /** Opted-in drafts that pass the gates, not waiting on the seller or a back-off, oldest first. */
  private async candidates(dryRun: boolean): Promise<string[]> {
    const now = nowIso();
    const me = accountScope.current();
    const takesNew = await this.takesNew();
    const ready = (await this.d.listings.publishLine()).filter((i) => i.publish_ready);
    const rows = await this.d.queueRows.many(ready.map((i) => i.id));
    const due = (i: PublishLineItem) => {
      const q = rows.get(i.id);
      if (!q) return takesNew;
      if ((q.account_id ?? (takesNew ? me : null)) !== me) return false;
      // Bound when the seller opted it in: this account's, not handled yet.
      if (q.state === 'bound') return true;
      if (WAITING.includes(q.state as QueueState)) return q.next_attempt_at === null || q.next_attempt_at <= now;
      // An edit after "not ready", or leaving dry run, puts an item back in line.
      if (q.state === 'not_ready') return i.updated_at > q.updated_at;
      return !dryRun && q.state === 'dry_run_ok';
    };
    return ready.filter(due).slice(0, BATCH).map((i) => i.id);
  }

  /** The opted-in drafts, and every item the queue handled, with where each stands (oldest first, at most 500). */
  async list(): Promise<{ account_id: string; queue_size: number; items: QueueEntry[] }> {
    await this.binder.settled();
    const me = accountScope.current();
    const takesNew = await this.takesNew();
    const [opted, queued] = await Promise.all([this.d.listings.publishLine(), this.d.queueRows.all()]);
    // The opted-in drafts of this account's queue: those queued for it, and those no account took yet if it is active.
    const taken = await this.d.queueRows.many(opted.map((i) => i.id));
    const line = opted.filter((i) => {
      const q = taken.get(i.id);
      return q ? (q.account_id ?? (takesNew ? me : null)) === me : takesNew;
    });
    const inLine = new Set(line.map((i) => i.id));
    const others = await this.d.listings.publishLineItems(queued.filter((q) => q.state !== 'bound').map((q) => q.item_id).filter((id) => !inLine.has(id)));
    const rows = new Map(queued.map((q) => [q.item_id, q]));
    const ordered = [...line, ...others].sort((a, b) => (a.created_at === b.created_at ? (a.id < b.id ? -1 : 1) : a.created_at < b.created_at ? -1 : 1)).slice(0, 500);
    const items: QueueEntry[] = ordered.map((i) => {
      const q = ((r) => (r?.state === 'bound' ? undefined : r))(rows.get(i.id));
      return {
        account_id: me, item_id: i.id, title: i.title,
        state: (q?.state ?? (i.publish_ready ? 'pending' : 'not_ready')) as QueueState,
        attempts: q?.attempts ?? 0, next_attempt_at: q?.next_attempt_at ?? null, last_error: q?.last_error ?? (i.publish_ready || q ? null : 'not_publish_ready'),
        vinted_draft_id: q?.vinted_draft_id ?? null, updated_at: q?.updated_at ?? null,
      };
    });
    return { account_id: me, queue_size: items.filter((i) => WAITING.includes(i.state)).length, items };
  }

  /** The seller dealt with a needs_manual or dead item: put it back in line with a clean slate. */
  async requeue(itemId: string): Promise<QueueEntry> {
    const item = await this.d.listings.get(itemId);
    await this.setState(itemId, 'pending', { attempts: 0, last_error: null, next_attempt_at: null });
    return (await this.list()).items.find((i) => i.item_id === itemId) ?? {
      account_id: accountScope.current(), item_id: itemId, title: item.title, state: 'pending', attempts: 0, next_attempt_at: null, last_error: null, vinted_draft_id: null, updated_at: nowIso(),
    };
  }

  private async row(itemId: string): Promise<VintedQueueTable | null> {
    return this.d.queueRows.get(itemId);
  }

  private async setState(itemId: string, state: QueueState, patch: Partial<Omit<VintedQueueTable, 'item_id' | 'state'>>) {
    await this.d.queueRows.put(itemId, { state, updated_at: nowIso(), ...patch });
  }
}

function reasonOf(a: FlowAnswer): string | null {
  if (typeof a.body.reason === 'string') return a.body.reason;
  const err = a.body.error as { code?: string } | undefined;
  return err?.code ?? null;
}
