import { describe, expect, it } from 'vitest';
import { signStripePayload, stripeEvent } from '../fakes/fake-stripe.ts';
import { deliver, eventRows, invite, limitOf, postWebhook, SECRET_KEY, subscribe, userId, WEBHOOK_SECRET, worldPerTest } from './helpers.ts';

// Stripe's webhook (issue 20 point 7), through the real HTTP app on SQLite (or PostgreSQL with DATABASE_URL), with
// events signed as Stripe signs them by the local fake Stripe: a paid Checkout sets the plan and its quotas (which
// then bite), plan changes, late payments and cancellations follow, and every bad delivery is refused with nothing
// written, a replay or a concurrent repeat changes nothing, and one user's events never touch another's plan.

const open = worldPerTest();

describe('the Stripe webhook', () => {
  it('a paid Checkout sets the plan and its quotas, which then bite at the new limit', async () => {
    const w = await open();
    const ann = await invite(w, 'ann@example.org');
    const before = (await ann.get('/billing')).json();
    expect(before).toMatchObject({ plan: { id: 'free', name: 'Gratuit' }, status: null, has_customer: false });
    expect(before.plans.map((p: { id: string; purchasable: boolean }) => [p.id, p.purchasable])).toEqual([['free', false], ['pro', true], ['max', true]]);

    const { events } = await subscribe(w, ann, 'pro');
    const answers = [];
    for (const e of events) answers.push(await deliver(w, e));
    expect(answers.map((r) => [r.statusCode, r.json().outcome])).toEqual([[200, 'applied'], [200, 'applied']]);

    const after = (await ann.get('/billing')).json();
    expect(after).toMatchObject({ plan: { id: 'pro', name: 'Pro' }, status: 'active', cancel_at_period_end: false, has_customer: true });
    expect(Date.parse(after.current_period_end)).toBeGreaterThan(Date.now());
    expect(await limitOf(ann, 'listings')).toBe(5);
    expect(await limitOf(ann, 'storage_bytes')).toBe(1_000_000_000);
    expect(await limitOf(ann, 'analyses')).toBeNull();

    for (let i = 1; i <= 5; i++) expect((await ann.post('/listings', { title: `Veste ${i}` })).statusCode).toBe(201);
    const refused = await ann.post('/listings', { title: 'Veste 6' });
    expect([refused.statusCode, refused.json().error.code, refused.json().error.details.limit]).toEqual([402, 'quota_exceeded', 5]);
  });

  it('follows a plan change, a late payment and a cancellation back to the free plan', async () => {
    const w = await open();
    const ann = await invite(w, 'ann@example.org');
    const { events, subscription } = await subscribe(w, ann, 'pro');
    for (const e of events) await deliver(w, e);

    expect((await deliver(w, w.stripe.update(subscription, { price: 'price_max' }))).json().outcome).toBe('applied');
    expect((await ann.get('/billing')).json().plan.id).toBe('max');
    expect(await limitOf(ann, 'listings')).toBe(50);

    // A failed renewal: Stripe retries the card, the plan stays meanwhile and the state says so.
    await deliver(w, w.stripe.update(subscription, { status: 'past_due' }));
    expect((await ann.get('/billing')).json()).toMatchObject({ plan: { id: 'max' }, status: 'past_due' });
    expect(await limitOf(ann, 'listings')).toBe(50);

    await deliver(w, w.stripe.update(subscription, { status: 'active', cancel_at_period_end: true }));
    expect((await ann.get('/billing')).json()).toMatchObject({ plan: { id: 'max' }, cancel_at_period_end: true });

    expect((await deliver(w, w.stripe.update(subscription, { status: 'canceled' }, 'customer.subscription.deleted'))).json().outcome).toBe('applied');
    expect((await ann.get('/billing')).json()).toMatchObject({ plan: { id: 'free' }, status: 'canceled' });
    expect(await limitOf(ann, 'listings')).toBe(2);
    expect(await limitOf(ann, 'analyses')).toBe(0);
    expect(await limitOf(ann, 'storage_bytes')).toBeNull();
    // Cancelled, she may subscribe again.
    expect((await ann.post('/billing/checkout', { plan: 'pro' })).statusCode).toBe(200);
  });

  it('an unpaid subscription falls back to the free plan; an older event delivered late changes nothing', async () => {
    const w = await open();
    const ann = await invite(w, 'ann@example.org');
    const { events, subscription } = await subscribe(w, ann, 'pro');
    for (const e of events) await deliver(w, e);
    const older = w.stripe.update(subscription, { price: 'price_max' }, 'customer.subscription.updated', events[0].created - 60);
    await deliver(w, w.stripe.update(subscription, { price: 'price_pro', status: 'unpaid' }));
    expect(await limitOf(ann, 'listings')).toBe(2);
    expect((await deliver(w, older)).json().outcome).toBe('stale');
    expect((await ann.get('/billing')).json()).toMatchObject({ plan: { id: 'free' }, status: 'unpaid' });
    expect(await limitOf(ann, 'listings')).toBe(2);
  });

  it('refuses a missing or wrong signature, a stale timestamp, a malformed event and an oversized body, writing nothing and leaking nothing', async () => {
    const w = await open();
    const ann = await invite(w, 'ann@example.org');
    const { events } = await subscribe(w, ann, 'pro');
    const event = events[0];
    const good = w.stripe.signed(event);
    const now = Math.floor(Date.now() / 1000);
    const cases: [string, string | Buffer, string | undefined, number, string][] = [
      ['no signature', good.payload, undefined, 400, 'stripe_signature_missing'],
      ['wrong secret', good.payload, w.stripe.signed(event, { secret: 'whsec_not_the_right_one' }).signature, 400, 'stripe_signature_invalid'],
      ['body changed after signing', good.payload.replace('"pro"', '"max"'), good.signature, 400, 'stripe_signature_invalid'],
      ['not a Stripe header', good.payload, 'sha256=abc', 400, 'stripe_signature_invalid'],
      ['signed 10 minutes ago', w.stripe.signed(event, { t: now - 600 }).payload, w.stripe.signed(event, { t: now - 600 }).signature, 400, 'stripe_signature_stale'],
      ['signed 10 minutes ahead', good.payload, w.stripe.signed(event, { t: now + 600 }).signature, 400, 'stripe_signature_stale'],
    ];
    for (const payload of ['{"id": "evt_1", "type": ', '[1,2,3]', JSON.stringify({ ...event, id: 'not-an-event-id' }), JSON.stringify({ ...event, data: { object: { ...event.data.object, customer: 42 } } })]) {
      cases.push([`signed but malformed: ${payload.slice(0, 30)}`, payload, signStripePayload(payload, WEBHOOK_SECRET), 400, 'stripe_event_malformed']);
    }
    const huge = Buffer.from(JSON.stringify({ ...event, padding: 'x'.repeat(300 * 1024) }));
    cases.push(['300 KB', huge, signStripePayload(huge.toString(), WEBHOOK_SECRET), 413, 'payload_too_large']);

    for (const [what, payload, signature, status, code] of cases) {
      const res = await postWebhook(w.t, payload, signature);
      expect([what, res.statusCode, res.json().error?.code], res.body).toEqual([what, status, code]);
      expect(res.body).not.toContain(WEBHOOK_SECRET);
    }
    expect(await eventRows(w.t)).toEqual([]);
    expect((await ann.get('/billing')).json()).toMatchObject({ plan: { id: 'free' }, status: null });
    expect(await limitOf(ann, 'listings')).toBeNull();
    // The same event, well signed, still applies: nothing above was half-recorded.
    expect((await postWebhook(w.t, good.payload, good.signature)).json().outcome).toBe('applied');
    const logs = w.t.logs.join('\n');
    for (const secret of [WEBHOOK_SECRET, SECRET_KEY, good.signature.split('v1=')[1]]) expect(logs).not.toContain(secret);
  });

  it('a replayed event changes nothing, and two deliveries of one event racing apply it once', async () => {
    const w = await open();
    const ann = await invite(w, 'ann@example.org');
    const { events, subscription } = await subscribe(w, ann, 'pro');
    const first = await deliver(w, events[0]);
    expect(first.json().outcome).toBe('applied');
    // The admin sets a limit by hand: a replay of the old event must not overwrite it.
    const annId = await userId(ann);
    expect((await w.admin.req('PUT', `/admin/users/${annId}/quotas`, { listings: 99 })).statusCode).toBe(200);
    const replay = await deliver(w, events[0]);
    expect([replay.statusCode, replay.json().outcome]).toEqual([200, 'duplicate']);
    expect(await limitOf(ann, 'listings')).toBe(99);

    const change = w.stripe.update(subscription, { price: 'price_max' });
    const { payload, signature } = w.stripe.signed(change);
    const answers = await Promise.all(Array.from({ length: 6 }, () => postWebhook(w.t, payload, signature)));
    expect(answers.map((r) => r.statusCode)).toEqual([200, 200, 200, 200, 200, 200]);
    expect(answers.map((r) => r.json().outcome).sort()).toEqual(['applied', 'duplicate', 'duplicate', 'duplicate', 'duplicate', 'duplicate']);
    expect((await eventRows(w.t)).filter((r) => r.id === change.id)).toEqual([{ id: change.id, outcome: 'applied' }]);
    expect(await limitOf(ann, 'listings')).toBe(50);
  });

  it('one user\'s events never change another\'s plan, and an event naming someone else than its customer is set aside', async () => {
    const w = await open();
    const ann = await invite(w, 'ann@example.org');
    const bob = await invite(w, 'bob@example.org');
    const annId = await userId(ann);
    await w.admin.req('PUT', `/admin/users/${annId}/quotas`, { listings: 7 });
    const { events } = await subscribe(w, bob, 'max');
    for (const e of events) await deliver(w, e);
    expect(await limitOf(bob, 'listings')).toBe(50);
    expect(await limitOf(ann, 'listings')).toBe(7);
    expect((await ann.get('/billing')).json().plan.id).toBe('free');

    // Bob's completed session, with Ann's id put in it: the customer (Bob's) decides, and it disagrees: set aside.
    const forged = stripeEvent('checkout.session.completed', { ...events[0].data.object, client_reference_id: annId });
    expect((await deliver(w, forged)).json().outcome).toBe('unknown_customer');
    // A customer billing never created (another app on the same Stripe account): acknowledged, nothing changes.
    const stranger = stripeEvent('customer.subscription.updated', { ...events[1].data.object, customer: 'cus_somebodyelse' });
    expect((await deliver(w, stranger)).json().outcome).toBe('unknown_customer');
    expect(await limitOf(ann, 'listings')).toBe(7);
    expect(await limitOf(bob, 'listings')).toBe(50);
    // An event type billing does not handle is acknowledged and not recorded.
    expect((await deliver(w, stripeEvent('invoice.paid', { id: 'in_1' }))).json().outcome).toBe('ignored');
  });
});
