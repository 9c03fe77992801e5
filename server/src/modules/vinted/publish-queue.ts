import { AppError } from '../../platform/errors.ts';
import { nowIso } from '../../platform/time.ts';
import type { Item, PublishLineItem } from '../listings/index.ts';
import type { PublicationService } from './publication.service.ts';
import type { FlowAnswer } from './site-outcome.ts';
import type { VintedDeps } from './vinted-deps.ts';
import type { VintedQueueTable } from './vinted.tables.ts';

// The publish queue: every 30 s, the drafts the seller opted in one by one (`publish_opt_in`) that pass the gates
// go through prepare and publish (or save-as-Vinted-draft when the seller prefers it), one at a time, within the
// pace and the budget. A failure before any click retries later with exponential back-off; after N failures the
// item lands in the dead-letter state with its reason; anything that asks for a human waits for the seller.

export type QueueState = 'pending' | 'retry' | 'dry_run_ok' | 'published' | 'drafted' | 'needs_manual' | 'not_ready' | 'dead';
const WAITING: QueueState[] = ['pending', 'retry'];
const RETRY_BASE_MS = 60_000;
const RETRY_MAX_MS = 60 * 60_000;
const BATCH = 10;

export interface QueueEntry {
  item_id: string;
  title: string;
  state: QueueState;
  attempts: number;
  next_attempt_at: string | null;
  last_error: string | null;
  vinted_draft_id: string | null;
  updated_at: string | null;
}

export interface TickReport { ran: boolean; skipped?: string; processed: { item_id: string; state: QueueState; reason?: string }[]; stopped_by?: string }

export class PublishQueue {
  private running: Promise<TickReport> | null = null;

  constructor(
    private readonly d: VintedDeps,
    private readonly publication: PublicationService,
  ) {}

  /** One pass of the queue; a pass already running in this process is joined rather than doubled. */
  runOnce(): Promise<TickReport> {
    this.running ??= this.pass().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private async pass(): Promise<TickReport> {
    const settings = await this.d.settings.get();
    if (!settings.publication_enabled || !settings.terms_acknowledged_at) return { ran: false, skipped: 'publication_disabled', processed: [] };
    const guard = await this.d.guard.status();
    if (guard.stopped) return { ran: false, skipped: `stopped:${guard.stopped_reason}`, processed: [] };
    if (guard.backoff_seconds_left > 0) return { ran: false, skipped: 'site_backoff', processed: [] };
    const report: TickReport = { ran: true, processed: [] };
    for (const id of await this.candidates(settings.dry_run)) {
      const item = await this.d.listings.get(id).catch(() => null);
      if (!item || item.status !== 'draft' || !item.publish_opt_in) continue;
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
    return report;
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
    const ready = (await this.d.listings.publishLine()).filter((i) => i.publish_ready);
    const rows = await this.d.queueRows.many(ready.map((i) => i.id));
    const due = (i: PublishLineItem) => {
      const q = rows.get(i.id);
      if (!q) return true;
      if (WAITING.includes(q.state as QueueState)) return q.next_attempt_at === null || q.next_attempt_at <= now;
      // An edit after "not ready", or leaving dry run, puts an item back in line.
      if (q.state === 'not_ready') return i.updated_at > q.updated_at;
      return !dryRun && q.state === 'dry_run_ok';
    };
    return ready.filter(due).slice(0, BATCH).map((i) => i.id);
  }

  /** The opted-in drafts, and every item the queue handled, with where each stands (oldest first, at most 500). */
  async list(): Promise<{ queue_size: number; items: QueueEntry[] }> {
    const [line, queued] = await Promise.all([this.d.listings.publishLine(), this.d.queueRows.all()]);
    const inLine = new Set(line.map((i) => i.id));
    const others = await this.d.listings.publishLineItems(queued.map((q) => q.item_id).filter((id) => !inLine.has(id)));
    const rows = new Map(queued.map((q) => [q.item_id, q]));
    const ordered = [...line, ...others].sort((a, b) => (a.created_at === b.created_at ? (a.id < b.id ? -1 : 1) : a.created_at < b.created_at ? -1 : 1)).slice(0, 500);
    const items: QueueEntry[] = ordered.map((i) => {
      const q = rows.get(i.id);
      return {
        item_id: i.id, title: i.title,
        state: (q?.state ?? (i.publish_ready ? 'pending' : 'not_ready')) as QueueState,
        attempts: q?.attempts ?? 0, next_attempt_at: q?.next_attempt_at ?? null, last_error: q?.last_error ?? (i.publish_ready || q ? null : 'not_publish_ready'),
        vinted_draft_id: q?.vinted_draft_id ?? null, updated_at: q?.updated_at ?? null,
      };
    });
    return { queue_size: items.filter((i) => WAITING.includes(i.state)).length, items };
  }

  /** The seller dealt with a needs_manual or dead item: put it back in line with a clean slate. */
  async requeue(itemId: string): Promise<QueueEntry> {
    const item = await this.d.listings.get(itemId);
    await this.setState(itemId, 'pending', { attempts: 0, last_error: null, next_attempt_at: null });
    return (await this.list()).items.find((i) => i.item_id === itemId) ?? {
      item_id: itemId, title: item.title, state: 'pending', attempts: 0, next_attempt_at: null, last_error: null, vinted_draft_id: null, updated_at: nowIso(),
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
