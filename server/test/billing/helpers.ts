import type { LightMyRequestResponse } from 'fastify';
import { afterEach } from 'vitest';
import { accountsApp, type Browser, HOST, inviteUser, setUpAdmin } from '../accounts/helpers.ts';
import { FakeStripe, type StripeEventJson } from '../fakes/fake-stripe.ts';
import type { TestApp } from '../helpers/test-app.ts';

// An accounts-mode app with Stripe billing pointed at a local fake Stripe, and the ways a test acts as Stripe.

export const WEBHOOK_SECRET = 'whsec_test_0123456789abcdefghijklmnop';
export const SECRET_KEY = 'sk_test_fakekey4242424242';
export const PLANS = [
  { id: 'free', name: 'Gratuit', quotas: { listings: 2, analyses: 0 } },
  { id: 'pro', name: 'Pro', price: 'price_pro', quotas: { listings: 5, storage_bytes: 1_000_000_000 } },
  { id: 'max', name: 'Max', price: 'price_max', quotas: { listings: 50 } },
];

export interface BillingWorld { t: TestApp; stripe: FakeStripe; admin: Browser; close(): Promise<void> }

export async function billingWorld(env: Record<string, string> = {}): Promise<BillingWorld> {
  const stripe = await new FakeStripe(WEBHOOK_SECRET).start();
  const t = await accountsApp({
    STRIPE_SECRET_KEY: SECRET_KEY, STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET, STRIPE_PLANS: JSON.stringify(PLANS), STRIPE_API_BASE: stripe.base, ...env,
  });
  const admin = await setUpAdmin(t);
  return { t, stripe, admin, async close() { await t.close(); await stripe.stop(); } };
}

/** Opens a fresh world per call, each closed after its test (call once at the top of a test file). */
export function worldPerTest(): () => Promise<BillingWorld> {
  const worlds: BillingWorld[] = [];
  afterEach(async () => {
    for (const w of worlds.splice(0)) await w.close();
  });
  return async () => {
    const w = await billingWorld();
    worlds.push(w);
    return w;
  };
}

export const userId = async (b: Browser): Promise<string> => (await b.get('/auth/session')).json().user.id;
export const invite = (w: BillingWorld, email: string) => inviteUser(w.t, w.admin, email, `${email.split('@')[0]}-password-123`);

/** POSTs a raw body to the webhook as Stripe does: no cookie, no Origin, the signature header when given. */
export function postWebhook(t: TestApp, payload: string | Buffer, signature?: string): Promise<LightMyRequestResponse> {
  return t.app.inject({
    method: 'POST', url: '/billing/webhook', payload,
    headers: { host: HOST, 'content-type': 'application/json; charset=utf-8', 'user-agent': 'Stripe/1.0 (+https://stripe.com/docs/webhooks)', ...(signature ? { 'stripe-signature': signature } : {}) },
  });
}

/** Delivers `event` signed with the endpoint's secret; returns the answer. */
export function deliver(w: BillingWorld, event: StripeEventJson): Promise<LightMyRequestResponse> {
  const { payload, signature } = w.stripe.signed(event);
  return postWebhook(w.t, payload, signature);
}

/** The user goes to Checkout for `plan` and pays: the fake's events, ready to deliver. */
export async function subscribe(w: BillingWorld, user: Browser, plan: string): Promise<{ events: StripeEventJson[]; subscription: string }> {
  const res = await user.post('/billing/checkout', { plan });
  if (res.statusCode !== 200) throw new Error(`checkout: ${res.statusCode} ${res.body}`);
  const session = new URL(res.json().url).pathname.split('/').pop()!;
  const events = w.stripe.complete(session);
  return { events, subscription: w.stripe.sessions.get(session)!.subscription! };
}

export const limitOf = async (b: Browser, metric: string): Promise<number | null> =>
  (await b.get('/auth/quotas')).json().quotas.find((q: { metric: string }) => q.metric === metric).limit;

/** Rows of billing_events, read as the test (not through the app: nothing in the API lists them). */
export async function eventRows(t: TestApp): Promise<{ id: string; outcome: string }[]> {
  const db = t.ctx.db.withTables<{ billing_events: { id: string; outcome: string } }>();
  return db.selectFrom('billing_events').select(['id', 'outcome']).execute();
}
