import { AppError } from '../../platform/errors.ts';
import type { SecretBox } from '../../platform/security/secret-box.ts';
import { signToken, verifyToken } from '../../platform/security/signed-token.ts';

// The confirm token ties a publish to one prepare: it names the prepared form, the draft and the hash of the
// content that was filled, expires after 30 minutes, and is signed (platform/security/signed-token.ts) so a
// client cannot make one up or change what it points to.

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
  return signToken(box, PURPOSE, { v: 1, jti: claims.jti, d: claims.draft_id, h: claims.content_hash, exp: claims.exp });
}

/** The claims of a genuine, unexpired token; a 400 otherwise, before anything else happens. */
export function verifyConfirmToken(box: SecretBox, token: string, now = Date.now()): ConfirmClaims {
  return verifyToken(box, token, {
    purpose: PURPOSE,
    maxLength: MAX_LEN,
    read: (raw) => (raw.v === 1 && typeof raw.jti === 'string' && typeof raw.h === 'string' && (raw.d === null || typeof raw.d === 'string')
      ? { jti: raw.jti, draft_id: raw.d, content_hash: raw.h, exp: raw.exp }
      : null),
    invalid: () => new AppError(400, 'invalid_confirm_token', 'The confirm token is not one this server issued'),
    expired: () => new AppError(400, 'confirm_token_expired', 'The confirm token has expired (30 minutes): prepare the listing again'),
  }, now);
}
