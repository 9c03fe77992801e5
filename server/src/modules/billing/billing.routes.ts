import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../../platform/errors.ts';
import { ownOrigin } from '../../platform/http/cross-site.ts';
import { ActionBodySchema, ErrorResponseSchema } from '../../platform/http/openapi-shared.ts';
import { requireCaller } from '../../platform/security/account-auth.ts';
import { pathOf } from '../../platform/security/api-token.ts';
import type { BillingService } from './billing.service.ts';

// GET /billing, POST /billing/checkout and /billing/portal (the signed-in user's own), and POST /billing/webhook
// (Stripe's, authenticated by its signature alone: it is in the accounts perimeter's public paths). In single-seller
// mode each answers like an unknown address; in accounts mode without Stripe, 404 `billing_not_configured`.

const E = ErrorResponseSchema;
/** Stripe's events are a few kilobytes (a subscription with its items: under 20 KB); anything far larger is refused unread. */
export const WEBHOOK_MAX_BYTES = 256 * 1024;

const Quotas = z.object({ listings: z.number().int().nullable(), analyses: z.number().int().nullable(), storage_bytes: z.number().int().nullable(), vinted_accounts: z.number().int().nullable() });
const BillingSchema = z.object({
  plan: z.object({ id: z.string(), name: z.string() }).describe('The plan whose quotas apply: the free plan without a live subscription'),
  status: z.string().nullable().describe('Stripe\'s subscription status (active, trialing, past_due: a payment failed and Stripe is retrying, the plan still applies; canceled, unpaid…); null without a subscription'),
  current_period_end: z.string().nullable(),
  cancel_at_period_end: z.boolean(),
  has_customer: z.boolean().describe('True once the user went to Checkout: the billing portal can open'),
  plans: z.array(z.object({ id: z.string(), name: z.string(), purchasable: z.boolean(), quotas: Quotas.describe('null: no limit') })),
}).meta({ id: 'Billing' });
const RedirectSchema = z.object({ url: z.string().describe('Stripe\'s page: send the browser there') }).meta({ id: 'BillingRedirect' });
const WebhookAnswerSchema = z.object({
  received: z.literal(true),
  outcome: z.enum(['applied', 'duplicate', 'ignored', 'stale', 'unknown_customer', 'unknown_price', 'other_subscription']),
});

export function billingRoutes(app: FastifyInstance, billing: BillingService, opts: { accounts: boolean; publicUrl: string | undefined }) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  // Before the body is validated: single-seller mode has no billing and answers as for an unknown address.
  app.addHook('preValidation', async (req) => {
    if (opts.accounts) return;
    const path = pathOf(req);
    throw new AppError(404, 'route_not_found', `No route for ${req.method} ${path}`, { params: { method: req.method, path: path.slice(0, 200) } });
  });
  // Stripe redirects the browser back here: the address sellers use (PUBLIC_URL), else the one this request came to.
  const appUrl = (req: FastifyRequest) => opts.publicUrl ?? ownOrigin(req) ?? '';
  const tags = ['billing'];

  r.get('/billing', {
    schema: { tags, summary: 'My plan, its state and the plans on offer', response: { 200: BillingSchema, 401: E, 404: E } },
  }, async (req) => {
    requireCaller(req);
    return billing.view();
  });

  r.post('/billing/checkout', {
    schema: {
      tags, summary: 'Subscribe to a plan: a Stripe Checkout address',
      description: 'Creates a Checkout Session (subscription mode) for the plan\'s price, for my Stripe customer (created on the first visit). The plan changes when Stripe\'s event arrives at the webhook, not before. 409 `billing_already_subscribed` with a live subscription: change plan in the portal.',
      body: z.object({ plan: z.string().min(1).max(60) }).strict(), response: { 200: RedirectSchema, 400: E, 401: E, 404: E, 409: E, 502: E },
    },
  }, async (req) => {
    const caller = requireCaller(req);
    return billing.checkout({ id: caller.user.id, email: caller.user.email }, req.body.plan, appUrl(req));
  });

  r.post('/billing/portal', {
    schema: {
      tags, summary: 'Manage my subscription: a Stripe customer portal address',
      description: 'Card, invoices, plan change and cancellation, on Stripe\'s page; changes come back through the webhook. 409 `billing_no_customer` before a first Checkout.',
      body: ActionBodySchema, response: { 200: RedirectSchema, 401: E, 404: E, 409: E, 502: E },
    },
  }, async (req) => {
    requireCaller(req);
    return billing.portal(appUrl(req));
  });

  // Its own scope: the body is kept as the raw bytes Stripe signed (any JSON parser would change them), capped.
  app.register(async (raw) => {
    raw.removeAllContentTypeParsers();
    raw.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: WEBHOOK_MAX_BYTES }, (_req, body, done) => done(null, body));
    raw.withTypeProvider<ZodTypeProvider>().post('/billing/webhook', {
      bodyLimit: WEBHOOK_MAX_BYTES,
      schema: {
        tags, summary: 'Stripe\'s events (for Stripe only)',
        description: 'Authenticated by the `Stripe-Signature` header alone (HMAC-SHA256 with STRIPE_WEBHOOK_SECRET over the raw body, 5 minutes\' tolerance); no session, token or CSRF token. Handles checkout.session.completed and customer.subscription.created/updated/deleted: the user\'s plan and quotas change in one transaction with the event\'s record. A repeated delivery answers 200 `duplicate` and changes nothing. '
          + 'Refusals, nothing written: 400 `stripe_signature_missing`, `stripe_signature_invalid`, `stripe_signature_stale`, `stripe_event_malformed`; 413 `payload_too_large` above 256 KiB; 502 `stripe_unavailable` when the subscription cannot be fetched (Stripe retries).',
        response: { 200: WebhookAnswerSchema, 400: E, 404: E, 413: E, 502: E },
      },
    }, async (req) => {
      const sig = req.headers['stripe-signature'];
      const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      return { received: true as const, ...(await billing.webhook(body, typeof sig === 'string' ? sig : undefined)) };
    });
  });
}
