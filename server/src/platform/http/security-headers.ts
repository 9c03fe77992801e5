import helmet from '@fastify/helmet';
import type { FastifyInstance } from 'fastify';
import type { Config } from '../../config.ts';

// Security headers on every response (@fastify/helmet). The built web app has no inline script (web/index.html
// loads every script from /assets), so script-src is 'self'. Its UI library injects <style> elements (scroll lock
// of dialogs): they carry the per-response style nonce that the page reads from its csp-nonce meta tag.
// Swagger UI at /docs and ReDoc at /redoc need inline styles: they get their own policies (DOCS_CSP, REDOC_CSP), on
// their routes only.

export const APP_CSP_DIRECTIVES = {
  'default-src': ["'self'"],
  'script-src': ["'self'"],
  'script-src-attr': ["'none'"],
  'style-src': ["'self'"],
  'img-src': ["'self'", 'data:', 'blob:'],
  'font-src': ["'self'", 'data:'],
  'connect-src': ["'self'"],
  'media-src': ["'self'", 'blob:'],
  'object-src': ["'none'"],
  'base-uri': ["'none'"],
  'form-action': ["'self'"],
  'frame-ancestors': ["'none'"],
  'frame-src': ["'none'"],
  'worker-src': ["'self'", 'blob:'],
  'manifest-src': ["'self'"],
};

export const DOCS_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** ReDoc at /redoc: styled-components inject inline styles, and its search index runs in a worker made from a blob. */
export const REDOC_CSP = `${DOCS_CSP}; worker-src 'self' blob:`;

export async function installSecurityHeaders(app: FastifyInstance, cfg: Pick<Config, 'PUBLIC_URL' | 'CORS_ORIGINS'>) {
  const https = cfg.PUBLIC_URL?.startsWith('https://') ?? false;
  await app.register(helmet, {
    global: true,
    // A fresh nonce per response: the web app's index page puts it in its csp-nonce meta tag (see modules/web).
    enableCSPNonces: true,
    contentSecurityPolicy: {
      useDefaults: false,
      // No upgrade-insecure-requests: the app is usually reached over plain http on this machine or the LAN.
      directives: APP_CSP_DIRECTIVES,
    },
    // Photos and downloads may be embedded by a front end listed in CORS_ORIGINS; otherwise same origin only.
    crossOriginResourcePolicy: { policy: cfg.CORS_ORIGINS.length ? 'cross-origin' : 'same-origin' },
    crossOriginOpenerPolicy: { policy: 'same-origin' },
    crossOriginEmbedderPolicy: false,
    referrerPolicy: { policy: 'no-referrer' },
    frameguard: { action: 'deny' },
    // Only meaningful when the seller reaches the app over https (PUBLIC_URL); over http browsers ignore it anyway.
    strictTransportSecurity: https ? { maxAge: 15_552_000, includeSubDomains: false } : false,
    xContentTypeOptions: true,
  });
}
