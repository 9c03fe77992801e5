import type { FastifyInstance } from 'fastify';
import { JSON_MAX_DEPTH, jsonDeeperThan, jsonTooDeep } from '../json-depth.ts';
import { cleanDeep } from '../text.ts';

// What every request's own text goes through before a route sees it: JSON bodies are refused past a nesting depth
// (a body of a million "[" parses, then overflows the stack of whatever walks it: a validator, a logger, a
// serializer) and every string of a JSON body or a query string follows the text rule (platform/text.ts: control
// characters removed). Multipart text fields and files are the routes' own (their schemas clean the fields).

export function installInputHygiene(app: FastifyInstance, maxDepth = JSON_MAX_DEPTH) {
  // Fastify's own parser (prototype poisoning refused), behind the depth check, then the text rule.
  const parse = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (req, body, done) => {
    if (jsonDeeperThan(String(body), maxDepth)) return done(jsonTooDeep(maxDepth), undefined);
    parse(req, body as string, (err: Error | null, value: unknown) => (err ? done(err, undefined) : done(null, cleanDeep(value))));
  });
  app.addHook('preValidation', async (req) => {
    if (req.query && typeof req.query === 'object') cleanDeep(req.query);
  });
}
