import Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import { signStripePayload } from '../fakes/fake-stripe.ts';
import { AppError } from '../../src/platform/errors.ts';
import { verifyStripeSignature } from '../../src/modules/billing/stripe-signature.ts';

// The signature check against Stripe's own SDK, both ways: what the SDK signs passes here, and what the tests' fake
// signs passes the SDK's check, so the fake signs exactly as Stripe does.

const SECRET = 'whsec_unit_test_secret';
const body = JSON.stringify({ id: 'evt_1', object: 'event', type: 'customer.subscription.updated', created: 1_700_000_000, data: { object: {} } });
const stripe = new Stripe('sk_test_unit');
const codeOf = (fn: () => void): string | null => {
  try {
    fn();
    return null;
  } catch (e) {
    return e instanceof AppError ? `${e.status} ${e.code}` : String(e);
  }
};

describe('verifyStripeSignature', () => {
  it('accepts the header Stripe\'s SDK makes, and the SDK accepts the fake\'s', () => {
    const now = Math.floor(Date.now() / 1000);
    const header = stripe.webhooks.generateTestHeaderString({ payload: body, secret: SECRET, timestamp: now });
    expect(codeOf(() => verifyStripeSignature(Buffer.from(body), header, SECRET, now))).toBeNull();
    const fake = signStripePayload(body, SECRET, now);
    expect(stripe.webhooks.constructEvent(body, fake, SECRET).id).toBe('evt_1');
  });

  it('accepts any of several v1 signatures (a secret being rolled) and ignores v0', () => {
    const t = 1_700_000_000;
    const good = signStripePayload(body, SECRET, t).split(',')[1];
    const header = `t=${t},v0=${'0'.repeat(64)},v1=${'a'.repeat(64)},${good}`;
    expect(codeOf(() => verifyStripeSignature(Buffer.from(body), header, SECRET, t + 10))).toBeNull();
  });

  it('refuses with stable codes: missing, not Stripe\'s form, wrong secret or body, outside five minutes either way', () => {
    const t = 1_700_000_000;
    const header = signStripePayload(body, SECRET, t);
    const check = (h: string | undefined, now = t, b = body) => codeOf(() => verifyStripeSignature(Buffer.from(b), h, SECRET, now));
    expect(check(undefined)).toBe('400 stripe_signature_missing');
    expect(check('  ')).toBe('400 stripe_signature_missing');
    expect(check(`v1=${'a'.repeat(64)}`)).toBe('400 stripe_signature_invalid');
    expect(check(`t=${t}`)).toBe('400 stripe_signature_invalid');
    expect(check(`t=${t},v1=zz`)).toBe('400 stripe_signature_invalid');
    expect(check(signStripePayload(body, 'whsec_other', t))).toBe('400 stripe_signature_invalid');
    expect(check(header, t, `${body} `)).toBe('400 stripe_signature_invalid');
    expect(check(`t=${t},v1=${'a'.repeat(5000)}`)).toBe('400 stripe_signature_invalid');
    expect(check(header, t + 300)).toBeNull();
    expect(check(header, t - 300)).toBeNull();
    expect(check(header, t + 301)).toBe('400 stripe_signature_stale');
    expect(check(header, t - 301)).toBe('400 stripe_signature_stale');
  });
});
