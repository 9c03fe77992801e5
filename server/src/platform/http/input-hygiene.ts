import type { FastifyInstance } from 'fastify';
import { AppError } from '../errors.ts';
import { cleanDeep } from '../text.ts';

// What every request's own text goes through before a route sees it: JSON bodies are refused past a nesting depth
// (a body of a million "[" parses, then overflows the stack of whatever walks it: a validator, a logger, a
// serializer) and every string of a JSON body or a query string follows the text rule (platform/text.ts: control
// characters removed). Multipart text fields and files are the routes' own (their schemas clean the fields).

/** Deeper than any body of the API (the deepest is 4 levels): far from what a recursive walk could overflow on. */
export const JSON_MAX_DEPTH = 64;

/** Whether the JSON text nests arrays and objects deeper than `max`: one pass over the text, before parsing it. */
export function jsonDeeperThan(text: string, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // backslash: the next character is escaped
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > max) return true;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return false;
}

export const jsonTooDeep = (max: number) =>
  new AppError(400, 'json_too_deep', `The JSON nests deeper than ${max} levels`, { max_depth: max });

export function installInputHygiene(app: FastifyInstance, maxDepth = JSON_MAX_DEPTH) {
  // Fastify's own parser (prototype poisoning refused), behind the depth check, then the text rule.
  const parse = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (req, body, done) => {
    if (jsonDeeperThan(String(body), maxDepth)) return done(jsonTooDeep(maxDepth), undefined);
    parse(req, body, (err: Error | null, value: unknown) => (err ? done(err, undefined) : done(null, cleanDeep(value))));
  });
  app.addHook('preValidation', async (req) => {
    if (req.query && typeof req.query === 'object') cleanDeep(req.query);
  });
}
