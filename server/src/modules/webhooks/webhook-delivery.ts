import type { Logger } from 'pino';
import { AppError } from '../../platform/errors.ts';
import type { JobQueue } from '../../platform/jobs/job-queue.ts';
import { type AddressPolicy, allowingSubnets, publicAddressesOnly, type Resolver, safeFetch } from '../../platform/security/safe-fetch.ts';
import type { SecretBox } from '../../platform/security/secret-box.ts';
import { nowIso } from '../../platform/time.ts';
import { signWebhook } from './webhook-signature.ts';
import type { WebhooksRepository } from './webhooks.repository.ts';
import type { DeliveryRow, WebhookRow } from './webhooks.tables.ts';

export const DELIVER_JOB = 'webhooks.deliver';
/** Longest wait between two attempts, whatever the doubling says. */
const MAX_DELAY_MS = 6 * 3600_000;
/** What "local addresses" means when a seller allows them on a subscription: loopback and private networks (a NAS,
 *  n8n on the LAN). Link-local and the cloud metadata addresses stay refused even then. */
const LOCAL_NETWORKS = ['127.0.0.0/8', '10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '::1/128', 'fc00::/7'];
const localAllowed = allowingSubnets(LOCAL_NETWORKS);

export const policyFor = (allowLocal: boolean): AddressPolicy => (allowLocal ? localAllowed : publicAddressesOnly);

export interface DeliveryOptions {
  timeoutMs: number;
  retryBaseMs: number;
  retryHours: number;
  resolve?: Resolver;
  /** Runs `fn` once per owner, in that owner's scope (the retry timer's pass over everyone's due retries). */
  eachOwner?: (fn: () => Promise<void>) => Promise<void>;
}

/** The sealed secret's context: a secret sealed for one subscription does not open as another's. */
export const secretContext = (webhookId: string) => `webhook:${webhookId}`;

/**
 * Sends deliveries, one attempt per job run (so a receiver that is down never holds a job slot), and keeps retries
 * going: a failed attempt sets `retrying` with its next time (exponential back-off from WEBHOOK_RETRY_BASE_MS, for
 * WEBHOOK_RETRY_HOURS after the first attempt); a timer in this process and a scheduler tick every minute (which
 * also covers a restart, as the rows hold the state) put due retries back on the job queue.
 */
export class WebhookDeliverer {
  private timer: NodeJS.Timeout | null = null;
  private timerAt = Infinity;
  private stopped = false;

  constructor(
    private readonly repo: WebhooksRepository,
    private readonly box: SecretBox,
    private readonly jobs: JobQueue,
    private readonly log: Logger,
    private readonly opts: DeliveryOptions,
  ) {}

  delayAfter(attempts: number): number {
    return Math.min(this.opts.retryBaseMs * 2 ** Math.max(0, attempts - 1), MAX_DELAY_MS);
  }

  /** One attempt of a delivery; records its outcome (and the next retry) and answers the updated row. */
  async attempt(deliveryId: string, webhook?: WebhookRow | null): Promise<DeliveryRow | null> {
    const d = await this.repo.delivery(deliveryId);
    if (!d || d.state === 'delivered' || d.state === 'failed') return d; // resumed after it finished: nothing to do
    const hook = webhook ?? (await this.repo.get(d.webhook_id));
    if (!hook) return null;
    const at = nowIso();
    const { status, error } = await this.post(hook, d);
    const attempts = d.attempts + 1;
    const first = d.first_attempt_at ?? at;
    const patch: Partial<DeliveryRow> = { attempts, response_code: status, error, last_attempt_at: at, first_attempt_at: first };
    if (status !== null && status >= 200 && status < 300) {
      Object.assign(patch, { state: 'delivered', next_attempt_at: null, error: null });
    } else {
      const next = Date.now() + this.delayAfter(attempts);
      const retry = d.test === 0 && hook.active === 1 && next <= Date.parse(first) + this.opts.retryHours * 3600_000;
      Object.assign(patch, retry ? { state: 'retrying', next_attempt_at: new Date(next).toISOString() } : { state: 'failed', next_attempt_at: null });
      if (retry) this.armAt(next);
    }
    await this.repo.updateDelivery(d.id, patch);
    return { ...d, ...patch } as DeliveryRow;
  }

  private async post(hook: WebhookRow, d: DeliveryRow): Promise<{ status: number | null; error: string | null }> {
    const timestamp = Math.floor(Date.now() / 1000);
    let secret: string;
    try {
      secret = this.box.openString(hook.secret_sealed, secretContext(hook.id));
    } catch {
      return { status: null, error: 'secret_unreadable' };
    }
    try {
      const res = await safeFetch(hook.url, {
        method: 'POST', body: d.payload, anyStatus: true, maxBytes: 1024 * 1024, timeoutMs: this.opts.timeoutMs, maxRedirects: 0,
        policy: policyFor(hook.allow_local === 1), resolve: this.opts.resolve,
        headers: {
          'content-type': 'application/json', accept: '*/*', 'user-agent': 'VintedBot-Webhooks/1',
          'x-vintedbot-event': d.event, 'x-vintedbot-delivery': d.id, 'x-vintedbot-timestamp': String(timestamp),
          'x-vintedbot-signature': signWebhook(secret, timestamp, d.payload),
        },
      });
      return { status: res.status, error: res.status >= 200 && res.status < 300 ? null : `http_${res.status}` };
    } catch (e) {
      // The URL guard's codes (url_forbidden_address, url_timeout, url_fetch_failed…) go to the log as they are.
      return { status: null, error: e instanceof AppError ? e.code : 'network_error' };
    }
  }

  /** Queues every retry that is due (claimed one by one, so two processes never send one twice), then re-arms. */
  async dispatchDue(): Promise<number> {
    let n = 0;
    for (;;) {
      const ids = await this.repo.dueRetries(nowIso(), 100);
      for (const id of ids) {
        if (await this.repo.claimRetry(id)) {
          await this.jobs.enqueue(DELIVER_JOB, { delivery_id: id });
          n++;
        }
      }
      if (ids.length < 100) break;
    }
    const next = await this.repo.earliestRetry();
    if (next) this.armAt(Date.parse(next));
    return n;
  }

  /** Wakes this process when the earliest known retry is due (unref'd: it never keeps a command running). */
  armAt(at: number) {
    if (this.stopped || at >= this.timerAt) return;
    if (this.timer) clearTimeout(this.timer);
    this.timerAt = at;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.timerAt = Infinity;
      // The timer may fire outside the scope that armed it: every owner's due retries, each in its own scope.
      (this.opts.eachOwner ?? ((fn) => fn()))(() => this.dispatchDue().then(() => undefined))
        .catch((err) => this.log.warn({ err }, 'could not queue the due webhook retries'));
    }, Math.max(0, at - Date.now()));
    this.timer.unref();
  }

  stop() {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}
