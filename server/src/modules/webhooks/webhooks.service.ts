import type { Logger } from 'pino';
import { AppError, notFound } from '../../platform/errors.ts';
import type { JobQueue } from '../../platform/jobs/job-queue.ts';
import { decodePairCursor, encodePairCursor } from '../../platform/http/pair-cursor.ts';
import { checkDestination, type Resolver } from '../../platform/security/safe-fetch.ts';
import type { SecretBox } from '../../platform/security/secret-box.ts';
import { newId, nowIso } from '../../platform/time.ts';
import type { ListingsService } from '../listings/index.ts';
import { DELIVER_JOB, policyFor, secretContext, type WebhookDeliverer } from './webhook-delivery.ts';
import { TEST_EVENT, type WebhookEvent } from './webhook-events.ts';
import { newWebhookSecret, secretHint } from './webhook-signature.ts';
import type { WebhooksRepository } from './webhooks.repository.ts';
import type { CreateWebhookInput, Delivery, PatchWebhookInput, Webhook } from './webhooks.schemas.ts';
import type { DeliveryRow, WebhookRow } from './webhooks.tables.ts';
import { ownerScope } from '../../platform/security/owner-scope.ts';

const toWebhook = (r: WebhookRow): Webhook => ({
  id: r.id, url: r.url, events: JSON.parse(r.events), description: r.description, secret_hint: r.secret_hint,
  allow_local: r.allow_local === 1, active: r.active === 1, created_at: r.created_at, updated_at: r.updated_at,
});

const toDelivery = (r: DeliveryRow): Delivery => ({
  id: r.id, webhook_id: r.webhook_id, event: r.event, state: r.state, attempts: r.attempts, response_code: r.response_code,
  error: r.error, test: r.test === 1, created_at: r.created_at, first_attempt_at: r.first_attempt_at, last_attempt_at: r.last_attempt_at,
  next_attempt_at: r.next_attempt_at, payload: JSON.parse(r.payload),
});

export class WebhooksService {
  constructor(
    private readonly repo: WebhooksRepository,
    private readonly box: SecretBox,
    private readonly deliverer: WebhookDeliverer,
    private readonly jobs: JobQueue,
    private readonly listings: ListingsService,
    private readonly log: Logger,
    private readonly resolve?: Resolver,
  ) {}

  /** Creates a subscription; the answer is the only one that ever carries the secret. */
  async create(input: CreateWebhookInput): Promise<Webhook & { secret: string }> {
    await this.checkUrl(input.url, input.allow_local ?? false);
    const id = newId();
    const secret = newWebhookSecret();
    const at = nowIso();
    const row: WebhookRow = {
      id, url: input.url, events: JSON.stringify([...new Set(input.events)]), description: input.description ?? null,
      secret_sealed: this.box.seal(secret, secretContext(id)), secret_hint: secretHint(secret),
      allow_local: input.allow_local ? 1 : 0, active: input.active === false ? 0 : 1, created_at: at, updated_at: at,
    };
    await this.repo.insert(row);
    return { ...toWebhook(row), secret };
  }

  async list(): Promise<Webhook[]> {
    return (await this.repo.list()).map(toWebhook);
  }

  async get(id: string): Promise<Webhook> {
    return toWebhook(await this.row(id));
  }

  async patch(id: string, input: PatchWebhookInput): Promise<Webhook> {
    const current = await this.row(id);
    const url = input.url ?? current.url;
    const allowLocal = input.allow_local ?? current.allow_local === 1;
    // Checked again whenever the destination or its permission changes: nothing is saved when it is refused.
    if (input.url !== undefined || input.allow_local !== undefined) await this.checkUrl(url, allowLocal);
    const patch: Partial<WebhookRow> = { url, allow_local: allowLocal ? 1 : 0, updated_at: nowIso() };
    if (input.events) patch.events = JSON.stringify([...new Set(input.events)]);
    if (input.description !== undefined) patch.description = input.description;
    if (input.active !== undefined) patch.active = input.active ? 1 : 0;
    await this.repo.update(id, patch);
    return this.get(id);
  }

  async delete(id: string): Promise<void> {
    if (!(await this.repo.delete(id))) throw this.notFound(id);
  }

  /** Sends a test event now and answers its delivery (one attempt, no retries: the seller is watching). */
  async sendTest(id: string): Promise<Delivery> {
    const hook = await this.row(id);
    const [d] = this.newDeliveries([hook], TEST_EVENT, { message: 'Test event from VintedBot: your endpoint receives and verifies our webhooks.' }, true);
    await this.repo.insertDeliveries([d]);
    return toDelivery((await this.deliverer.attempt(d.id, hook))!);
  }

