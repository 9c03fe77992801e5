import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Config } from '../../config.ts';
import { AppError } from '../errors.ts';
import { type ExtensionAccess, isExtensionOrigin } from '../security/extension-access.ts';
import { originMatcher } from './allowed-origins.ts';

// Cross-site request forgery defence. A page on another site can make the seller's browser send a form, a
// multipart upload or a body-less POST here without any CORS preflight (the browser only hides the answer), so
// CORS alone protects nothing that changes state. Every state-changing request that a browser marks as coming
// from another origin is refused, unless that origin is one the operator listed (CORS_ORIGINS) or PUBLIC_URL.
// Requests with neither Sec-Fetch-Site nor Origin do not come from a browser page (curl, scripts, the CLI): they
// pass, and the API token (when set) decides. The paired browser extension's origin passes only on the
// extension's own routes with its token (or the one-time pairing code): see security/extension-access.ts.

export const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** `scheme://host[:port]` lower-cased with the default port dropped, or null when not an http(s) origin. */
export function normalizeOrigin(value: string): string | null {
  try {
    const u = new URL(value);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') return null;
    return u.origin;
  } catch {
    return null;
  }
}

/** The origin the client addressed: scheme and Host (X-Forwarded-Proto/-Host through a trusted proxy). */
export function ownOrigin(req: FastifyRequest): string | null {
  return req.host ? normalizeOrigin(`${req.protocol}://${req.host}`) : null;
}

/** True when the browser itself says the request comes from this app's own pages. */
export function provablySameOrigin(req: FastifyRequest): boolean {
  const site = req.headers['sec-fetch-site'];
  if (site === 'same-origin') return true;
  const origin = req.headers.origin;
  return typeof origin === 'string' && origin !== 'null' && normalizeOrigin(origin) === ownOrigin(req);
}

export type CrossSiteVerdict = 'same-origin' | 'listed' | 'not-a-browser' | 'cross-site';

export function crossSiteVerdict(req: FastifyRequest, listed: { has(origin: string): boolean }): CrossSiteVerdict {
  const site = req.headers['sec-fetch-site'];
  const origin = req.headers.origin;
  // Sec-Fetch-Site cannot be set by a page. 'same-origin' also covers a dev proxy in front of the app (Vite), whose
  // page origin differs from the address the proxy calls.
  if (site === 'same-origin') return 'same-origin';
  if (typeof origin === 'string') {
    // "null": a sandboxed frame, a data: page, a redirect chain or a form under `Referrer-Policy: no-referrer`.
    const o = origin === 'null' ? null : normalizeOrigin(origin);
    if (o && o === ownOrigin(req)) return 'same-origin';
    if (o && listed.has(o)) return 'listed';
    return 'cross-site';
  }
  // A user-initiated navigation (typed address, bookmark) is 'none'.
  if (site === 'none') return 'same-origin';
  if (typeof site === 'string') return 'cross-site';
  return 'not-a-browser';
}

/**
 * The origins, besides the request's own, whose pages may change state here: CORS_ORIGINS (wildcard subdomains
 * included, by the same matcher as CORS) and PUBLIC_URL.
 */
export function listedOrigins(cfg: Pick<Config, 'CORS_ORIGINS' | 'PUBLIC_URL'>): { has(origin: string): boolean } {
  const exact = new Set<string>();
  for (const o of [...cfg.CORS_ORIGINS, ...(cfg.PUBLIC_URL ? [cfg.PUBLIC_URL] : [])]) {
    const n = normalizeOrigin(o);
    if (n) exact.add(n);
  }
  const wildcard = originMatcher(cfg.CORS_ORIGINS.filter((o) => o.includes('*.')));
  return { has: (origin) => exact.has(origin) || wildcard(origin) };
}

function hasBody(req: FastifyRequest): boolean {
  const len = req.headers['content-length'];
  if (req.headers['transfer-encoding']) return true;
  return len !== undefined && len !== '0';
}

/**
 * Refuses (403 cross_site_request) a POST, PUT, PATCH or DELETE that a browser sends from a page of another
 * origin, and (400 body_required) a POST or PUT without a body: an action must be asked for explicitly, with at
 * least `{}` as a JSON body, never by a bare POST any page or link prefetcher can send.
 */
export function installCrossSiteGuard(app: FastifyInstance, cfg: Pick<Config, 'CORS_ORIGINS' | 'PUBLIC_URL'>, extension?: ExtensionAccess) {
  const listed = listedOrigins(cfg);
  app.addHook('onRequest', async (req) => {
    if (!UNSAFE_METHODS.has(req.method)) return;
    if (crossSiteVerdict(req, listed) === 'cross-site' && !(extension && isExtensionOrigin(req.headers.origin) && (await extension.admits(req)))) {
      throw new AppError(403, 'cross_site_request', 'Refused: this request comes from a page of another site. Use the app itself, or list that site in CORS_ORIGINS.');
    }
    if ((req.method === 'POST' || req.method === 'PUT') && !hasBody(req)) {
      throw new AppError(400, 'body_required', 'This action needs a JSON body: send at least {} (with `"dry_run": false` where the route has a dry run) and Content-Type: application/json.');
    }
  });
}
