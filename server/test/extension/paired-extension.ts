import { json, type TestApp } from '../helpers/test-app.ts';

/** The origin a Chromium extension's requests carry (a fixed id: the server accepts any extension id with its token). */
export const EXT_ORIGIN = 'chrome-extension://abcdefghijklmnopabcdefghijklmnop';

/** Pairs an extension as the seller does (a one-time code from the settings, then /extension/pair) and returns its token. */
export async function pairExtension(t: TestApp): Promise<string> {
  const code = (await t.app.inject({ method: 'POST', url: '/extension/pairing-codes', ...json({}) })).json().code;
  return (await t.app.inject({ method: 'POST', url: '/extension/pair', payload: { code }, headers: { origin: EXT_ORIGIN } })).json().token;
}

/** A request from the paired extension: its origin and its token. */
export function extensionCall(t: TestApp, token: () => string) {
  return (method: 'GET' | 'POST', url: string, payload?: unknown) =>
    t.app.inject({ method, url, ...(payload ? { payload: payload as object } : {}), headers: { origin: EXT_ORIGIN, authorization: `Bearer ${token()}` } });
}