  async deliveries(id: string, limit: number, cursor?: string): Promise<{ deliveries: Delivery[]; next_cursor: string | null }> {
    await this.row(id);
    const before = cursor ? decodePairCursor(cursor) : undefined;
    const rows = await this.repo.deliveries(id, limit + 1, before);
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return { deliveries: page.map(toDelivery), next_cursor: rows.length > limit && last ? encodePairCursor(last.created_at, last.id) : null };
  }

  /** An event happened: one delivery per active subscription to it, each queued as a job. */
  /**
   * Queues `event` for dispatch with the others emitted in the same turn of the event loop: the subscriptions are read
   * once per event type and turn, not once per event (a price-drop batch emits hundreds at a time, issue 23).
   */
  dispatchSoon(event: WebhookEvent, data: Record<string, unknown>): Promise<void> {
    // The owner whose data changed (issue 20): the events of one turn may come from several owners' requests, and
    // each goes only to its own owner's subscriptions. Outside an owner's scope there is no subscriber to tell.
    const owner = ownerScope.current();
    if (!owner) return Promise.resolve();
    return new Promise((resolve, reject) => {
      this.pending.push({ owner, event, data, resolve, reject });
      if (this.pending.length === 1) setImmediate(() => void this.flushPending());
    });
  }

  private pending: { owner: string; event: WebhookEvent; data: Record<string, unknown>; resolve: () => void; reject: (e: unknown) => void }[] = [];

  private async flushPending(): Promise<void> {
    const batch = this.pending.splice(0);
    const owners = [...new Set(batch.map((p) => p.owner))];
    for (const owner of owners) await ownerScope.run(owner, () => this.flushOwner(batch.filter((p) => p.owner === owner)));
  }

  private async flushOwner(batch: WebhooksService['pending']): Promise<void> {
    const hooksOf = new Map<WebhookEvent, Promise<WebhookRow[]>>();
    for (const p of batch) {
      if (!hooksOf.has(p.event)) hooksOf.set(p.event, this.repo.subscribedTo(p.event));
      try {
        await this.dispatchTo(await hooksOf.get(p.event)!, p.event, p.data);
        p.resolve();
      } catch (e) {
        p.reject(e);
      }
    }
  }

  async dispatch(event: WebhookEvent, data: Record<string, unknown>): Promise<void> {
    return this.dispatchTo(await this.repo.subscribedTo(event), event, data);
  }

  private async dispatchTo(hooks: WebhookRow[], event: WebhookEvent, data: Record<string, unknown>): Promise<void> {
    if (hooks.length === 0) return;
    const rows = this.newDeliveries(hooks, event, await this.enrich(data), false);
    await this.repo.insertDeliveries(rows);
    for (const r of rows) await this.jobs.enqueue(DELIVER_JOB, { delivery_id: r.id });
  }

  /** Events about an item carry the item's main fields, so a receiver needs no call back to act on it. */
  private async enrich(data: Record<string, unknown>): Promise<Record<string, unknown>> {
    if (typeof data.item_id !== 'string') return data;
    const item = await this.listings.get(data.item_id).catch(() => null);
    if (!item) return data;
    const { id, title, status, price, brand, category, size, condition, sold_price } = item;
    return { ...data, item: { id, title, status, price, brand, category, size, condition, sold_price, vinted_url: item.vinted.url } };
  }

  private newDeliveries(hooks: WebhookRow[], event: string, data: Record<string, unknown>, test: boolean): DeliveryRow[] {
    const at = nowIso();
    return hooks.map((h) => {
      const id = newId();
      return {
        id, webhook_id: h.id, event, payload: JSON.stringify({ id, event, created_at: at, data }), state: 'queued', attempts: 0,
        response_code: null, error: null, test: test ? 1 : 0, next_attempt_at: null, first_attempt_at: null, last_attempt_at: null, created_at: at,
      };
    });
  }

  /** The photo fetches' URL guard, with the same codes (url_invalid, url_forbidden_address), nothing saved when refused. */
  private async checkUrl(url: string, allowLocal: boolean) {
    try {
      await checkDestination(url, policyFor(allowLocal), this.resolve);
    } catch (e) {
      if (e instanceof AppError && (e.code === 'url_forbidden_address' || e.code === 'url_invalid')) {
        const hint = e.code === 'url_forbidden_address' ? ' (set allow_local on this webhook to send to your own network)' : '';
        throw new AppError(400, e.code, e.message + hint, { params: { url }, field: 'url' });
      }
      throw e;
    }
  }

  private async row(id: string): Promise<WebhookRow> {
    const r = await this.repo.get(id);
    if (!r) throw this.notFound(id);
    return r;
  }

  private notFound(id: string) {
    return notFound('webhook_not_found', `No webhook with id ${id}`, { params: { id } });
  }
}
