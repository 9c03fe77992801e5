import type { FastifyRequest } from 'fastify';
import { AppError } from '../../platform/errors.ts';
import type { ExtensionAccess } from '../../platform/security/extension-access.ts';
import type { ExtensionGrant, ExtensionScope, PairingService } from './pairing.service.ts';

// Which requests are the paired extension's, for the perimeter (ExtensionAccess) and for each route (its scope).
// The settings' own routes (codes, the list of paired extensions, revocation) are the web app's, never the
// extension's: an extension token cannot pair another extension or un-revoke itself.

export const PAIR_PATH = '/extension/pair';
const SETTINGS_PATHS = /^\/extension\/(?:pairing-codes|tokens)(?:\/|$)/;

const pathOf = (req: FastifyRequest) => req.url.split('?')[0].replace(/\/+$/, '');
const bearer = (req: FastifyRequest) => /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1] ?? null;

export class ExtensionGate implements ExtensionAccess {
  // One lookup per request, shared by the perimeter's hooks and the route.
  private readonly seen = new WeakMap<FastifyRequest, Promise<ExtensionGrant | null>>();

  constructor(private readonly pairing: PairingService) {}

  /** The grant of the request's extension token, or null. */
  grant(req: FastifyRequest): Promise<ExtensionGrant | null> {
    let g = this.seen.get(req);
    if (!g) {
      g = this.pairing.verify(bearer(req));
      this.seen.set(req, g);
    }
    return g;
  }

  async admits(req: FastifyRequest): Promise<boolean> {
    const path = pathOf(req);
    if (path === PAIR_PATH) return req.method === 'POST';
    if (!path.startsWith('/extension/') || SETTINGS_PATHS.test(path)) return false;
    return (await this.grant(req)) !== null;
  }

  async owner(req: FastifyRequest): Promise<string | null> {
    return (await this.grant(req))?.owner ?? null;
  }

  /** A route's preHandler: the extension token, with this scope (401 without a valid token, 403 without the scope). */
  requires(scope: ExtensionScope) {
    return async (req: FastifyRequest) => {
      const g = await this.grant(req);
      if (!g) throw new AppError(401, 'extension_token_invalid', 'This route is for the paired VintedBot extension: pair it again from the app (Settings → Connect the extension).', undefined, { 'www-authenticate': 'Bearer' });
      if (!g.scopes.includes(scope)) throw new AppError(403, 'extension_scope_missing', `The extension's token does not allow "${scope}"`, { scope });
    };
  }
}
