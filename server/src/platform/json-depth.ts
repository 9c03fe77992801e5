import { AppError } from './errors.ts';

// How deep a JSON document from outside may nest (a request body, an imported items.json). A body of a million "["
// parses, then overflows the stack of whatever walks it recursively (a validator, a logger, a serializer, our own
// text cleaning): the depth is checked on the text, before parsing.

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
