import { type ApiAnswer, ask, ext, t } from '../messages.ts';
import { challengeOnPage } from './challenge.ts';
import { click, fold, pause, waitFor } from './dom-input.ts';
import { type DraftFill, fillForm } from './fill.ts';
import { el } from './panel-view.ts';
import { find, SEL } from './selectors.ts';

// Safe relist (issue 17, point 7), one listing, started by the seller's click on "Republier" on their own listing:
//   draft   the new-item form is filled from the stock item and saved through the form's own draft button;
//   publish the seller's click on "Publier la copie" presses the form's own publish button;
//   verify  the copy's page must load and show the item's title;
//   delete  only then the old listing's own delete control and the site's confirm; its page must then be gone.
// Then the app points the item at the copy. Never delete first: each step runs only once the one before is seen
// done, and any failure (or a challenge) stops the run there, leaving the old listing, and tells the app where.
// The run's state crosses the site's page loads in storage; one left alone ten minutes is forgotten.

type Step = 'draft' | 'draft_saved' | 'publish' | 'verify' | 'delete' | 'deleting';
interface Relist { item_id: string; old_id: string; title: string; step: Step; new_id?: string; at: number }
type Render = (...n: Node[]) => void;

const KEY = 'pendingRelist';
const FRESH_MS = 10 * 60_000;

export async function currentRelist(): Promise<Relist | null> {
  const { [KEY]: r } = (await ext.storage.local.get(KEY)) as { [KEY]?: Relist };
  return r && Date.now() - r.at < FRESH_MS ? r : null;
}
const save = (r: Relist, step: Step, extra: Partial<Relist> = {}) => ext.storage.local.set({ [KEY]: { ...r, ...extra, step, at: Date.now() } });

/** The step the seller reads and the app records: where the run stopped. */
const stepOf = (s: Step): 'draft' | 'publish' | 'verify' | 'delete' => (s === 'draft_saved' ? 'publish' : s === 'deleting' ? 'delete' : s);

async function stop(r: Relist, at: Step, render: Render, why?: string) {
  await ext.storage.local.remove(KEY);
  const step = stepOf(at);
  await ask<ApiAnswer>({ kind: 'api', method: 'POST', path: '/extension/relists', body: { outcome: 'stopped', item_id: r.item_id, old_listing_id: r.old_id, step } });
  render(el('p', { class: 'warn', 'data-testid': 'vb-relist-stopped', 'data-step': step, role: 'alert' }, t('relistStopped', t(`relistStep_${step}`))),
    ...(why ? [el('p', {}, why)] : []));
}

/** "Republier" under the seller's own listing, when a stock item is linked to it; null otherwise. */
export async function relistButton(listingId: string): Promise<HTMLElement | null> {
  const a = await ask<ApiAnswer<DraftFill>>({ kind: 'api', method: 'GET', path: `/extension/relists/source?listing_id=${listingId}` });
  if (!a.ok || !a.body || !find(SEL.deleteButton)) return null;
  const src = a.body;
  const box = el('div', { 'data-testid': 'vb-relist-box' });
  const button = el('button', { type: 'button', class: 'secondary', 'data-testid': 'vb-relist' }, t('relistStart'));
  button.addEventListener('click', async () => {
    const c = challengeOnPage();
    if (c) return;
    button.disabled = true;
    await ext.storage.local.set({ [KEY]: { item_id: src.id, old_id: listingId, title: src.title, step: 'draft', at: Date.now() } satisfies Relist });
    location.assign('/items/new');
  });
  box.append(el('p', {}, t('relistHint')), button);
  return box;
}

