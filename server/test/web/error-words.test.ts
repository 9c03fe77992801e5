import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { DICTIONARIES } from '../../../web/src/i18n/dictionaries.ts';
import { errorText } from '../../../web/src/i18n/error-text.ts';

// Every error code the server can answer has words in both languages in the web app, so a seller never reads the
// generic sentence (or, worse, the server's English) for a refusal the server knows.
const SRC = path.resolve(import.meta.dirname, '../../src');
const THROWS = /(?:new AppError\(\s*\d{3},\s*|\b(?:badRequest|notFound|conflict|editError|unprocessable)\(\s*|\bfail\(\s*\d{3},\s*)'([a-z][a-z0-9_]+)'/g;

function serverCodes(): Set<string> {
  const codes = new Set<string>();
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.ts') && !e.name.endsWith('.test.ts')) for (const m of fs.readFileSync(p, 'utf8').matchAll(THROWS)) codes.add(m[1]);
    }
  };
  walk(SRC);
  // The central error handler's own codes (Fastify's and busboy's errors, connection refusals), written as a map and
  // as tuples rather than thrown, and the codes named by a constant.
  const handler = fs.readFileSync(path.join(SRC, 'platform/http/error-handler.ts'), 'utf8');
  for (const m of handler.matchAll(/\bcode: '([a-z][a-z0-9_]+)'|\[\d{3}, '([a-z][a-z0-9_]+)'|send\(\d{3}, '([a-z][a-z0-9_]+)'/g)) codes.add(m[1] ?? m[2] ?? m[3]);
  for (const code of ['analysis_failed', 'owner_scope_missing']) codes.add(code);
  return codes;
}

describe('error codes in the seller’s words', () => {
  test('every code the server throws is in both dictionaries', () => {
    const codes = serverCodes();
    expect(codes.size).toBeGreaterThan(50);
    for (const lang of ['fr', 'en'] as const) {
      const known = DICTIONARIES[lang].errors.codes;
      const missing = [...codes].filter((c) => known[c] === undefined).sort();
      expect(missing, lang).toEqual([]);
    }
  });

  test('a sentence never shows the code itself', () => {
    for (const lang of ['fr', 'en'] as const) {
      for (const code of serverCodes()) expect(errorText(DICTIONARIES[lang].errors, code, {})).not.toContain(code);
    }
  });
});
