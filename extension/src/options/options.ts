import { type ApiAnswer, ask, DEFAULT_APP, ext, type Status, t } from '../messages.ts';

// Pairing, in the extension's options page and popup: the app's address and the one-time code the app shows in
// Settings → Connect the extension. An address other than this machine needs the seller's permission for it.

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

for (const el of document.querySelectorAll<HTMLElement>('[data-i18n]')) el.textContent = t(el.dataset.i18n!);
document.documentElement.lang = ext.i18n.getUILanguage().slice(0, 2);

// The page asks for the status when it opens and again after pairing: on a slow machine the first answer can arrive
// last and would say "not connected" over a fresh pairing, so only the latest question's answer is shown.
let statusAsked = 0;
async function showStatus() {
  const asked = ++statusAsked;
  const s = await ask<Status>({ kind: 'status' });
  if (asked !== statusAsked) return;
  $('status').textContent = s.paired ? t('optionsPaired', s.base ?? '') : t('optionsNotPaired');
  $<HTMLInputElement>('base').value = s.base ?? DEFAULT_APP;
  $('unpair').hidden = !s.paired;
}

const LOOPBACK = /^http:\/\/(?:127\.0\.0\.1|localhost)(?::\d+)?$/;

$('pair-form').addEventListener('submit', async (e) => {
  e.preventDefault();
  const result = $('result');
  const base = $<HTMLInputElement>('base').value.trim().replace(/\/+$/, '');
  // The manifest grants this machine's addresses; another one (a NAS, a reverse proxy) is asked for now, on the click.
  if (!LOOPBACK.test(base)) {
    let origin: string;
    try {
      origin = new URL(base).origin;
    } catch {
      result.textContent = t('errorBadAddress');
      result.className = 'error';
      return;
    }
    const granted = await ext.permissions.request({ origins: [`${origin}/*`] }).catch(() => false);
    if (!granted) {
      result.textContent = t('errorPermission');
      result.className = 'error';
      return;
    }
  }
  const name = `${navigator.userAgent.includes('Firefox') ? 'Firefox' : 'Chromium'} · ${new Date().toLocaleDateString()}`;
  const a = await ask<ApiAnswer>({ kind: 'pair', base, code: $<HTMLInputElement>('code').value, name });
  result.textContent = a.ok ? t('optionsPairedNow') : t(`error_${a.error ?? 'unknown'}`) || a.error || '';
  result.className = a.ok ? 'ok' : 'error';
  await showStatus();
});

$('unpair').addEventListener('click', async () => {
  await ask({ kind: 'unpair' });
  $('result').textContent = t('optionsUnpaired');
  await showStatus();
});

void showStatus();
