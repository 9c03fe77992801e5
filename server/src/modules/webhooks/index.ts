// Webhooks out: subscriptions per event, signed JSON deliveries (HMAC-SHA256 over `${timestamp}.${body}`), retries with
// exponential back-off through the job queue, a delivery log, a "send a test" action, and the photo fetches' URL guard
// (private addresses refused unless a subscription allows local ones). Owns the `webhooks` and `webhook_deliveries`
// tables; provides `webhooks` (a WebhooksService).
//
// Public surface: everything another module or the app may use is exported here, nothing else is imported from
// this folder from outside it.
import type { FastifyInstance } from 'fastify';
import type { Platform } from '../../platform/platform.ts';
import { defineModule } from '../../platform/modules/module.ts';
import { secretBoxFor } from '../../platform/security/secret-box.ts';
import type { ListingsService } from '../listings/index.ts';
import { DELIVER_JOB, WebhookDeliverer } from './webhook-delivery.ts';
import { forwardPlatformEvents } from './webhook-events.ts';
import { WebhooksRepository } from './webhooks.repository.ts';
import { webhooksRoutes } from './webhooks.routes.ts';
import { WebhooksService } from './webhooks.service.ts';
import { ownerScope } from '../../platform/security/owner-scope.ts';
import { webhooksOwnerData } from './webhooks-owner-data.repository.ts';

export { WEBHOOK_EVENTS, type WebhookEvent } from './webhook-events.ts';
export { signWebhook, verifyWebhook } from './webhook-signature.ts';
export type { WebhooksService } from './webhooks.service.ts';

export const webhooksModule = defineModule({
  name: 'webhooks',
  needs: ['listings'],
  provides: ['webhooks'],
  create(platform: Platform, deps: { listings: ListingsService }) {
    platform.ownerData.register(webhooksOwnerData());
    const { config } = platform;
    const log = platform.log.child({ module: 'webhooks' });
    const repo = new WebhooksRepository(platform.db);
    // Retries are each owner's own (issue 20): the start-up pass and the retry timer go through the owners one by one.
    const eachOwner = async (fn: () => Promise<void>) => {
      for (const owner of await platform.scheduler.owners()) await ownerScope.run(owner, fn);
    };
    const box = secretBoxFor({ SECRET_KEY: config.SECRET_KEY, dataDir: config.dataDir });
    const deliverer = new WebhookDeliverer(repo, box, platform.jobs, log, {
      timeoutMs: config.WEBHOOK_TIMEOUT_MS, retryBaseMs: config.WEBHOOK_RETRY_BASE_MS, retryHours: config.WEBHOOK_RETRY_HOURS, eachOwner,
    });
    const webhooks = new WebhooksService(repo, box, deliverer, platform.jobs, deps.listings, log);
    platform.jobs.register<{ delivery_id: string }>(DELIVER_JOB, async (ctx) => {
      const d = await deliverer.attempt(ctx.payload.delivery_id);
      return d ? { state: d.state, response_code: d.response_code } : null;
    });
    // Events are forwarded after their change committed; a failure to queue is logged, never thrown at the emitter.
    const off = forwardPlatformEvents(platform.events, (event, data) => {
      webhooks.dispatchSoon(event, data).catch((err) => log.warn({ err, event }, 'could not queue a webhook delivery'));
    });
    // Retries due while the app was off (or queued by another process) are picked up at start and every minute.
    platform.scheduler.add({ name: 'webhooks.retry', cron: '* * * * *', run: async () => void (await deliverer.dispatchDue()) });
    void eachOwner(async () => void (await deliverer.dispatchDue())).catch((err) => log.warn({ err }, 'could not queue the due webhook retries'));
    return {
      services: { webhooks },
      routes: (app: FastifyInstance) => webhooksRoutes(app, webhooks),
      stop: () => {
        off();
        deliverer.stop();
      },
    };
  },
});
