import { describe, expect, test } from 'vitest';
import { draftOutcome, type ResultLike, vintedOutcome } from './run-outcome.ts';

const base: ResultLike = { ok: true, dry_run: false, item_id: 'it1', duplicate: false, prepare: null, publish: null, error: null };

describe('bulk run outcome', () => {
  test('a draft created then refused by Vinted reads "draft created" and the refusal’s code, not a bare failure', () => {
    // The server's answer when publication is off: the prepare step carries error.code, no reason.
    const r: ResultLike = { ...base, ok: false, prepare: { ok: false, status: 409, error: { code: 'publication_disabled', message: 'Publication is disabled' } } };
    expect(draftOutcome(r)).toBe('created');
    expect(vintedOutcome(r)).toEqual({ state: 'failed', reason: 'publication_disabled', details: undefined });
  });

  test('each step’s other outcomes', () => {
    expect(draftOutcome({ ...base, dry_run: true, item_id: null })).toBe('would_create');
    expect(draftOutcome({ ...base, duplicate: true })).toBe('existing');
    expect(draftOutcome({ ...base, created: false })).toBe('existing');
    // Drafts only (the default run): the draft is made, Vinted is not tried.
    expect(draftOutcome({ ...base, dry_run: true, created: true })).toBe('created');
    expect(draftOutcome({ ...base, ok: false, item_id: null, error: { code: 'no_photos', message: 'x' } })).toBe('failed');
    expect(vintedOutcome(base)).toBeNull();
    expect(vintedOutcome({ ...base, dry_run: true, prepare: { ok: true, skipped: 'dry_run' }, publish: { ok: true, skipped: 'dry_run' } })).toEqual({ state: 'not_tried' });
    expect(vintedOutcome({ ...base, prepare: { ok: false, queued: true, error: { code: 'write_budget_exhausted' } } })).toEqual({ state: 'queued' });
    // Prepared, then the pace said "not now" at publish: queued for later, not a failure.
    expect(vintedOutcome({ ...base, prepare: { ok: true }, publish: { ok: false, queued: true, reason: 'pace_limited' } })).toEqual({ state: 'queued' });
    // A refused publish after a good prepare: the publish step's reason.
    expect(vintedOutcome({ ...base, prepare: { ok: true }, publish: { ok: false, reason: 'confirm_token_used', error: { code: 'confirm_token_used' } } })).toMatchObject({ state: 'failed', reason: 'confirm_token_used' });
    expect(vintedOutcome({ ...base, prepare: { ok: false, needs_manual: true, reason: 'captcha_or_verification' } })).toEqual({ state: 'manual', reason: 'captcha_or_verification' });
    expect(vintedOutcome({ ...base, prepare: { ok: false, reason: 'not_ready', missing_fields: ['size'] } })).toMatchObject({ state: 'failed', reason: 'not_ready' });
    expect(vintedOutcome({ ...base, prepare: { ok: true }, publish: { ok: true, listing_url: 'https://www.vinted.fr/items/1' } })).toEqual({ state: 'published', url: 'https://www.vinted.fr/items/1', dryRun: false });
  });
});
