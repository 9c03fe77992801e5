import { createHash } from 'node:crypto';
import { accountScope } from './account-scope.ts';
import { AppError } from '../../platform/errors.ts';
import { newId, nowIso } from '../../platform/time.ts';
import type { Item } from '../listings/index.ts';
import type { PooledForm } from './browser/browser-pool.ts';
import { fillForm, type FillResult } from './browser/form-filler.ts';
import { clickPublish, clickSaveDraft } from './browser/form-submit.ts';
import { signConfirmToken, verifyConfirmToken, type ConfirmClaims } from './confirm-token.ts';
import { parseCookieHeader } from './cookie-header.ts';
import { NotActedError, type StoredAnswer } from './idempotency.ts';
import { type AdHocListing, contentFromItem, contentFromRequest, contentHash, itemProblems, type ListingContent, vintedProblems } from './listing-content.ts';
import type { ResolvedPhoto } from './photo-files.ts';
import { failureAnswer, type FlowAnswer } from './site-outcome.ts';
import { CONFIRM_TOKEN_TTL_MS, listingUrl } from './vinted-facts.ts';
import type { VintedDeps } from './vinted-deps.ts';

// Two-phase publication. Prepare fills the form in a browser context that stays open (bounded pool, 30-minute
// TTL) and returns a signed confirm token; publish continues that very page and clicks once. Save-as-draft fills
// a form and clicks the site's own draft button instead. Every step is gated (settings, session, pace) before a
// browser starts, and every attempt lands in the publish log.

export type Source = 'api' | 'queue';
export type PrepareInput = { draft_id: string } | (AdHocListing & { draft_id?: undefined });

interface Loaded { content: ListingContent; problems: string[]; item: Item | null }

export class PublicationService {
  constructor(private readonly d: VintedDeps) {}

  private get base() {
    return this.d.config.VINTED_BASE_URL;
  }

  private fillOpts() {
    return { baseUrl: this.base, fieldTimeoutMs: Math.min(10_000, this.d.config.VINTED_NAV_TIMEOUT_MS) };
  }

  async prepare(input: PrepareInput, dryRun: boolean, source: Source): Promise<FlowAnswer> {
    const settings = await this.d.settings.requireEnabled();
    const { content, problems, item } = await this.load(input);
    if (problems.length) return notReady(problems);
    const photos = await this.d.photos.resolve(content.photo_refs);
    const cookies = await this.cookies();
    await this.d.guard.assertSiteOpen();
    await this.d.guard.assertWriteBudget(photos.length, settings.hourly_write_budget);
    return this.d.lock.run(async () => {
      // Checked again under the lock: another write may have used the budget or met a challenge meanwhile.
      await this.d.guard.assertSiteOpen();
      await this.d.guard.assertWriteBudget(photos.length, settings.hourly_write_budget);
      const jti = newId();
      const started = Date.now();
      const form = await this.d.pool.open(jti, this.base, cookies);
      let fill: FillResult;
      try {
        fill = await fillForm(form, content, photos, this.fillOpts());
      } catch (e) {
        const writes = photoWrites(form);
        await this.d.pool.release(jti);
        return failureAnswer(this.d, e, { action: 'prepare', item_id: content.item_id, dry_run: dryRun, source, started, writes });
      }
      const screenshot = await form.page.screenshot({ type: 'png', fullPage: true });
      const hash = contentHash(content, photos.map((p) => p.sha256));
      const exp = Date.now() + CONFIRM_TOKEN_TTL_MS;
      const at = nowIso();
      await this.d.prepared.insert({
        id: jti, item_id: content.item_id, content_hash: hash, state: 'prepared', owner: this.d.lock.owner, filled: JSON.stringify(fill.filled),
        warnings: JSON.stringify(fill.warnings), listing_id: null, listing_url: null, created_at: at, expires_at: new Date(exp).toISOString(), updated_at: at,
      });
      await this.d.publishLog.add({ action: 'prepare', item_id: content.item_id, dry_run: dryRun, outcome: 'ok', writes: fill.photoWrites, duration_ms: Date.now() - started, source });
      await this.d.guard.onSuccess();
      const token = signConfirmToken(this.d.box, { jti, draft_id: content.item_id, content_hash: hash, exp });
      return {
        status: 200,
        retryable: false,
        body: {
          ok: true, dry_run: dryRun, confirm_token: token, expires_at: new Date(exp).toISOString(), preview_url: form.page.url(),
          screenshot_b64: screenshot.toString('base64'), draft_context: { filled: fill.filled, warnings: fill.warnings },
          ...(item ? { item_id: item.id } : {}),
        },
      };
    });
  }

