import { AppError } from '../../platform/errors.ts';
import { accountScope } from './account-scope.ts';
import { newId } from '../../platform/time.ts';
import { fillPriceEdit } from './browser/form-edit.ts';
import { clickSaveEdit } from './browser/form-submit.ts';
import { parseCookieHeader } from './cookie-header.ts';
import { failureAnswer, type FlowAnswer } from './site-outcome.ts';
import type { Source } from './publication.service.ts';
import type { VintedDeps } from './vinted-deps.ts';

// Price changes that reach Vinted. A price dropped here (the nightly drop, an edit) leaves the Vinted listing at the
// old price: the item then shows `vinted.price_pending`, and this puts the new price on the listing through its
// edit form, with the same gates as a publication: publication turned on, the session, no stop or back-off in force,
// the hourly write budget, one write at a time, dry run by default, and a full stop at the first challenge.

export class PriceSync {
  constructor(private readonly d: VintedDeps) {}

  /** Updates the price of one listed item on Vinted (dry run: the form is filled, nothing saved). */
  async update(itemId: string, dryRun: boolean, source: Source): Promise<FlowAnswer> {
    // The listing is changed with the session of the account that published it (the active one when unknown).
    const by = (await this.d.publishLog.publishedBy([itemId])).get(itemId) ?? (await this.d.queueRows.get(itemId))?.account_id ?? accountScope.current();
    const a = by === accountScope.peek() ? await this.updateHere(itemId, dryRun, source) : await accountScope.run(by, () => this.updateHere(itemId, dryRun, source));
    return { ...a, body: { ...a.body, account_id: by } };
  }

  private async updateHere(itemId: string, dryRun: boolean, source: Source): Promise<FlowAnswer> {
    const settings = await this.d.settings.requireEnabled();
    const item = await this.d.listings.get(itemId);
    const listingId = item.vinted.listing_id;
    if (!listingId) throw new AppError(409, 'not_on_vinted', 'The item has no Vinted listing: publish it first');
    if (item.price === null) throw new AppError(409, 'missing_price', 'The item has no price to put on Vinted');
    const cents = Math.round(item.price * 100);
    if (!item.vinted.price_pending) {
      return { status: 200, retryable: false, body: { ok: true, dry_run: dryRun, item_id: itemId, listing_id: listingId, price: item.price, vinted_price: item.vinted.price, unchanged: true } };
    }
    const { secret } = await this.d.vault.require();
    const cookies = parseCookieHeader(secret.cookie);
    if (!cookies) throw new AppError(401, 'session_unreadable', 'The saved Vinted session is not a usable Cookie header: save it again');
    await this.d.guard.assertSiteOpen();
    await this.d.guard.assertWriteBudget(1, settings.hourly_write_budget);
    return this.d.lock.run(async () => {
      // Checked again under the lock: another write may have used the budget or met a challenge meanwhile.
      await this.d.guard.assertSiteOpen();
      await this.d.guard.assertWriteBudget(1, settings.hourly_write_budget);
      const key = `price:${newId()}`;
      const started = Date.now();
      const click = { clicked: false };
      const form = await this.d.pool.open(key, this.d.config.VINTED_BASE_URL, cookies);
      try {
        const fill = await fillPriceEdit(form, {
          baseUrl: this.d.config.VINTED_BASE_URL, listingId, priceCents: cents, fieldTimeoutMs: Math.min(10_000, this.d.config.VINTED_NAV_TIMEOUT_MS),
        });
        if (!dryRun) {
          await clickSaveEdit(form, this.d.config.VINTED_NAV_TIMEOUT_MS, click);
          await this.d.listings.markVintedPrice(itemId, cents);
        }
        await this.d.publishLog.add({
          action: 'price', item_id: itemId, dry_run: dryRun, outcome: 'ok', writes: dryRun ? 0 : 1, listing_id: listingId, listing_url: item.vinted.url,
          duration_ms: Date.now() - started, source,
        });
        await this.d.guard.onSuccess();
        return {
          status: 200, retryable: false,
          body: {
            ok: true, dry_run: dryRun, item_id: itemId, listing_id: listingId, price: item.price, vinted_price: dryRun ? item.vinted.price : item.price,
            shown_before: fill.shownBefore === null ? null : fill.shownBefore / 100,
          },
        };
      } catch (e) {
        return failureAnswer(this.d, e, { action: 'price', item_id: itemId, dry_run: dryRun, source, started, writes: click.clicked ? 1 : 0, clicked: click.clicked });
      } finally {
        await this.d.pool.release(key);
      }
    });
  }
}
