import type { SecretBox } from './secret-box.ts';

// One format for the tokens this server hands out and later takes back (the Vinted confirm token, the ingest
// preview token): `<body>.<signature>`, the body a base64url JSON object with its expiry `exp` (epoch ms), the
// signature an HMAC-SHA256 of the body under a key derived for the token's purpose (SecretBox.sign), so a token
// of one purpose never passes for another. Checked in this order before any claim is trusted: shape and length,
// signature (constant-time), JSON, the caller's claim rules, then the expiry.

const B64URL = /^[A-Za-z0-9_-]+$/;

export function signToken<T extends { exp: number }>(box: SecretBox, purpose: string, body: T): string {
  const encoded = Buffer.from(JSON.stringify(body), 'utf8').toString('base64url');
  return `${encoded}.${box.sign(purpose, encoded).toString('base64url')}`;
}

export interface TokenRules<T extends { exp: number }> {
  purpose: string;
  /** The claims when the signed body has the expected shape (version, fields and their types), else null. */
  read(body: Record<string, unknown> & { exp: number }): T | null;
  /** The error for a token this server did not issue, or one that was altered. */
  invalid(): Error;
  /** The error for a genuine token past its expiry. */
  expired(claims: T): Error;
  /** Longer tokens are refused before any work (none by default). */
  maxLength?: number;
}

/** The claims of a genuine, unexpired token; the rules' errors otherwise. */
export function verifyToken<T extends { exp: number }>(box: SecretBox, token: string, rules: TokenRules<T>, now = Date.now()): T {
  if (rules.maxLength !== undefined && token.length > rules.maxLength) throw rules.invalid();
  const [body, sig, extra] = token.split('.');
  if (!body || !sig || extra !== undefined || !B64URL.test(body) || !B64URL.test(sig)) throw rules.invalid();
  if (!box.verify(rules.purpose, body, Buffer.from(sig, 'base64url'))) throw rules.invalid();
  let raw: unknown;
  try {
    raw = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
  } catch {
    throw rules.invalid();
  }
  if (!raw || typeof raw !== 'object' || Array.isArray(raw) || typeof (raw as { exp?: unknown }).exp !== 'number') throw rules.invalid();
  const claims = rules.read(raw as Record<string, unknown> & { exp: number });
  if (!claims) throw rules.invalid();
  if (claims.exp <= now) throw rules.expired(claims);
  return claims;
}
