import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';
import { devPhotos, postPhotos } from '../ingest/ingest-helpers.ts';

// Issue 16, point 18: a fact nobody knows is left out of the buyer's text and listed as a missing field for the
// seller; the ad never says "Marque non visible" or "État non précisé", whatever the tone or the language.

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ PRICE_DROP_CRON: 'off' }, { runJobs: false });
});
afterAll(async () => t?.close());

describe('unknown facts stay out of the ad (issue 16 point 18)', () => {
  it('writes no "not visible" sentence in any tone, and lists the missing fields instead', async () => {
    const photos = devPhotos('shirt', 3).map((file) => ({ file }));
    for (const [tone, language] of [['amical', 'fr'], ['pro', 'fr'], ['fluide', 'fr'], ['amical', 'en']] as const) {
      const res = await postPhotos(t, photos, { tone, language, save: 'false' });
      expect(res.statusCode, res.body).toBe(200);
      const b = res.json();
      expect(b.brand).toBeNull();
      expect(b.condition).toBeNull();
      expect(b.description, `${tone} ${language}`).not.toMatch(/non visible|non précisé|not visible|not specified|voir les photos|see the photos/i);
      expect(b.flags.missing_fields).toEqual(expect.arrayContaining(['missing_brand', 'missing_size', 'missing_condition']));
    }
  }, 60_000);
});
