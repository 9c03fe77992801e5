import type { FastifyInstance } from 'fastify';
import { ownerScope } from '../../src/platform/security/owner-scope.ts';

// The tests' own way to act as an owner until the accounts branch gives every user a login and API tokens: a hook
// the test registers on its app (never the product's) names the owner from a test header. The lead swaps it for
// per-user API tokens at merge.
const HEADER = 'x-test-owner';

export function identifyFromTestHeader(app: FastifyInstance) {
  app.addHook('onRequest', (req, _reply, done) => {
    const owner = req.headers[HEADER];
    if (typeof owner === 'string' && owner) ownerScope.identify(owner);
    done();
  });
}

/** Headers that make a request act as `owner` through identifyFromTestHeader. */
export const authAs = (owner: string): Record<string, string> => ({ [HEADER]: owner });
