// What the content script and the options page ask the background (the only part that talks to the app: a
// content script's requests would carry the Vinted page's origin, and the app's token must never reach a page).

export type Request =
  | { kind: 'pair'; base: string; code: string; name: string }
  | { kind: 'status' }
  | { kind: 'unpair' }
  | { kind: 'api'; method: 'GET' | 'POST'; path: string; body?: unknown }
  | { kind: 'image'; path: string }
  /** A photo on Vinted's image host, which a content script may not read across origins. */
  | { kind: 'vintedImage'; url: string };

export interface ApiAnswer<T = unknown> { ok: boolean; status: number; body: T | null; error?: string }
export interface Status { paired: boolean; base: string | null }
export interface ImageAnswer { ok: boolean; mime: string; base64: string; error?: string }

export const DEFAULT_APP = 'http://127.0.0.1:8001';

/** The chrome.* namespace (Chromium) or browser.* (Firefox, which also answers chrome.* with promises in MV3). */
export const ext: typeof chrome = (globalThis as unknown as { browser?: typeof chrome }).browser ?? chrome;

export function ask<T>(req: Request): Promise<T> {
  return ext.runtime.sendMessage(req) as Promise<T>;
}

/** A message of the extension's `_locales` (the browser's language), with $1… placeholders. */
export const t = (key: string, ...subs: string[]) => ext.i18n.getMessage(key, subs) || key;
