import type { FastifyInstance, FastifyRequest } from 'fastify';
import { LOCAL_OWNER_ID, ownerScope } from '../security/owner-scope.ts';

const SCOPE = Symbol('ownerScope');
type ScopedRequest = FastifyRequest & { [SCOPE]?: object };

/**
 * Every request runs in an owner's scope (issue 20). The scope opens as the request arrives: in single-seller mode
 * its owner is the seller at once; in accounts mode it stays unnamed until the auth hook verifies the caller and calls
 * `ownerScope.identify`, so a route reached before that fails closed. Fastify reads the body in the request stream's
 * own callbacks, outside the flow the onRequest hook ran in (the pitfall @fastify/request-context documents): the
 * same scope object is entered again once the body is parsed and before the handler, so `identify` made in any hook
 * holds for the whole request, JSON bodies and multipart uploads alike.
 */
export function installOwnerScope(app: FastifyInstance, authMode: 'single' | 'accounts') {
  const owner = authMode === 'accounts' ? undefined : LOCAL_OWNER_ID;
  app.addHook('onRequest', (req, _reply, done) => {
    (req as ScopedRequest)[SCOPE] = ownerScope.enter(owner);
    done();
  });
  const again = (req: FastifyRequest, _reply: unknown, done: () => void) => {
    const scope = (req as ScopedRequest)[SCOPE];
    if (scope) ownerScope.reenter(scope);
    done();
  };
  app.addHook('preParsing', (req, reply, payload, done) => {
    again(req, reply, () => done(null, payload));
  });
  app.addHook('preValidation', again);
  app.addHook('preHandler', again);
}
