import type { Page, Response } from 'playwright-core';
import type { PooledForm } from './browser-pool.ts';
import { anyOf, type FieldSelector, FORM, OPTION } from './form-selectors.ts';
import { SiteSignalError } from './site-watch.ts';

// The two clicks that write: publish and save-as-draft. Each checks the page for challenges first (nothing is
// clicked when one shows), clicks once, and reads the site's own answer to its front end's API call.

/** The site refused the listing (a validation message on the form): nothing was created. */
export class SubmitRejectedError extends Error {
  constructor(readonly messages: string[], readonly status: number) {
    super(`Vinted refused the listing: ${messages.join('; ') || `HTTP ${status}`}`);
    this.name = 'SubmitRejectedError';
  }
}

const CREATE_PATH = /\/api\/v2\/item_upload\/items(?:\/\d+)?(?:\?|$)/;
const EDIT_PATH = /\/api\/v2\/item_upload\/items\/\d+(?:\?|$)/;
const DRAFT_PATH = /\/api\/v2\/item_upload\/drafts(?:\/\d+(?:\/completion)?)?(?:\?|$)/;

/** Set once the button was clicked: from then on a failure may hide a write that happened. */
export interface ClickState { clicked: boolean }

export async function clickPublish(form: PooledForm, timeoutMs: number, state: ClickState): Promise<{ listing_id: string }> {
  const res = await clickAndAwait(form, FORM.publish, CREATE_PATH, timeoutMs, state);
  // The id is in the answer's `item.id`; the front end then opens the listing's page, which may already have
  // discarded that answer's body, so the page's address is the second source.
  const body = (await res.json().catch(() => null)) as { item?: { id?: unknown } } | null;
  let id = body?.item?.id === undefined || body?.item?.id === null ? null : String(body.item.id);
  const onItemPage = (u: URL) => /^\/items\/\d+/.test(u.pathname) && (id === null || u.pathname.startsWith(`/items/${id}`));
  await form.page.waitForURL(onItemPage, { timeout: timeoutMs }).catch(() => undefined);
  id ??= new URL(form.page.url()).pathname.match(/^\/items\/(\d+)/)?.[1] ?? null;
  // A challenge may still show on the listing's page.
  await form.watch.check();
  if (id === null) throw new SubmitRejectedError(['the site did not say which listing it created'], res.status());
  return { listing_id: id };
}

export async function clickSaveDraft(form: PooledForm, timeoutMs: number, state: ClickState): Promise<{ draft_id: string | null }> {
  const res = await clickAndAwait(form, FORM.saveDraft, DRAFT_PATH, timeoutMs, state);
  const body = (await res.json().catch(() => null)) as { draft?: { id?: unknown }; item?: { id?: unknown } } | null;
  const id = body?.draft?.id ?? body?.item?.id;
  await form.watch.check();
  return { draft_id: id === undefined || id === null ? null : String(id) };
}

/** Saves a published listing's edit form (the price changed on it): the site answers its PUT of the item. */
export async function clickSaveEdit(form: PooledForm, timeoutMs: number, state: ClickState): Promise<void> {
  await clickAndAwait(form, FORM.publish, EDIT_PATH, timeoutMs, state, ['PUT', 'POST']);
  await form.watch.check();
}

async function clickAndAwait(form: PooledForm, button: FieldSelector, path: RegExp, timeoutMs: number, state: ClickState, methods = ['POST']): Promise<Response> {
  const { page, watch } = form;
  await watch.check();
  const btn = page.locator(anyOf(button)).first();
  if (!(await btn.isVisible().catch(() => false))) await watch.explainMissing(button.name);
  const answered = page.waitForResponse((r) => methods.includes(r.request().method()) && path.test(new URL(r.url()).pathname), { timeout: timeoutMs });
  state.clicked = true;
  await btn.click();
  const res = await raceWithWatch(form, answered, timeoutMs);
  // A 403/429 on the write itself is a signal the watch has just classified: it wins over "refused".
  await watch.check();
  if (res.status() >= 400) throw new SubmitRejectedError(await formErrors(page), res.status());
  return res;
}

/** Waits for `p`, but a challenge seen meanwhile ends the wait at once. */
async function raceWithWatch<T>(form: PooledForm, p: Promise<T>, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let done = false;
  const settled = p.finally(() => {
    done = true;
  });
  for (;;) {
    const r = await Promise.race([settled.then((v) => ({ v })), new Promise<null>((ok) => setTimeout(() => ok(null), 100))]);
    if (r) return r.v;
    if (!done) {
      const s = await form.watch.signal();
      if (s) {
        settled.catch(() => undefined);
        throw new SiteSignalError(s);
      }
      if (Date.now() > deadline) {
        settled.catch(() => undefined);
        throw new Error('the site did not answer in time');
      }
    }
  }
}

async function formErrors(page: Page): Promise<string[]> {
  await page.waitForTimeout(200);
  return (await page.locator(OPTION.formErrors).allInnerTexts().catch(() => [] as string[])).map((t) => t.trim()).filter(Boolean);
}