/** Step 1 on the new-item form: fill the copy, save it as a Vinted draft; then wait for the seller's publish. */
export async function relistDraft(r: Relist, render: Render, onChallenge: (kind: string) => void) {
  render(el('p', { role: 'status', 'data-testid': 'vb-relist-filling' }, t('relistFilling', r.title)));
  const a = await ask<ApiAnswer<DraftFill>>({ kind: 'api', method: 'GET', path: `/extension/relists/source?listing_id=${r.old_id}` });
  if (!a.ok || !a.body) return stop(r, 'draft', render, t('panelAppError', a.error ?? ''));
  const filled = await fillForm(a.body);
  if (filled.stopped) {
    await stop(r, 'draft', render);
    return onChallenge(filled.stopped);
  }
  const draftButton = find(SEL.saveDraft);
  if (!draftButton) return stop(r, 'draft', render, t('relistNoControl'));
  draftButton.click();
  const saved = await waitFor(() => find(SEL.draftSaved) ?? find(SEL.formError) ?? document.querySelector('.field-error'), 15_000);
  if (!saved || !find(SEL.draftSaved)) return stop(r, 'draft', render, saved?.textContent ?? undefined);
  await save(r, 'draft_saved');
  const publish = el('button', { type: 'button', 'data-testid': 'vb-relist-publish' }, t('relistPublish'));
  const left = filled.left.length ? [el('p', {}, t('panelLeft')), el('ul', { class: 'left', 'data-testid': 'vb-left' }, filled.left.join(' · '))] : [];
  render(el('p', { class: 'ok', 'data-testid': 'vb-relist-draft-saved', role: 'status' }, t('relistDraftSaved')), ...left, publish);
  // The seller's own click, for this one copy: the panel presses the form's publish button once.
  publish.addEventListener('click', async () => {
    const c = challengeOnPage();
    if (c) return onChallenge(c);
    publish.disabled = true;
    const button = find(SEL.publish);
    if (!button) return stop(r, 'publish', render, t('relistNoControl'));
    await save(r, 'publish');
    button.click();
    // Published, the tab opens the copy's page (and this script ends); the site's error means it was not.
    const refused = await waitFor(() => find(SEL.formError) ?? document.querySelector('.field-error') ?? challengeOnPage(), 30_000);
    if (refused) return stop(r, 'publish', render, typeof refused === 'string' ? undefined : refused.textContent ?? undefined);
  });
}

/** On a listing's page during a run: the copy to verify, the old listing to delete, or nothing of the run's. */
export async function relistOnListing(r: Relist, listingId: string, render: Render): Promise<boolean> {
  if (r.step === 'publish' && listingId !== r.old_id) {
    // Step 3: the copy's page loaded; it must show the item before the old listing is touched.
    const shown = find(SEL.listingTitle)?.textContent ?? '';
    if (challengeOnPage() || fold(shown) !== fold(r.title)) { await stop(r, 'verify', render); return true; }
    await save(r, 'delete', { new_id: listingId });
    render(el('p', { class: 'ok', role: 'status', 'data-testid': 'vb-relist-live' }, t('relistLive', listingId)));
    await pause(800);
    location.assign(`/items/${r.old_id}`);
    return true;
  }
  if (r.step === 'delete' && listingId === r.old_id && r.new_id) {
    // Step 4: the old listing, through its own delete control and the site's confirm.
    render(el('p', { role: 'status' }, t('relistDeleting')));
    if (challengeOnPage()) { await stop(r, 'delete', render); return true; }
    const del = find(SEL.deleteButton);
    if (!del) { await stop(r, 'delete', render, t('relistNoControl')); return true; }
    click(del);
    const confirm = await waitFor(() => find<HTMLElement>(SEL.deleteConfirm), 5000);
    if (!confirm) { await stop(r, 'delete', render, t('relistNoControl')); return true; }
    await save(r, 'deleting');
    click(confirm);
    const refused = await waitFor(() => find(SEL.deleteError) ?? challengeOnPage(), 30_000);
    if (refused) await stop(r, 'deleting', render, typeof refused === 'string' ? undefined : refused.textContent ?? undefined);
    return true;
  }
  return false;
}

/** After the site's delete: the old listing's page must be gone; only then the app is told. */
export async function relistFinish(r: Relist, render: Render) {
  const old = await fetch(`/items/${r.old_id}`, { credentials: 'include' }).then((x) => x.status, () => 0);
  if (old !== 404 && old !== 410) return stop(r, 'deleting', render);
  await ext.storage.local.remove(KEY);
  const url = `${location.origin}/items/${r.new_id}`;
  const a = await ask<ApiAnswer>({ kind: 'api', method: 'POST', path: '/extension/relists', body: { outcome: 'relisted', item_id: r.item_id, old_listing_id: r.old_id, listing_id: r.new_id, url } });
  render(a.ok
    ? el('p', { class: 'ok', 'data-testid': 'vb-relisted', role: 'status' }, t('relistDone', r.new_id ?? ''))
    : el('p', { class: 'warn', 'data-testid': 'vb-relist-report-failed', role: 'alert' }, t('panelAppError', a.error ?? '')));
}
