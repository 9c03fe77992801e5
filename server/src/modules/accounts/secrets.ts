import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

// The secrets this module hands out (session tokens, API tokens, one-time links) are 256 random bits, base64url;
// the database keeps their SHA-256 only. A session's CSRF token is an HMAC of the session's id under a key derived
// from the server's secret key: it stays the same when the session's cookie is rotated.

export const newSecret = (): string => randomBytes(32).toString('base64url');
export const hashSecret = (secret: string): string => createHash('sha256').update(secret).digest('hex');
export const SECRET_SHAPE = /^[A-Za-z0-9_-]{43}$/;

/** API tokens start with this, so that a leaked one is recognisable (secret scanners, logs). */
export const API_TOKEN_PREFIX = 'vbt_';
export const API_TOKEN_SHAPE = /^vbt_[A-Za-z0-9_-]{43}$/;

export function safeEqual(a: string, b: string): boolean {
  const ab = Buffer.from(a);
  const bb = Buffer.from(b);
  return ab.length === bb.length && timingSafeEqual(ab, bb);
}

export class CsrfTokens {
  constructor(private readonly key: Buffer) {}

  of(sessionId: string): string {
    return createHmac('sha256', this.key).update(`csrf:${sessionId}`).digest('base64url');
  }

  matches(sessionId: string, candidate: string | undefined): boolean {
    return !!candidate && safeEqual(candidate, this.of(sessionId));
  }
}