  async publish(input: { confirm_token: string; dry_run?: boolean; draft_id?: string }, idempotencyKey: string | undefined, source: Source): Promise<FlowAnswer> {
    // Everything about the token is settled before anything else: a bad one never reaches a browser.
    const claims = verifyConfirmToken(this.d.box, input.confirm_token);
    if (input.draft_id !== undefined && input.draft_id !== claims.draft_id) {
      throw new AppError(400, 'confirm_token_mismatch', 'This confirm token was issued for another draft');
    }
    const prepared = await this.d.prepared.get(claims.jti);
    if (!prepared || prepared.content_hash !== claims.content_hash || prepared.item_id !== claims.draft_id) {
      throw new AppError(400, 'invalid_confirm_token', 'The confirm token is not one this server issued');
    }
    // The form was filled with the session of the account it was prepared for: it is published for that account (its
    // pace, its log), even if the seller switched to another one meanwhile; never with the other account's session.
    if (prepared.account_id && prepared.account_id !== accountScope.peek()) {
      const forAccount = prepared.account_id;
      const a = await accountScope.run(forAccount, () => this.publish(input, idempotencyKey, source));
      return { ...a, body: { ...a.body, account_id: forAccount } };
    }
    // A replay is refused, except a retry carrying the first call's Idempotency-Key: that one gets the stored answer.
    if (prepared.state === 'published' && idempotencyKey === undefined) {
      throw new AppError(409, 'confirm_token_used', 'This confirm token was already used to publish', { listing_url: prepared.listing_url });
    }
    const dryRun = input.dry_run ?? true;
    if (dryRun) return this.publishDry(claims, source);
    const key = idempotencyKey ?? `confirm:${claims.jti}`;
    const requestHash = createHash('sha256').update(`publish:${claims.jti}`).digest('hex');
    const answer = await this.d.idempotency.run(key, requestHash, () => this.publishReal(claims, key, source).then(stored));
    return { status: answer.status, body: answer.body as Record<string, unknown>, retryable: false };
  }

  private async publishDry(claims: ConfirmClaims, source: Source): Promise<FlowAnswer> {
    await this.d.settings.requireEnabled();
    await this.assertTokenUsable(claims);
    await this.assertUnchanged(claims);
    if (!this.d.pool.get(claims.jti)) throw formGone();
    await this.d.publishLog.add({ action: 'publish', item_id: claims.draft_id, dry_run: true, outcome: 'ok', source });
    return { status: 200, body: { ok: true, dry_run: true }, retryable: false };
  }

  private async publishReal(claims: ConfirmClaims, key: string, source: Source): Promise<FlowAnswer> {
    const refuse = async (e: unknown): Promise<never> => {
      await this.d.publishLog.add({ action: 'publish', item_id: claims.draft_id, dry_run: false, outcome: 'rejected', reason: e instanceof AppError ? e.code : 'error', source });
      throw new NotActedError(e);
    };
    let form: PooledForm;
    let budget: number;
    try {
      budget = (await this.d.settings.requireEnabled()).hourly_write_budget;
      await this.assertTokenUsable(claims);
      await this.d.vault.require();
      await this.assertUnchanged(claims);
      const f = this.d.pool.get(claims.jti);
      if (!f) throw formGone();
      form = f;
    } catch (e) {
      return refuse(e);
    }
    return this.d.lock.run(async () => {
      try {
        await this.d.guard.assertSiteOpen();
        await this.d.guard.assertPublicationRate();
        await this.d.guard.assertWriteBudget(1, budget);
        // The claim: only one caller moves this prepared form from 'prepared' to 'publishing'.
        if (!(await this.d.prepared.claim(claims.jti, 'prepared', 'publishing'))) throw new AppError(409, 'confirm_token_used', 'This confirm token was already used');
      } catch (e) {
        return refuse(e);
      }
      const started = Date.now();
      const click = { clicked: false };
      let listingId: string;
      try {
        listingId = (await clickPublish(form, this.d.config.VINTED_NAV_TIMEOUT_MS, click)).listing_id;
      } catch (e) {
        await this.setPrepared(claims.jti, { state: 'needs_manual' });
        await this.d.pool.release(claims.jti);
        return failureAnswer(this.d, e, { action: 'publish', item_id: claims.draft_id, dry_run: false, source, started, writes: click.clicked ? 1 : 0, idempotency_key: key, clicked: click.clicked });
      }
      const url = listingUrl(this.base, listingId);
      await this.setPrepared(claims.jti, { state: 'published', listing_id: listingId, listing_url: url });
      await this.d.pool.release(claims.jti);
      if (claims.draft_id) await this.d.listings.markListedOnVinted(claims.draft_id, { listing_id: listingId, url }, 'vinted_publish');
      await this.d.publishLog.add({ action: 'publish', item_id: claims.draft_id, idempotency_key: key, dry_run: false, outcome: 'ok', listing_id: listingId, listing_url: url, writes: 1, duration_ms: Date.now() - started, source });
      await this.d.guard.onSuccess();
      this.d.events.emit('publish.result', { item_id: claims.draft_id, ok: true });
      return { status: 200, body: { ok: true, dry_run: false, listing_id: listingId, listing_url: url }, retryable: false };
    });
  }

