import type { FastifyRequest } from 'fastify';

// The paired browser extension as the perimeter sees it. An extension's requests carry its own origin
// (chrome-extension://<id>, moz-extension://<uuid>), which the cross-site guard would refuse as "another site", and
// its own token, which is not API_TOKEN. The extension module says which requests are the extension's
// (ExtensionAccess); the guard and the token check then let those, and only those, through. The platform knows
// nothing else of the module.

/** The origins browsers give extension pages and service workers (Chromium, Edge, Opera: chrome-extension). */
const EXTENSION_ORIGIN = /^(?:chrome-extension:\/\/[a-p]{32}|moz-extension:\/\/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/;

export const isExtensionOrigin = (origin: unknown): boolean => typeof origin === 'string' && EXTENSION_ORIGIN.test(origin.toLowerCase());

export interface ExtensionAccess {
  /**
   * True when the request is one the paired extension may send: one of the extension's own routes with a valid,
   * unrevoked extension token, or the pairing claim (whose one-time code is checked by its route).
   */
  admits(req: FastifyRequest): Promise<boolean>;
  /**
   * The owner of the request's extension token (whose extension it is), or null (no valid token: the pairing claim,
   * which finds its owner from the code). An admitted request runs in this owner's scope.
   */
  owner(req: FastifyRequest): Promise<string | null>;
}
