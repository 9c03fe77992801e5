import type { SecretBox } from '../../../platform/security/secret-box.ts';
import { AppError, badRequest } from '../../../platform/errors.ts';
import { signToken, verifyToken } from '../../../platform/security/signed-token.ts';
import type { AnalysisInfo } from '../analysis.service.ts';
import type { ListingFacts } from '../writer/listing-facts.ts';
import type { Language, Tone } from '@vintedbot/catalog';

// A preview (`save: false`) is not stored anywhere: the answer carries a signed token holding everything needed
// to save it later (facts, photos, analysis details), and POST /ingest/save-draft checks the signature and the
// expiry. No table, nothing to purge, and a preview nobody saves costs nothing. The token's id becomes the
// item id, so saving the same preview twice answers 409 instead of creating a second draft.

const PURPOSE = 'ingest/preview-token';

export interface PreviewClaims {
  v: 1;
  /** The item id the draft gets when saved. */
  id: string;
  /** Expiry, epoch milliseconds. */
  exp: number;
  facts: ListingFacts;
  tone: Tone;
  language: Language;
  /** The seller's own price in cents, if given. */
  price_cents: number | null;
  photos: { id: string; sha256: string; phash: string | null; quality: number | null }[];
  analysis: AnalysisInfo & { sources: Record<string, string> };
}

export function signPreview(box: SecretBox, claims: PreviewClaims): string {
  return signToken(box, PURPOSE, claims);
}

export function verifyPreview(box: SecretBox, token: string, now = Date.now()): PreviewClaims {
  return verifyToken(box, token, {
    purpose: PURPOSE,
    read: (raw) => {
      if (raw.v !== 1) throw badRequest('invalid_preview_token', 'This preview token has an unknown version');
      const ok = typeof raw.id === 'string' && typeof raw.tone === 'string' && typeof raw.language === 'string' && !!raw.facts && typeof raw.facts === 'object'
        && Array.isArray(raw.photos) && !!raw.analysis && typeof raw.analysis === 'object' && (raw.price_cents === null || typeof raw.price_cents === 'number');
      return ok ? (raw as unknown as PreviewClaims) : null;
    },
    invalid: () => badRequest('invalid_preview_token', 'This preview token is not one this server issued (or it was altered)'),
    expired: (c) => new AppError(410, 'preview_expired', 'This preview has expired: send the photos again to get a new one', { expired_at: new Date(c.exp).toISOString() }),
  }, now);
}
