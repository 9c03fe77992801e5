import { AppError } from '../../platform/errors.ts';
import type { SecretBox } from '../../platform/security/secret-box.ts';

// The confirm token ties a publish to one prepare: it names the prepared form, the draft and the hash of the
// content that was filled, expires after 30 minutes, and is signed (HMAC-SHA256 with a key derived from the
// secret key) so a client cannot make one up or change what it points to.

const PURPOSE = 'vinted/confirm-token';
const MAX_LEN = 1024;

export interface ConfirmClaims {
  /** The prepared form's id (vinted_prepared.id). */
  jti: string;
  /** The item it was prepared from; null for an ad-hoc listing. */
  draft_id: string | null;
  content_hash: string;
  /** Expiry, epoch milliseconds. */
  exp: number;
}

export function signConfirmToken(box: SecretBox, claims: ConfirmClaims): string {
  const body = Buffer.from(JSON.stringify({ v: 1, jti: claims.jti, d: claims.draft_id, h: claims.content_hash, exp: claims.exp }), 'utf8').toString('base64url');
  return `${body}.${box.sign(PURPOSE, body).toString('base64url')}`;
}

/** The claims of a genuine, unexpired token; a 400 otherwise, before anything else happens. */
export function verifyConfirmToken(box: SecretBox, token: string, now = Date.now()): ConfirmClaims {
  const invalid = () => new AppError(400, 'invalid_confirm_token', 'The confirm token is not one this server issued');
  if (token.length > MAX_LEN) throw invalid();
  const [body, sig, extra] = token.split('.');
  if (!body || !sig || extra !== undefined || !/^[A-Za-z0-9_-]+$/.test(body) || !/^[A-Za-z0-9_-]+$/.test(sig)) throw invalid();
  if (!box.verify(PURPOSE, body, Buffer.from(sig, 'base64url'))) throw invalid();
  let raw: { v?: unknown; jti?: unknown; d?: unknown; h?: unknown; exp?: unknown };
  try {
    raw = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
  } catch {
    throw invalid();
  }
  if (raw.v !== 1 || typeof raw.jti !== 'string' || typeof raw.h !== 'string' || typeof raw.exp !== 'number' || !(raw.d === null || typeof raw.d === 'string')) throw invalid();
  if (raw.exp <= now) throw new AppError(400, 'confirm_token_expired', 'The confirm token has expired (30 minutes): prepare the listing again');
  return { jti: raw.jti, draft_id: raw.d, content_hash: raw.h, exp: raw.exp };
}
