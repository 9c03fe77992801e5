import type { Logger } from 'pino';
import type Stripe from 'stripe';
import { AppError } from '../../platform/errors.ts';
import type { BillingSettings } from './billing-settings.ts';
import { type Subscription, SubscriptionSchema } from './stripe-events.ts';

// The calls billing makes to Stripe's API, through Stripe's official SDK (`stripe`): it encodes Stripe's nested form
// parameters, retries what is safe to retry with idempotency keys, and its host/port/protocol options point it at
// stripe-mock or the tests' local fake (STRIPE_API_BASE). A failure answers 502 `stripe_unavailable` with a plain
// message: Stripe's own error text and the request's headers (the key) never reach the caller or the log.

export interface StripeGateway {
  createCustomer(p: { email: string; userId: string }): Promise<string>;
  createCheckoutSession(p: { customer: string; userId: string; price: string; planId: string; successUrl: string; cancelUrl: string }): Promise<{ url: string }>;
  createPortalSession(p: { customer: string; returnUrl: string }): Promise<{ url: string }>;
  retrieveSubscription(id: string): Promise<Subscription>;
  /** Ends the subscription now (no further invoice), as Stripe's DELETE /v1/subscriptions/:id does. */
  cancelSubscription(id: string): Promise<void>;
}

export function stripeGateway(settings: BillingSettings, log: Logger): StripeGateway {
  // Loaded on the first call: an install without billing (every single-seller one) never loads the SDK.
  let client: Promise<Stripe> | null = null;
  const sdk = () => (client ??= import('stripe').then(({ default: StripeSdk }) => new StripeSdk(settings.secretKey, {
    ...(settings.api ?? {}),
    maxNetworkRetries: 2,
    timeout: 20_000,
    telemetry: false,
    appInfo: { name: 'VintedBot' },
  })));
  const call = async <T>(what: string, fn: (stripe: Stripe) => Promise<T>): Promise<T> => {
    try {
      return await fn(await sdk());
    } catch (err) {
      const e = err as { type?: string; code?: string; statusCode?: number; requestId?: string };
      log.error({ stripe: { call: what, type: e.type, code: e.code, status: e.statusCode, request_id: e.requestId } }, 'Stripe call failed');
      throw new AppError(502, 'stripe_unavailable', 'Stripe did not answer as expected: try again in a moment');
    }
  };
  const urlOf = (what: string, url: string | null | undefined): { url: string } => {
    if (!url) throw new AppError(502, 'stripe_unavailable', `Stripe returned no ${what} address: try again in a moment`);
    return { url };
  };
  return {
    createCustomer: ({ email, userId }) => call('customers.create', async (stripe) => (await stripe.customers.create({ email, metadata: { user_id: userId } })).id),
    createCheckoutSession: async (p) => urlOf('Checkout', (await call('checkout.sessions.create', (stripe) => stripe.checkout.sessions.create({
      mode: 'subscription',
      customer: p.customer,
      client_reference_id: p.userId,
      line_items: [{ price: p.price, quantity: 1 }],
      success_url: p.successUrl,
      cancel_url: p.cancelUrl,
      metadata: { user_id: p.userId, plan: p.planId },
      subscription_data: { metadata: { user_id: p.userId, plan: p.planId } },
    }))).url),
    createPortalSession: async (p) => urlOf('portal', (await call('billingPortal.sessions.create', (stripe) => stripe.billingPortal.sessions.create({ customer: p.customer, return_url: p.returnUrl }))).url),
    cancelSubscription: async (id) => {
      await call('subscriptions.cancel', (stripe) => stripe.subscriptions.cancel(id));
    },
    retrieveSubscription: async (id) => {
      const raw = await call('subscriptions.retrieve', (stripe) => stripe.subscriptions.retrieve(id));
      const parsed = SubscriptionSchema.safeParse(raw);
      if (!parsed.success) throw new AppError(502, 'stripe_unavailable', 'Stripe returned a subscription this server cannot read');
      return parsed.data;
    },
  };
}
