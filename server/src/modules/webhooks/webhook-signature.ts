import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

// The signature a receiver checks: HMAC-SHA256, keyed with the subscription's secret, over `${timestamp}.${body}`
// (timestamp: Unix seconds, also sent in X-VintedBot-Timestamp, so a captured request cannot be replayed later
// with a new time). Sent as `X-VintedBot-Signature: sha256=<hex>`. The README shows the same check in Node.

export const SIGNATURE_HEADER = 'x-vintedbot-signature';
export const TIMESTAMP_HEADER = 'x-vintedbot-timestamp';

/** A new subscription secret: 32 random bytes, prefixed so sellers recognise it in a receiver's settings. */
export const newWebhookSecret = (): string => `whsec_${randomBytes(32).toString('base64url')}`;

/** What a seller sees afterwards instead of the secret: its prefix and last four characters. */
export const secretHint = (secret: string): string => `whsec_…${secret.slice(-4)}`;

export function signWebhook(secret: string, timestamp: number, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/** The receiver's check (used by the tests' receiver, and the README's snippet does the same). */
export function verifyWebhook(secret: string, timestamp: string | number, body: string, signature: string, toleranceSeconds = 300, now = Date.now()): boolean {
  const ts = Number(timestamp);
  if (!Number.isInteger(ts) || Math.abs(now / 1000 - ts) > toleranceSeconds) return false;
  const expected = Buffer.from(signWebhook(secret, ts, body));
  const given = Buffer.from(signature);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