  /**
   * Forgets what no call can use any more: prepared forms a day past their expiry, and idempotency answers older
   * than a week (a client retrying after that gets a fresh attempt, which the spent token then refuses).
   */
  async purgeStale(now = Date.now()): Promise<{ prepared: number; idempotency: number }> {
    const prepared = await this.d.prepared.purgeExpired(new Date(now - 24 * 60 * 60_000).toISOString());
    const idempotency = await this.d.idempotency.purgeDone(new Date(now - 7 * 24 * 60 * 60_000).toISOString());
    return { prepared, idempotency };
  }

  /** Closes the form behind a token this server issued (nothing else about the token changes). */
  async releaseForm(token: string): Promise<void> {
    await this.d.pool.release(verifyConfirmToken(this.d.box, token, 0).jti);
  }

  /** Fills the form and clicks the site's save-draft button (dry run: fills only). The safest path. */
  async saveDraft(draftId: string, dryRun: boolean, idempotencyKey: string | undefined, source: Source): Promise<FlowAnswer> {
    const settings = await this.d.settings.requireEnabled();
    const { content, problems } = await this.load({ draft_id: draftId });
    if (problems.length) return notReady(problems);
    const photos = await this.d.photos.resolve(content.photo_refs);
    const cookies = await this.cookies();
    const writes = photos.length + (dryRun ? 0 : 1);
    await this.d.guard.assertSiteOpen();
    await this.d.guard.assertWriteBudget(writes, settings.hourly_write_budget);
    const work = () => this.d.lock.run(async () => {
      try {
        await this.d.guard.assertSiteOpen();
        await this.d.guard.assertWriteBudget(writes, settings.hourly_write_budget);
      } catch (e) {
        throw new NotActedError(e);
      }
      return this.fillAndSave(content, photos, cookies, dryRun, source, idempotencyKey ?? null);
    });
    if (dryRun || !idempotencyKey) {
      try {
        return await work();
      } catch (e) {
        throw e instanceof NotActedError ? e.cause : e;
      }
    }
    const requestHash = createHash('sha256').update(`draft:${draftId}:${contentHash(content, photos.map((p) => p.sha256))}`).digest('hex');
    const answer = await this.d.idempotency.run(idempotencyKey, requestHash, () => work().then(stored));
    return { status: answer.status, body: answer.body as Record<string, unknown>, retryable: false };
  }

