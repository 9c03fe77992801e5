// The web app's addresses on the API's origin. Client routes use French paths so they never collide with the
// API's English ones; keep CLIENT_ROUTES in step with web/src/app.tsx.
export const CLIENT_ROUTES = ['/stock', '/stock/:id', '/annonce/nouvelle', '/lot', '/fichiers', '/reglages', '/ventes', '/statistiques', '/historique', '/compte', '/administration', '/invitation', '/mot-de-passe'] as const;

// Strict shapes, no dots or encodings: a path that matches is literally an app file or page, never an API route.
const ASSET = /^\/assets\/[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*\.(js|css|svg|png|webp|woff2?|ico|json|map)$/;
const PAGE = /^\/(stock(\/[A-Za-z0-9-]{1,64})?|annonce\/nouvelle|lot|fichiers|reglages|ventes|statistiques|historique|compte|administration|invitation|mot-de-passe)\/?$/;

export const acceptsHtml = (accept: string | undefined) => !!accept && /\btext\/html\b/.test(accept);

/**
 * True for requests that fetch the web app itself (its built files, or a page of it) rather than data: they carry
 * no stock, so a browser may load them before the seller has typed the API token. An unknown address a browser asks
 * for (`notFound`, HTML accepted) is the app's own not-found page.
 */
export function isWebAppRequest(method: string, path: string, accept: string | undefined, notFound = false): boolean {
  if (method !== 'GET' && method !== 'HEAD') return false;
  if (ASSET.test(path) || PAGE.test(path)) return true;
  return (path === '/' || notFound) && acceptsHtml(accept);
}
