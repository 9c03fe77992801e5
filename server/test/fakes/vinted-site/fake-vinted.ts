import { createHash, randomBytes, randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { attributesOf, searchBrands, searchLeaves } from './fake-catalog.ts';
import { cloudflarePage, DATADOME_CAPTCHA_URL, dataDomePage, formPage, type FormVariant, itemPage, sessionRefreshPage, signupPage } from './fake-pages.ts';
import { DELETE_SCRIPT, deleteControl } from './delete-control.ts';
import { EDIT_SCRIPT, editPage } from './edit-page.ts';
import { FORM_SCRIPT } from './form-script.ts';
import { type FakeSale, soldOrdersPage, type WardrobeCard, wardrobePage } from './member-pages.ts';

// A fake Vinted: a real HTTP server on 127.0.0.1 that imitates the last observed upload flow (shared/VINTED.md)
// closely enough for the connector to run against it in Chromium, with switchable faults. Tests drive it through
// this object (sessions, faults) and read what it received (requests, photos, created items, drafts).

export type FaultKind = 'datadome' | 'cloudflare' | 'rate_limit' | 'expired_session' | 'server_error' | 'renamed_title' | 'renamed_publish' | 'restricted';
/** Where a fault strikes: the form page, the current-user endpoint, photo uploads, the create call, the draft call, a listing's edit (page and save), a listing's delete call. */
export type FaultTarget = 'page' | 'current_user' | 'photos' | 'publish' | 'draft' | 'edit' | 'delete';

export interface Fault { kind: FaultKind; on: FaultTarget[]; retryAfterSeconds?: number }

export interface FakeSession { token: string; login: string; userId: number; csrf: string }
export interface RecordedRequest { method: string; path: string; status: number; target: FaultTarget | null }
export interface CreatedListing { id: number; payload: Record<string, unknown>; webdriver: boolean; rawBody: string; /** The account whose session created it (null for listings put there by a test). */ login?: string | null }

export interface FakeVinted {
  url: string;
  sessions: Map<string, FakeSession>;
  requests: RecordedRequest[];
  photos: Map<number, { sha256: string; bytes: number; data: Buffer; mime: string }>;
  items: Map<number, CreatedListing>;
  drafts: Map<number, CreatedListing>;
  /** Price edits of published listings, in order (PUT /api/v2/item_upload/items/<id>). */
  edits: { id: number; price: number }[];
  /** Listings deleted through their page's delete control, in order (POST /api/v2/items/<id>/delete). */
  deleted: number[];
  /** The seller's sales, newest first as /my_orders/sold lists them. */
  sales: FakeSale[];
  addSale(sale: Omit<FakeSale, 'id'>): FakeSale;
  /** Puts a listing in a member's wardrobe (/member/<id>-<login>), with its photos served from /photos/<id>. */
  addWardrobeItem(userId: number, card: { title: string; price: number; photos: { data: Buffer; mime: string }[]; status?: WardrobeCard['status'] }): WardrobeCard;
  /** Puts a listing on the site as if published earlier (an item the app listed in a former session). */
  addListing(payload: { title: string; price: number }): number;
  /** Adds a logged-in account; answers the Cookie header a seller would copy from their browser. */
  addSession(login?: string, token?: string): { cookie: string; session: FakeSession };
  expire(token: string): void;
  setFault(f: Fault | null): void;
  count(target: FaultTarget, method?: string): number;
  close(): Promise<void>;
}

const MAX_BODY = 25 * 1024 * 1024;

export async function startFakeVinted(): Promise<FakeVinted> {
  const sessions = new Map<string, FakeSession>();
  const expired = new Set<string>();
  const requests: RecordedRequest[] = [];
  const photos = new Map<number, { sha256: string; bytes: number; data: Buffer; mime: string }>();
  const items = new Map<number, CreatedListing>();
  const drafts = new Map<number, CreatedListing>();
  const edits: { id: number; price: number }[] = [];
  const deleted: number[] = [];
  const sales: FakeSale[] = [];
  const wardrobes = new Map<number, WardrobeCard[]>();
  let nextSale = 880_000_001;
  let fault: Fault | null = null;
  let nextPhoto = 9001;
  let nextItem = 4_100_000_001;
  let nextDraft = 7_700_001;

  const server = http.createServer((req, res) => {
    void handle(req, res).catch((e) => {
      if (!res.headersSent) send(res, 500, 'text/plain', String(e));
    });
  });

  function send(res: http.ServerResponse, status: number, type: string, body: string | Buffer, headers: Record<string, string> = {}) {
    // No third-party requests from the fake's pages: the captcha frame keeps its src (the signal) but never loads.
    res.writeHead(status, {
      'content-type': type, 'cache-control': 'no-store',
      'content-security-policy': "default-src 'self'; img-src 'self' data: blob:; style-src 'unsafe-inline'; script-src 'self' 'unsafe-inline'; frame-src 'none'",
      ...headers,
    });
    res.end(body);
  }
  const json = (res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => send(res, status, 'application/json; charset=utf-8', JSON.stringify(body), headers);

  function sessionOf(req: http.IncomingMessage): { s: FakeSession | null; anon: string | null; expiredToken: boolean } {
    const cookies = Object.fromEntries((req.headers.cookie ?? '').split(';').map((p) => p.trim().split('=')).filter((p) => p.length >= 2).map(([k, ...v]) => [k, v.join('=')]));
    const token = cookies.access_token_web;
    return { s: token && !expired.has(token) ? sessions.get(token) ?? null : null, anon: cookies.anon_id ?? null, expiredToken: !!token && expired.has(token) };
  }

  /** Answers the fault for this request, or false when none applies. */
  function faultAnswer(res: http.ServerResponse, target: FaultTarget | null, isApi: boolean): boolean {
    if (!fault || !target || !fault.on.includes(target)) return false;
    switch (fault.kind) {
      case 'datadome':
        if (isApi) json(res, 403, { url: DATADOME_CAPTCHA_URL });
        else send(res, 403, 'text/html; charset=utf-8', dataDomePage());
        return true;
      case 'cloudflare':
        send(res, 403, 'text/html; charset=UTF-8', cloudflarePage(), { 'cf-mitigated': 'challenge', server: 'cloudflare' });
        return true;
      case 'rate_limit':
        json(res, 429, { code: 106, message: 'Too many requests' }, { 'retry-after': String(fault.retryAfterSeconds ?? 60) });
        return true;
      case 'server_error':
        if (isApi) json(res, 503, { code: 503, message: 'Service unavailable' });
        else send(res, 503, 'text/html; charset=utf-8', '<h1>Oups, une erreur est survenue</h1>');
        return true;
      case 'expired_session':
        if (isApi) json(res, 401, { code: 100, message: 'invalid_authentication_token' });
        else send(res, 302, 'text/html', '', { location: '/session-refresh?ref_url=%2Fitems%2Fnew' });
        return true;
      default:
        return false;
    }
  }

  async function handle(req: http.IncomingMessage, res: http.ServerResponse) {
    const url = new URL(req.url ?? '/', 'http://fake');
    const path = url.pathname;
    const method = req.method ?? 'GET';
    const target: FaultTarget | null = method === 'GET' && path === '/items/new' ? 'page'
      : path === '/api/v2/users/current' ? 'current_user'
      : method === 'POST' && path === '/api/v2/photos' ? 'photos'
      : method === 'POST' && path === '/api/v2/item_upload/items' ? 'publish'
      : method === 'POST' && path === '/api/v2/item_upload/drafts' ? 'draft'
      : (method === 'GET' && /^\/items\/\d+\/edit$/.test(path)) || (method === 'PUT' && /^\/api\/v2\/item_upload\/items\/\d+$/.test(path)) ? 'edit'
      : method === 'POST' && /^\/api\/v2\/items\/\d+\/delete$/.test(path) ? 'delete' : null;
    const isApi = path.startsWith('/api/');
    const record = (status: number) => requests.push({ method, path, status, target });
    res.on('finish', () => record(res.statusCode));

    if (path === '/assets/upload-form.js') return send(res, 200, 'text/javascript; charset=utf-8', FORM_SCRIPT);
    if (path === '/assets/item-delete.js') return send(res, 200, 'text/javascript; charset=utf-8', DELETE_SCRIPT);
    if (path === '/assets/edit-form.js') return send(res, 200, 'text/javascript; charset=utf-8', EDIT_SCRIPT);
    if (path === '/session-refresh') return send(res, 200, 'text/html; charset=utf-8', sessionRefreshPage());
    if (path === '/member/signup') return send(res, 200, 'text/html; charset=utf-8', signupPage());
    const photoPath = path.match(/^\/photos\/(\d+)$/);
    if (photoPath) {
      const p = photos.get(Number(photoPath[1]));
      return p ? send(res, 200, p.mime, p.data) : send(res, 404, 'text/plain', 'not found');
    }
    // Like a real front server, read what the client sends before answering, fault or not.
    const body = method === 'GET' || method === 'HEAD' ? Buffer.alloc(0) : await readBody(req);
    if (faultAnswer(res, target, isApi)) return;

    const { s, anon, expiredToken } = sessionOf(req);
    if (!s) {
      if (isApi) return json(res, 401, { code: 100, message: 'invalid_authentication_token' });
      if (expiredToken) return send(res, 302, 'text/html', '', { location: '/session-refresh' });
      if (path === '/items/new') return send(res, 302, 'text/html', '', { location: '/member/signup?ref_url=%2Fitems%2Fnew' });
    }

    if (method === 'GET' && path === '/items/new') {
      const variant: FormVariant = {
        renamedTitle: fault?.kind === 'renamed_title', renamedPublish: fault?.kind === 'renamed_publish', restrictedBanner: fault?.kind === 'restricted',
      };
      return send(res, 200, 'text/html; charset=utf-8', formPage({ login: s!.login, csrf: s!.csrf, variant }));
    }
    const editMatch = path.match(/^\/items\/(\d+)\/edit$/);
    if (method === 'GET' && editMatch) {
      const it = items.get(Number(editMatch[1]));
      if (!it) return send(res, 404, 'text/html', 'not found');
      const p = it.payload as { title: string; price: number };
      return send(res, 200, 'text/html; charset=utf-8', editPage({ id: it.id, title: p.title, price: p.price, login: s!.login, csrf: s!.csrf }));
    }
    const itemMatch = path.match(/^\/items\/(\d+)$/);
    if (method === 'GET' && itemMatch) {
      const it = items.get(Number(itemMatch[1]));
      if (!it) return send(res, 404, 'text/html', 'not found');
      const p = it.payload as { title: string; price: number };
      // The logged-in seller's own listing (the fake's listings are all the seller's) shows the delete control.
      return send(res, 200, 'text/html; charset=utf-8', itemPage({ id: it.id, title: p.title, price: p.price, owner: s ? deleteControl({ id: it.id, csrf: s.csrf, userId: s.userId }) : '' }));
    }
    const pageNo = Math.max(1, Number(url.searchParams.get('page') ?? 1) || 1);
    if (method === 'GET' && path === '/my_orders/sold') return send(res, 200, 'text/html; charset=utf-8', soldOrdersPage(sales, pageNo));
    const member = path.match(/^\/member\/(\d+)(?:-[^/]*)?$/);
    if (method === 'GET' && member) {
      const owner = [...sessions.values()].find((x) => x.userId === Number(member[1]));
      if (!owner) return send(res, 404, 'text/html', 'not found');
      return send(res, 200, 'text/html; charset=utf-8', wardrobePage({ userId: owner.userId, login: owner.login }, wardrobes.get(owner.userId) ?? [], pageNo, s?.userId === owner.userId));
    }
    if (!isApi) return send(res, 404, 'text/plain', 'not found');

    if (method === 'GET' && path === '/api/v2/users/current') return json(res, 200, { user: { id: s!.userId, login: s!.login } });
    if (method === 'GET' && path === '/api/v2/catalogs/search') {
      return json(res, 200, { catalogs: searchLeaves(url.searchParams.get('q') ?? '').map((l) => ({ id: l.id, title: l.label, path: l.path })) });
    }
    if (method === 'GET' && path === '/api/v2/item_upload/brands') return json(res, 200, { brands: searchBrands(url.searchParams.get('keyword') ?? '') });
    const apiItem = path.match(/^\/api\/v2\/items\/(\d+)$/);
    if (method === 'GET' && apiItem) {
      const it = items.get(Number(apiItem[1]));
      return it ? json(res, 200, { item: { id: it.id, ...it.payload } }) : json(res, 404, { code: 404 });
    }

    // Writes: the page's CSRF token and the anon_id cookie as x-anon-id, as the real front end sends them.
    if (req.headers['x-csrf-token'] !== s!.csrf || !anon || req.headers['x-anon-id'] !== anon) return json(res, 401, { code: 'invalid_csrf', message: 'Invalid CSRF token' });
    if (method === 'POST' && path === '/api/v2/photos') {
      const id = nextPhoto++;
      photos.set(id, { sha256: createHash('sha256').update(body).digest('hex'), bytes: body.length, data: body, mime: String(req.headers['content-type'] ?? 'application/octet-stream') });
      return json(res, 200, { id, url: `/photos/${id}` });
    }
    if (method === 'POST' && path === '/api/v2/item_upload/attributes') {
      const a = attributesOf(Number(JSON.parse(body.toString('utf8')).catalog_id));
      return a ? json(res, 200, a) : json(res, 400, { code: 'invalid_catalog' });
    }
    const deleteMatch = path.match(/^\/api\/v2\/items\/(\d+)\/delete$/);
    if (method === 'POST' && deleteMatch) {
      const id = Number(deleteMatch[1]);
      if (!items.delete(id)) return json(res, 404, { code: 404, message: 'not found' });
      deleted.push(id);
      return json(res, 200, { code: 0 });
    }
    const putMatch = path.match(/^\/api\/v2\/item_upload\/items\/(\d+)$/);
    if (method === 'PUT' && putMatch) {
      const it = items.get(Number(putMatch[1]));
      if (!it) return json(res, 404, { code: 404, message: 'not found' });
      const price = (JSON.parse(body.toString('utf8')) as { item?: { price?: unknown } }).item?.price;
      if (typeof price !== 'number' || price < 1) return json(res, 422, { code: 99, message: 'Validation failed', errors: [{ field: 'price', message: 'Indique un prix (1,00 € minimum)' }] });
      it.payload = { ...it.payload, price };
      edits.push({ id: it.id, price });
      return json(res, 200, { item: { id: it.id, price } });
    }
    if (method === 'POST' && (path === '/api/v2/item_upload/items' || path === '/api/v2/item_upload/drafts')) {
      const raw = body.toString('utf8');
      const parsed = JSON.parse(raw) as { item: Record<string, unknown>; webdriver?: boolean };
      const isDraft = path.endsWith('/drafts');
      const errors = isDraft ? [] : validate(parsed.item);
      if (errors.length) return json(res, 422, { code: 99, message: 'Validation failed', errors });
      const rec: CreatedListing = { id: isDraft ? nextDraft++ : nextItem++, payload: parsed.item, webdriver: parsed.webdriver === true, rawBody: raw, login: s?.login ?? null };
      (isDraft ? drafts : items).set(rec.id, rec);
      return json(res, 200, isDraft ? { draft: { id: rec.id } } : { item: { id: rec.id, url: `/items/${rec.id}` } });
    }
    return json(res, 404, { code: 404, message: 'not found' });
  }

  function validate(item: Record<string, unknown>) {
    const e: { field: string; message: string }[] = [];
    const title = String(item.title ?? '');
    if (title.length < 5 || title.length > 100) e.push({ field: 'title', message: 'Le titre doit contenir entre 5 et 100 caractères' });
    if (String(item.description ?? '').length < 5) e.push({ field: 'description', message: 'Décris ton article' });
    if (!item.catalog_id) e.push({ field: 'catalog', message: 'Choisis une catégorie' });
    if (!item.status_id) e.push({ field: 'status', message: "Choisis l'état" });
    if (typeof item.price !== 'number' || item.price < 1) e.push({ field: 'price', message: 'Indique un prix (1,00 € minimum)' });
    if (!item.package_size_id) e.push({ field: 'package_size', message: 'Choisis un format de colis' });
    const assigned = item.assigned_photos as unknown[] | undefined;
    if (!assigned?.length) e.push({ field: 'photos', message: 'Ajoute au moins une photo' });
    return e;
  }

  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url, sessions, requests, photos, items, drafts, edits, deleted, sales,
    addSale(sale) {
      const rec = { id: nextSale++, ...sale };
      sales.unshift(rec);
      return rec;
    },
    addWardrobeItem(userId, card) {
      const id = nextItem++;
      const photoIds = card.photos.map((p) => {
        const pid = nextPhoto++;
        photos.set(pid, { sha256: createHash('sha256').update(p.data).digest('hex'), bytes: p.data.length, data: p.data, mime: p.mime });
        return pid;
      });
      items.set(id, { id, payload: { title: card.title, price: card.price }, webdriver: false, rawBody: '' });
      const rec: WardrobeCard = { id, title: card.title, price: card.price, photo_ids: photoIds, status: card.status ?? 'active' };
      wardrobes.set(userId, [rec, ...(wardrobes.get(userId) ?? [])]);
      return rec;
    },
    addListing(payload) {
      const id = nextItem++;
      items.set(id, { id, payload: { ...payload }, webdriver: false, rawBody: JSON.stringify({ item: payload }) });
      return id;
    },
    addSession(login = 'marie_dressing', token = `atw.${randomBytes(24).toString('base64url')}`) {
      const session: FakeSession = { token, login, userId: 1000 + sessions.size, csrf: randomUUID() };
      sessions.set(session.token, session);
      const cookie = [
        `access_token_web=${session.token}`, `refresh_token_web=rtw.${randomBytes(24).toString('base64url')}`, `anon_id=${randomUUID()}`,
        `v_udt=${randomBytes(12).toString('base64url')}`, `datadome=${randomBytes(30).toString('base64url')}`, `cf_clearance=${randomBytes(20).toString('hex')}`,
      ].join('; ');
      return { cookie, session };
    },
    expire(token) {
      expired.add(token);
    },
    setFault(f) {
      fault = f;
    },
    count(t, m) {
      return requests.filter((r) => r.target === t && (!m || r.method === m)).length;
    },
    close: () => new Promise<void>((ok) => {
      server.closeAllConnections();
      server.close(() => ok());
    }),
  };
}

function readBody(req: http.IncomingMessage): Promise<Buffer> {
  return new Promise((ok, fail) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) {
        fail(new Error('body too large'));
        req.destroy();
      } else chunks.push(c);
    });
    req.on('end', () => ok(Buffer.concat(chunks)));
    req.on('error', fail);
  });
}