  private async fillAndSave(content: ListingContent, photos: ResolvedPhoto[], cookies: ReturnType<typeof parseCookieHeader> & object, dryRun: boolean, source: Source, key: string | null): Promise<FlowAnswer> {
    const formKey = `draft:${newId()}`;
    const started = Date.now();
    const form = await this.d.pool.open(formKey, this.base, cookies);
    const click = { clicked: false };
    try {
      const fill = await fillForm(form, content, photos, this.fillOpts());
      const screenshot = (await form.page.screenshot({ type: 'png', fullPage: true })).toString('base64');
      let draftIdOnVinted: string | null = null;
      if (!dryRun) {
        draftIdOnVinted = (await clickSaveDraft(form, this.d.config.VINTED_NAV_TIMEOUT_MS, click)).draft_id;
      }
      await this.d.publishLog.add({
        action: 'draft', item_id: content.item_id, dry_run: dryRun, outcome: 'ok', writes: fill.photoWrites + (dryRun ? 0 : 1), listing_id: draftIdOnVinted,
        duration_ms: Date.now() - started, source, idempotency_key: dryRun ? null : key,
      });
      await this.d.guard.onSuccess();
      return {
        status: 200, retryable: false,
        body: { ok: true, dry_run: dryRun, vinted_draft_id: draftIdOnVinted, screenshot_b64: screenshot, draft_context: { filled: fill.filled, warnings: fill.warnings } },
      };
    } catch (e) {
      return failureAnswer(this.d, e, { action: 'draft', item_id: content.item_id, dry_run: dryRun, source, started, writes: photoWrites(form) + (click.clicked ? 1 : 0), clicked: click.clicked, idempotency_key: dryRun ? null : key });
    } finally {
      await this.d.pool.release(formKey);
    }
  }

  /** The item (or ad-hoc listing) and everything that keeps it off Vinted. */
  async load(input: PrepareInput): Promise<Loaded> {
    if (input.draft_id !== undefined) {
      const item = await this.d.listings.get(input.draft_id);
      if (item.status !== 'draft') throw new AppError(409, 'item_not_draft', `The item is ${item.status}; only drafts are published`, { status: item.status });
      if (item.vinted.listing_id) throw new AppError(409, 'already_on_vinted', 'The item already has a Vinted listing', { listing_url: item.vinted.url });
      const content = contentFromItem(item);
      return { content, problems: itemProblems(item, content), item };
    }
    const { content, unknownColours } = contentFromRequest(input);
    return { content, problems: [...vintedProblems(content), ...(unknownColours.length ? ['unknown_colour'] : [])], item: null };
  }

  private async cookies() {
    const { secret } = await this.d.vault.require();
    const cookies = parseCookieHeader(secret.cookie);
    if (!cookies) throw new AppError(401, 'session_unreadable', 'The saved Vinted session is not a usable Cookie header: save it again');
    return cookies;
  }

  private async assertTokenUsable(claims: ConfirmClaims) {
    const p = await this.d.prepared.get(claims.jti);
    if (p?.state === 'published') throw new AppError(409, 'confirm_token_used', 'This confirm token was already used to publish', { listing_url: p.listing_url });
    if (p?.state !== 'prepared') throw new AppError(409, 'confirm_token_spent', `This confirm token can no longer publish (${p?.state}): prepare again`, { state: p?.state ?? null });
  }

  /** The item still holds what was prepared: an edit since then needs a new prepare. */
  private async assertUnchanged(claims: ConfirmClaims) {
    if (!claims.draft_id) return;
    const { content, item } = await this.load({ draft_id: claims.draft_id });
    const photos = await this.d.photos.resolve(content.photo_refs);
    if (!item || contentHash(content, photos.map((p) => p.sha256)) !== claims.content_hash) {
      throw new AppError(409, 'content_changed', 'The item changed since it was prepared: prepare it again');
    }
  }

  private async setPrepared(id: string, patch: { state: string; listing_id?: string; listing_url?: string }) {
    await this.d.prepared.set(id, patch);
  }
}

/** The seeds' `{ok: false, reason: "not_ready", missing_fields}`, which also carries the one error shape. */
const notReady = (missing: string[]): FlowAnswer => ({
  status: 422,
  body: {
    ok: false, reason: 'not_ready', missing_fields: missing,
    error: { code: 'not_ready', message: `The listing cannot go to Vinted yet: ${missing.join(', ')}`, details: { missing_fields: missing } },
  },
  retryable: false,
});
const formGone = () => new AppError(409, 'prepared_form_gone', 'The prepared form is no longer open (expired, closed, or the server restarted): prepare again');
const stored = (a: FlowAnswer): StoredAnswer => ({ status: a.status, body: a.body });
const photoWrites = (form: PooledForm) => form.watch.accepted.filter((w) => /\/photos\b/.test(w.path)).length;
