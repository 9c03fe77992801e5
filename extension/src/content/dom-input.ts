// Acting on the page as the seller would: values typed through the element's own setter (so the site's
// framework sees them), clicks, and a real focus-out. Small waits between steps give the page time to answer;
// they are the seller's pace, not a synchronisation trick.

export const pause = (ms: number) => new Promise((ok) => setTimeout(ok, ms));

/** Polls `fn` until it answers something truthy, or `timeoutMs` passes (null). */
export async function waitFor<T>(fn: () => T | null | undefined | false, timeoutMs = 5000): Promise<T | null> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = fn();
    if (v) return v;
    if (Date.now() > end) return null;
    await pause(60);
  }
}

export function typeInto(el: HTMLInputElement | HTMLTextAreaElement, value: string) {
  el.focus();
  const proto = el instanceof HTMLTextAreaElement ? HTMLTextAreaElement.prototype : HTMLInputElement.prototype;
  Object.getOwnPropertyDescriptor(proto, 'value')!.set!.call(el, value);
  el.dispatchEvent(new Event('input', { bubbles: true }));
  el.dispatchEvent(new Event('change', { bubbles: true }));
}

/** Leaves the field the way a click elsewhere does: fields that commit on focus-out (the price) commit. */
export function focusOut(el: HTMLElement) {
  el.blur();
  document.body.dispatchEvent(new MouseEvent('mousedown', { bubbles: true }));
  document.body.dispatchEvent(new MouseEvent('click', { bubbles: true }));
}

export function click(el: HTMLElement) {
  el.scrollIntoView({ block: 'center' });
  el.click();
}

export const fold = (s: string) => s.toLowerCase().normalize('NFD').replace(/\p{M}/gu, '').replace(/\s+/g, ' ').trim();

/** The visible label of a dropdown row (its first text, without a sub-line). */
export const rowLabel = (el: Element) => fold((el.querySelector('.label, span')?.textContent ?? el.textContent ?? ''));
