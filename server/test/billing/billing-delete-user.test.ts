import { describe, expect, it } from 'vitest';
import { type BillingWorld, deliver, invite, subscribe, userId, worldPerTest } from './helpers.ts';

// The admin deletes a person who pays: their subscription is cancelled at Stripe (the fake Stripe server sees the
// call) before their data goes, and a Stripe that refuses stops the deletion with nothing changed.

const open = worldPerTest();

/** A new person who has paid for `plan` (Stripe's events delivered) and has one item. */
async function payingPerson(w: BillingWorld, email: string, plan: string, item: string) {
  const b = await invite(w, email);
  const { events, subscription } = await subscribe(w, b, plan);
  for (const e of events) expect((await deliver(w, e)).statusCode).toBe(200);
  expect((await b.post('/listings', { title: item })).statusCode).toBe(201);
  return { b, id: await userId(b), subscription };
}

describe('deleting a person with a subscription', () => {
  it('cancels the subscription at Stripe before the account and its data go', async () => {
    const w = await open();
    const { id: annId, subscription } = await payingPerson(w, 'ann@example.org', 'pro', 'Veste');

    const res = await w.admin.del(`/admin/users/${annId}?data=delete`);
    expect(res.statusCode).toBe(200);
    const cancels = w.stripe.requests.filter((r) => r.method === 'DELETE' && r.path === `/v1/subscriptions/${subscription}`);
    expect(cancels).toHaveLength(1);
    expect(w.stripe.subscriptions.get(subscription)!.status).toBe('canceled');
    expect((await w.admin.get('/admin/users')).json().users.map((u: { email: string }) => u.email)).not.toContain('ann@example.org');
  });

  it('refuses the deletion with 502 and changes nothing when Stripe refuses the cancellation', async () => {
    const w = await open();
    const { b: bob, id: bobId, subscription } = await payingPerson(w, 'bob@example.org', 'max', 'Pull');

    w.stripe.refuseCancel = true;
    const res = await w.admin.del(`/admin/users/${bobId}?data=delete`);
    expect([res.statusCode, res.json().error.code]).toEqual([502, 'subscription_cancel_failed']);
    expect(w.stripe.requests.some((r) => r.method === 'DELETE' && r.path === `/v1/subscriptions/${subscription}`)).toBe(true);
    expect(w.stripe.subscriptions.get(subscription)!.status).toBe('active');
    // Bob, his plan and his stock are as they were.
    expect((await bob.get('/billing')).json()).toMatchObject({ plan: { id: 'max' }, status: 'active' });
    expect((await bob.get('/listings')).json().items.map((i: { title: string }) => i.title)).toEqual(['Pull']);

    // Stripe answers again: the deletion goes through.
    w.stripe.refuseCancel = false;
    expect((await w.admin.del(`/admin/users/${bobId}?data=delete`)).statusCode).toBe(200);
    expect(w.stripe.subscriptions.get(subscription)!.status).toBe('canceled');
  });

  it('calls Stripe for nobody without a live subscription', async () => {
    const w = await open();
    const cid = await userId(await invite(w, 'cid@example.org'));
    const before = w.stripe.requests.length;
    expect((await w.admin.del(`/admin/users/${cid}?data=delete`)).statusCode).toBe(200);
    expect(w.stripe.requests.length).toBe(before);
  });
});
