import fs from 'node:fs';
import path from 'node:path';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { acceptsHtml } from './web-paths.ts';

export const DEFAULT_WEB_DIST = path.resolve(import.meta.dirname, '../../../../web/dist');
// web/vite.config.ts writes this where each answer's CSP nonce goes (the csp-nonce meta tag and Vite's own tags).
const NONCE_PLACEHOLDER = 'VINTEDBOT_CSP_NONCE';

/** The built web app in web/dist (made by `npm run build -w web`, or by `npm start` when missing or stale). */
export class WebApp {
  private cached: { mtimeMs: number; html: Buffer } | null = null;

  constructor(readonly distDir: string = DEFAULT_WEB_DIST) {}

  get indexPath() {
    return path.join(this.distDir, 'index.html');
  }

  /** Read on each request (a stat, then a cached buffer), so a rebuild while the server runs is served at once. */
  private index(): Buffer | null {
    const st = fs.statSync(this.indexPath, { throwIfNoEntry: false });
    if (!st) return null;
    if (this.cached?.mtimeMs !== st.mtimeMs) this.cached = { mtimeMs: st.mtimeMs, html: fs.readFileSync(this.indexPath) };
    return this.cached.html;
  }

  isBuilt(): boolean {
    return fs.existsSync(this.indexPath);
  }

  /** A browser navigating to `/` (it asks for HTML) gets the app when one is built; API clients keep the JSON. */
  servesPage(req: FastifyRequest): boolean {
    return acceptsHtml(req.headers.accept) && this.isBuilt();
  }

  /**
   * An unknown address asked for by a browser (`/reglage`, `/Stock`): the app, with a 404 status, shows its own
   * not-found page (React Router's catch-all). API clients asking JSON keep the JSON 404.
   */
  sendNotFoundPage(req: FastifyRequest, reply: FastifyReply): boolean {
    if (!this.servesPage(req)) return false;
    reply.code(404);
    return this.sendIndex(reply);
  }

  sendIndex(reply: FastifyReply) {
    const html = this.index();
    if (!html) return false;
    // The style nonce of this answer's Content-Security-Policy (@fastify/helmet makes one per response).
    const nonce = (reply as FastifyReply & { cspNonce?: { style?: string } | null }).cspNonce?.style ?? '';
    const page = html.includes(NONCE_PLACEHOLDER) ? html.toString('utf8').replaceAll(NONCE_PLACEHOLDER, nonce) : html;
    // The page names hashed asset files: it must be revalidated so a new build is picked up.
    reply.header('cache-control', 'no-cache').type('text/html; charset=utf-8').send(page);
    return true;
  }
}
