import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/config.ts';
import { accountsApp, HOST, setUpAdmin } from '../accounts/helpers.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';
import { type BillingWorld, billingWorld, deliver, invite, PLANS, postWebhook, SECRET_KEY, subscribe, userId, WEBHOOK_SECRET } from './helpers.ts';

// Subscribing and managing (issue 20 point 7) through the real HTTP app and the official Stripe SDK pointed at the
// local fake Stripe: what reaches Stripe, the customer kept per user, the refusals; billing off without the key
// (the admin sets quotas by hand) and absent in single-seller mode; a wrong STRIPE_PLANS stops start-up.

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of closers.splice(0)) await c();
});
const open = async () => {
  const w = await billingWorld();
  closers.push(() => w.close());
  return w;
};
const app = async (env: Record<string, string>, accounts = true): Promise<TestApp> => {
  const t = accounts ? await accountsApp(env) : await createTestApp(env);
  closers.push(() => t.close());
  return t;
};

describe('Checkout and the customer portal', () => {
  it('creates the customer once and a subscription Checkout Session for the plan\'s price, naming the user', async () => {
    const w: BillingWorld = await open();
    const ann = await invite(w, 'ann@example.org');
    const annId = await userId(ann);

    const res = await ann.post('/billing/checkout', { plan: 'pro' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().url).toMatch(new RegExp(`^${w.stripe.base}/pay/cs_test_`));
    const [customer, session] = w.stripe.requests;
    expect(customer).toMatchObject({ method: 'POST', path: '/v1/customers', authorization: `Bearer ${SECRET_KEY}`, form: { email: 'ann@example.org', 'metadata[user_id]': annId } });
    const customerId = [...w.stripe.customers.keys()][0];
    expect(session).toMatchObject({
      method: 'POST', path: '/v1/checkout/sessions',
      form: {
        mode: 'subscription', customer: customerId, client_reference_id: annId, 'line_items[0][price]': 'price_pro', 'line_items[0][quantity]': '1',
        success_url: `http://${HOST}/compte?billing=success`, cancel_url: `http://${HOST}/compte?billing=cancelled`, 'subscription_data[metadata][user_id]': annId,
      },
    });

    // A second visit (she left Checkout) reuses her customer.
    expect((await ann.post('/billing/checkout', { plan: 'max' })).statusCode).toBe(200);
    expect(w.stripe.requests.filter((r) => r.path === '/v1/customers')).toHaveLength(1);
    expect(w.stripe.requests.at(-1)!.form).toMatchObject({ customer: customerId, 'line_items[0][price]': 'price_max' });

    const portal = await ann.post('/billing/portal', {});
    expect(portal.statusCode, portal.body).toBe(200);
    expect(portal.json().url).toBe(`${w.stripe.base}/portal/${customerId}`);
    expect(w.stripe.requests.at(-1)).toMatchObject({ path: '/v1/billing_portal/sessions', form: { customer: customerId, return_url: `http://${HOST}/compte` } });
    // Nothing in any answer carries the keys.
    for (const r of [res, portal]) for (const s of [SECRET_KEY, WEBHOOK_SECRET]) expect(r.body).not.toContain(s);
  });

  it('refuses an unknown or free plan, a second subscription, the portal before any Checkout, and anyone not logged in', async () => {
    const w = await open();
    const ann = await invite(w, 'ann@example.org');
    const bob = await invite(w, 'bob@example.org');
    for (const plan of ['gold', 'free']) {
      const r = await ann.post('/billing/checkout', { plan });
      expect([r.statusCode, r.json().error.code, r.json().error.details.plans]).toEqual([400, 'billing_plan_unknown', ['pro', 'max']]);
    }
    expect((await ann.post('/billing/checkout', {})).json().error.code).toBe('validation_failed');
    const portal = await bob.post('/billing/portal', {});
    expect([portal.statusCode, portal.json().error.code]).toEqual([409, 'billing_no_customer']);

    const { events } = await subscribe(w, ann, 'pro');
    for (const e of events) await deliver(w, e);
    const again = await ann.post('/billing/checkout', { plan: 'max' });
    expect([again.statusCode, again.json().error.code]).toEqual([409, 'billing_already_subscribed']);
    // Bob's portal is still refused: Ann's customer is hers.
    expect((await bob.post('/billing/portal', {})).statusCode).toBe(409);

    for (const [method, url] of [['GET', '/billing'], ['POST', '/billing/checkout'], ['POST', '/billing/portal']] as const) {
      const r = await w.t.app.inject({ method, url, headers: { host: HOST, 'content-type': 'application/json' }, payload: method === 'POST' ? '{"plan":"pro"}' : undefined });
      expect([url, r.statusCode]).toEqual([url, 401]);
    }
    expect(w.stripe.requests.filter((r) => r.path === '/v1/customers')).toHaveLength(1);
  });

  it('answers 502 stripe_unavailable when Stripe refuses, with nothing of Stripe\'s answer or the key', async () => {
    const w = await open();
    const ann = await invite(w, 'ann@example.org');
    await w.stripe.stop();
    const res = await ann.post('/billing/checkout', { plan: 'pro' });
    expect([res.statusCode, res.json().error.code]).toEqual([502, 'stripe_unavailable']);
    expect(res.body).not.toContain(SECRET_KEY);
    expect((await ann.get('/billing')).json().has_customer).toBe(false);
    expect(w.t.logs.join('\n')).not.toContain(SECRET_KEY);
  });
});

describe('without Stripe', () => {
  it('accounts mode without the key: the billing routes say billing is off, and the admin sets quotas by hand', async () => {
    const t = await app({});
    const admin = await setUpAdmin(t);
    for (const r of [await admin.get('/billing'), await admin.post('/billing/checkout', { plan: 'pro' }), await admin.post('/billing/portal', {}), await postWebhook(t, '{}', 't=1,v1=00')]) {
      expect([r.statusCode, r.json().error.code]).toEqual([404, 'billing_not_configured']);
    }
    const me = (await admin.get('/auth/session')).json().user.id;
    const set = await admin.req('PUT', `/admin/users/${me}/quotas`, { listings: 3 });
    expect(set.statusCode).toBe(200);
  });

  it('single-seller mode has no billing at all, even with the Stripe variables set', async () => {
    const t = await app({ STRIPE_SECRET_KEY: SECRET_KEY, STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET, STRIPE_PLANS: JSON.stringify(PLANS) }, false);
    for (const [method, url] of [['GET', '/billing'], ['POST', '/billing/checkout'], ['POST', '/billing/webhook']] as const) {
      const r = await t.app.inject({ method, url, headers: { host: HOST, 'content-type': 'application/json' }, payload: method === 'POST' ? '{"plan":"pro"}' : undefined });
      expect([url, r.statusCode, r.json().error.code]).toEqual([url, 404, 'route_not_found']);
    }
    expect((await t.app.inject({ method: 'POST', url: '/listings', headers: { host: HOST, 'content-type': 'application/json' }, payload: '{"title":"Veste"}' })).statusCode).toBe(201);
  });

  it('a wrong STRIPE_PLANS or a missing webhook secret stops start-up, naming the variable', async () => {
    const tryStart = async (env: Record<string, string>) => {
      try {
        const t = await accountsApp({ STRIPE_SECRET_KEY: SECRET_KEY, ...env });
        await t.close();
        return [];
      } catch (e) {
        expect(e).toBeInstanceOf(ConfigError);
        return (e as ConfigError).problems;
      }
    };
    expect(await tryStart({ STRIPE_PLANS: JSON.stringify(PLANS) })).toEqual([expect.stringMatching(/^STRIPE_WEBHOOK_SECRET: required/)]);
    expect(await tryStart({ STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET })).toEqual([expect.stringMatching(/^STRIPE_PLANS: required/)]);
    const noFree = PLANS.filter((p) => p.price);
    expect(await tryStart({ STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET, STRIPE_PLANS: JSON.stringify(noFree) })).toEqual([expect.stringMatching(/^STRIPE_PLANS: exactly one plan must have no "price"/)]);
    const twice = [...PLANS, { id: 'pro', name: 'Pro bis', price: 'price_pro', quotas: { listings: 'many' } }];
    const problems = await tryStart({ STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET, STRIPE_PLANS: JSON.stringify(twice) });
    expect(problems.join('\n')).toMatch(/STRIPE_PLANS: 3\.quotas\.listings/);
  });
});
