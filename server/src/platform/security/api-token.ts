import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { AppError } from '../errors.ts';

// Routes a load balancer or supervisor must reach without credentials.
const PUBLIC_PATHS = new Set(['/health', '/ready']);

function safeEqual(a: string, b: string) {
  const ab = Buffer.from(a);
  const bb = Buffer.from(b);
  return ab.length === bb.length && timingSafeEqual(ab, bb);
}

/**
 * Requests that may pass without the token besides the health checks (the app says which: the web app's files).
 * `notFound`: no route matches the address (a browser may then get the web app's not-found page, which holds no data).
 */
export type PublicRequest = (method: string, path: string, accept: string | undefined, notFound: boolean) => boolean;

/** With API_TOKEN set, every route but the public ones needs `Authorization: Bearer <token>`. */
export function installApiToken(app: FastifyInstance, token: string | undefined, isPublic: PublicRequest = () => false) {
  if (!token) return;
  app.addHook('onRequest', async (req) => {
    if (req.method === 'OPTIONS') return; // CORS preflights carry no credentials by design
    const path = req.url.split('?')[0];
    if (PUBLIC_PATHS.has(path)) return;
    // E.g. the web app's own files and pages: they hold no data; the app then asks the seller for the token and sends it.
    if (isPublic(req.method, path, req.headers.accept, req.is404)) return;
    const header = req.headers.authorization ?? '';
    const m = /^Bearer\s+(.+)$/i.exec(header);
    if (!m) throw new AppError(401, 'unauthorized', 'Missing API token: send Authorization: Bearer <API_TOKEN>', undefined, { 'www-authenticate': 'Bearer' });
    if (!safeEqual(m[1].trim(), token)) throw new AppError(401, 'unauthorized', 'Invalid API token', undefined, { 'www-authenticate': 'Bearer' });
  });
}
