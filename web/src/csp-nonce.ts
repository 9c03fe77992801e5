import { setNonce } from 'get-nonce';

// The server's Content-Security-Policy allows inline <style> only with the nonce of each answer, which it writes
// into <meta property="csp-nonce">. Radix's scroll lock (react-remove-scroll) injects a <style> element when a
// dialog opens: it reads the nonce from get-nonce. Imported first in main.tsx, before any dialog can mount.
const meta = document.querySelector<HTMLMetaElement>('meta[property="csp-nonce"]');
// Browsers hide the nonce attribute from getAttribute once applied; the property keeps it.
const nonce = meta?.nonce || meta?.getAttribute('nonce') || '';
if (nonce) setNonce(nonce);
