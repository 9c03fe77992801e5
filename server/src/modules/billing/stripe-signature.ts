import { createHmac, timingSafeEqual } from 'node:crypto';
import { AppError } from '../../platform/errors.ts';

// Stripe's webhook signature, checked on the raw body before anything else reads it
// (https://docs.stripe.com/webhooks#verify-manually): the `Stripe-Signature` header holds `t=<unix seconds>` and one
// or more `v1=<hex>` (more than one while a secret is being rolled), each an HMAC-SHA256 of `${t}.${body}` keyed with
// the endpoint's secret (the whole `whsec_…` string). A match is compared in constant time; a timestamp more than
// the tolerance away from now is refused even when signed, so a captured delivery cannot be replayed later (within
// the window, the event id's record makes a replay change nothing). `v0` (test-mode legacy) is ignored.

export const SIGNATURE_TOLERANCE_S = 300;
const MAX_HEADER = 4096;
const MAX_SIGNATURES = 8;

const refuse = (code: string, message: string) => new AppError(400, code, message);

export function verifyStripeSignature(payload: Buffer, header: string | undefined, secret: string, nowS: number, toleranceS = SIGNATURE_TOLERANCE_S): void {
  if (!header || !header.trim()) throw refuse('stripe_signature_missing', 'This webhook needs the Stripe-Signature header: only Stripe can send events here');
  if (header.length > MAX_HEADER) throw refuse('stripe_signature_invalid', 'The Stripe-Signature header is not one Stripe sends');
  let t: number | undefined;
  const v1: string[] = [];
  for (const part of header.split(',')) {
    const at = part.indexOf('=');
    const key = part.slice(0, at).trim(), value = part.slice(at + 1).trim();
    if (key === 't' && /^\d{1,12}$/.test(value)) t = Number(value);
    else if (key === 'v1' && /^[0-9a-f]{64}$/i.test(value) && v1.length < MAX_SIGNATURES) v1.push(value.toLowerCase());
  }
  if (t === undefined || v1.length === 0) throw refuse('stripe_signature_invalid', 'The Stripe-Signature header is not one Stripe sends (t=… and v1=… expected)');
  const expected = createHmac('sha256', secret).update(`${t}.`).update(payload).digest();
  const matches = v1.some((sig) => timingSafeEqual(Buffer.from(sig, 'hex'), expected));
  if (!matches) throw refuse('stripe_signature_invalid', 'The Stripe-Signature does not match this body and the webhook secret');
  if (Math.abs(nowS - t) > toleranceS) {
    throw new AppError(400, 'stripe_signature_stale', `The event was signed more than ${toleranceS / 60} minutes from now: refused as a possible replay`, { tolerance_s: toleranceS });
  }
}
