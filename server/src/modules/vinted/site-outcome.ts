import { AppError } from '../../platform/errors.ts';
import { FormChangedError, SiteSignalError } from './browser/site-watch.ts';
import { FillRefusedError } from './browser/form-filler.ts';
import { SubmitRejectedError } from './browser/form-submit.ts';
import type { LogAction } from './publish-log.repository.ts';
import type { VintedDeps } from './vinted-deps.ts';
import { formChanged, troubleOfFailure, troubleOfSignal } from './vinted-trouble.ts';

// What happens when a flow on the site does not end well. A challenge, a 429, a lost session or a changed form
// stops everything at once and answers `needs_manual` with the reason; nothing is retried from here.

export interface FlowMeta {
  action: LogAction;
  item_id: string | null;
  dry_run: boolean;
  source: 'api' | 'queue';
  started: number;
  writes: number;
  idempotency_key?: string | null;
  /** True once the publish or save button was clicked: the outcome on the site may then be unknown. */
  clicked?: boolean;
}

export interface FlowAnswer {
  status: number;
  body: Record<string, unknown>;
  /** For the queue: retry later (a transient failure before any click), or wait for the seller. */
  retryable: boolean;
}

export async function failureAnswer(d: VintedDeps, e: unknown, m: FlowMeta): Promise<FlowAnswer> {
  const base = { action: m.action, item_id: m.item_id, dry_run: m.dry_run, source: m.source, writes: m.writes, idempotency_key: m.idempotency_key ?? null, duration_ms: Date.now() - m.started };
  const okFlag = m.action === 'publish';
  if (e instanceof SiteSignalError) {
    const s = e.signal;
    await d.guard.onSignal(s.reason, s.retryAfterSeconds);
    if (s.kind === 'session_expired') await d.vault.markExpired();
    await d.publishLog.add({ ...base, outcome: 'needs_manual', reason: s.reason });
    d.events.emit('publish.result', { item_id: m.item_id, ok: false, needs_manual: true, reason: s.reason });
    d.log.warn({ action: m.action, item_id: m.item_id, reason: s.reason, detail: s.detail }, 'vinted asked for a human: stopped');
    return { status: 200, body: { ok: okFlag, dry_run: m.dry_run, needs_manual: true, reason: s.reason, trouble: troubleOfSignal(s) }, retryable: false };
  }
  if (e instanceof FormChangedError) {
    await d.guard.onSignal('form_changed');
    await d.publishLog.add({ ...base, outcome: 'needs_manual', reason: `form_changed:${e.field}` });
    d.events.emit('publish.result', { item_id: m.item_id, ok: false, needs_manual: true, reason: 'form_changed' });
    d.log.warn({ action: m.action, item_id: m.item_id, field: e.field }, 'the Vinted form changed: stopped');
    return { status: 200, body: { ok: okFlag, dry_run: m.dry_run, needs_manual: true, reason: 'form_changed', field: e.field, trouble: formChanged() }, retryable: false };
  }
  if (e instanceof SubmitRejectedError) {
    await d.publishLog.add({ ...base, outcome: 'failed', reason: 'vinted_refused' });
    d.events.emit('publish.result', { item_id: m.item_id, ok: false, reason: 'vinted_refused' });
    return { status: 422, body: { error: { code: 'vinted_refused', message: 'Vinted refused the listing: see the messages', details: { messages: e.messages } } }, retryable: false };
  }
  if (e instanceof FillRefusedError) {
    await d.publishLog.add({ ...base, outcome: 'failed', reason: e.code });
    return { status: 422, body: { error: { code: e.code, message: e.message } }, retryable: false };
  }
  if (e instanceof AppError) {
    await d.publishLog.add({ ...base, outcome: 'failed', reason: e.code });
    throw e;
  }
  // A crash or a timeout. Before a click it is transient; after one the listing may exist: never guess.
  const offline = m.clicked ? null : troubleOfFailure(e);
  await d.publishLog.add({ ...base, outcome: 'failed', reason: m.clicked ? 'outcome_unknown' : offline ? offline.code : 'browser_error' });
  d.log.error({ err: e, action: m.action, item_id: m.item_id }, 'vinted flow failed');
  if (m.clicked) {
    d.events.emit('publish.result', { item_id: m.item_id, ok: false, needs_manual: true, reason: 'outcome_unknown' });
    return { status: 200, body: { ok: okFlag, dry_run: m.dry_run, needs_manual: true, reason: 'outcome_unknown' }, retryable: false };
  }
  if (offline) {
    // Vinted never answered: say so (not "the form could not be filled"), and that trying later is what helps.
    const message = 'Vinted could not be reached (no answer, a network error or a server error): nothing was sent; try again later';
    return { status: 502, body: { error: { code: offline.code, message, details: { params: { action: offline.action }, trouble: offline } } }, retryable: true };
  }
  return { status: 502, body: { error: { code: 'vinted_flow_failed', message: 'The browser could not complete the form on Vinted; nothing was published' } }, retryable: true };
}
