import { type ApiAnswer, type ImageAnswer, type Request, type Status, ext } from './messages.ts';

// The extension's only link to the VintedBot app: it keeps the app's address and the extension's own token
// (chrome.storage.local, never shown to a page), trades a pairing code for that token, and relays the panel's
// requests. Nothing here talks to Vinted.

interface Pairing { base: string; token: string }

async function pairing(): Promise<Pairing | null> {
  const s = (await ext.storage.local.get(['base', 'token'])) as Partial<Pairing>;
  return s.base && s.token ? { base: s.base, token: s.token } : null;
}

/** `http(s)://host[:port]` without a trailing slash, or null. */
function appOrigin(base: string): string | null {
  try {
    const u = new URL(base.trim());
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.origin : null;
  } catch {
    return null;
  }
}

async function readJson(res: Response): Promise<unknown> {
  const text = await res.text();
  try {
    return text ? JSON.parse(text) : null;
  } catch {
    return null;
  }
}

const errorOf = (body: unknown) => (body as { error?: { code?: string } } | null)?.error?.code;

async function pair(base: string, code: string, name: string): Promise<ApiAnswer> {
  const origin = appOrigin(base);
  if (!origin) return { ok: false, status: 0, body: null, error: 'bad_address' };
  try {
    const res = await fetch(`${origin}/extension/pair`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code, name }) });
    const body = await readJson(res);
    if (!res.ok) return { ok: false, status: res.status, body, error: errorOf(body) ?? `http_${res.status}` };
    await ext.storage.local.set({ base: origin, token: (body as { token: string }).token });
    return { ok: true, status: res.status, body: { scopes: (body as { scopes: string[] }).scopes } };
  } catch {
    return { ok: false, status: 0, body: null, error: 'unreachable' };
  }
}

async function api(method: 'GET' | 'POST', path: string, body?: unknown): Promise<ApiAnswer> {
  const p = await pairing();
  if (!p) return { ok: false, status: 0, body: null, error: 'not_paired' };
  // Only the extension's own routes: the token opens nothing else, and the panel has no reason to try.
  if (!path.startsWith('/extension/')) return { ok: false, status: 0, body: null, error: 'not_allowed' };
  try {
    const res = await fetch(p.base + path, {
      method, headers: { authorization: `Bearer ${p.token}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = await readJson(res);
    return { ok: res.ok, status: res.status, body: json, error: res.ok ? undefined : (errorOf(json) ?? `http_${res.status}`) };
  } catch {
    return { ok: false, status: 0, body: null, error: 'unreachable' };
  }
}

/** A photo as base64: the page's own policy may refuse images from the app, and a file input needs bytes anyway. */
async function image(path: string): Promise<ImageAnswer> {
  const p = await pairing();
  if (!p || !path.startsWith('/extension/')) return { ok: false, mime: '', base64: '', error: 'not_paired' };
  try {
    const res = await fetch(p.base + path, { headers: { authorization: `Bearer ${p.token}` } });
    if (!res.ok) return { ok: false, mime: '', base64: '', error: `http_${res.status}` };
    return { ok: true, mime: res.headers.get('content-type') ?? 'image/jpeg', base64: toBase64(new Uint8Array(await res.arrayBuffer())) };
  } catch {
    return { ok: false, mime: '', base64: '', error: 'unreachable' };
  }
}

/** Vinted's own image hosts (https://images1.vinted.net/…), and nothing else: the extension is no general fetcher. */
const VINTED_IMAGES = /^https:\/\/[a-z0-9-]+\.vinted\.net\//;

async function vintedImage(url: string): Promise<ImageAnswer> {
  if (!VINTED_IMAGES.test(url)) return { ok: false, mime: '', base64: '', error: 'not_allowed' };
  try {
    const res = await fetch(url, { credentials: 'omit' });
    if (!res.ok) return { ok: false, mime: '', base64: '', error: `http_${res.status}` };
    return { ok: true, mime: res.headers.get('content-type') ?? 'image/jpeg', base64: toBase64(new Uint8Array(await res.arrayBuffer())) };
  } catch {
    return { ok: false, mime: '', base64: '', error: 'unreachable' };
  }
}

function toBase64(bytes: Uint8Array): string {
  let bin = '';
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(bin);
}

async function handle(req: Request): Promise<unknown> {
  switch (req.kind) {
    case 'pair': return pair(req.base, req.code, req.name);
    case 'status': {
      const p = await pairing();
      const s: Status = { paired: p !== null, base: p?.base ?? null };
      return s;
    }
    case 'unpair':
      await ext.storage.local.remove(['token']);
      return { ok: true };
    case 'api': return api(req.method, req.path, req.body);
    case 'image': return image(req.path);
    case 'vintedImage': return vintedImage(req.url);
  }
}

ext.runtime.onMessage.addListener((req: Request, sender, respond) => {
  // Only this extension's own pages and content scripts (a web page cannot message it: no externally_connectable).
  if (sender.id !== ext.runtime.id) return false;
  void handle(req).then(respond, (e) => respond({ ok: false, status: 0, body: null, error: String(e) }));
  return true; // the answer comes asynchronously
});
