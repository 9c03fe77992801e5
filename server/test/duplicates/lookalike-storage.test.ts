import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DuplicatesRepository } from '../../src/modules/duplicates/duplicates.repository.ts';
import { LookalikeCheck } from '../../src/modules/duplicates/lookalike-check.ts';
import { LOOKALIKE_MIN_SIMILARITY, LOOKALIKE_MODEL } from '../../src/modules/duplicates/lookalike-match.ts';
import { lookalikeProjection } from '../../src/modules/duplicates/lookalike-projection.ts';
import { LOCAL_OWNER_ID, ownerScope } from '../../src/platform/security/owner-scope.ts';
import { mulberry32 } from '../../src/platform/random.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';
import { testPhotos } from '../helpers/test-photos.ts';

// The look-alike vectors as both databases keep them (migration 0025, sketches 0029): full vectors and sketches
// written together, a fresh check (as after a restart) loading only the sketches and reading the full vectors of its
// candidates, and rows stored before the sketches existed given theirs at load, written back.
describe('look-alike vectors in the database', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ PRICE_DROP_CRON: 'off', PURGE_CRON: 'off' });
  });
  afterAll(async () => t?.close());

  it('stores sketches beside the vectors, makes the missing ones at load, and finds the copy through both stages', async () => {
    const photos = await t.ctx.photos.ingestFiles(testPhotos('pants', 3).map((path) => ({ path })));
    const r = mulberry32(5);
    const garment = () => Float32Array.from({ length: 1792 }, () => Math.sqrt(r() * r()));
    const a = garment(), b = garment();
    const copyOfA = Float32Array.from(a, (x) => x + 0.01 * (r() - 0.5));
    const repo = new DuplicatesRepository(t.ctx.db);
    const isActive = () => true;
    const db = t.ctx.db as unknown as import('kysely').Kysely<{ photo_embeddings: { photo_id: string; sketch: string | null; centre_sketch: string | null; projection: string | null } }>;

    await ownerScope.run(LOCAL_OWNER_ID, async () => {
      const writer = new LookalikeCheck(repo, t.ctx.listings, isActive);
      await writer.remember([{ photo_id: photos[0].id, embedding: a, centre: b }, { photo_id: photos[1].id, embedding: b, centre: null }]);
      const rows = await db.selectFrom('photo_embeddings').select(['photo_id', 'sketch', 'centre_sketch', 'projection']).orderBy('photo_id').execute();
      expect(rows).toHaveLength(2);
      for (const row of rows) expect(row).toMatchObject({ sketch: expect.any(String), projection: lookalikeProjection().id });
      expect(rows.find((x) => x.photo_id === photos[1].id)!.centre_sketch).toBeNull();

      // As if stored before migration 0029: no sketches.
      await sql`update photo_embeddings set sketch = null, centre_sketch = null, projection = null`.execute(t.ctx.db);
      const fresh = new LookalikeCheck(repo, t.ctx.listings, isActive);
      await fresh.remember([{ photo_id: photos[2].id, embedding: copyOfA, centre: null }]);
      await fresh.index.catchUp(LOCAL_OWNER_ID);
      expect(fresh.index.size(LOCAL_OWNER_ID)).toBe(4); // a: whole + centre, b: whole, the copy: whole
      const again = await db.selectFrom('photo_embeddings').select(['sketch', 'projection']).execute();
      expect(again.every((x) => x.sketch !== null && x.projection === lookalikeProjection().id)).toBe(true);

      const [hits] = await fresh.index.search(LOCAL_OWNER_ID, [[photos[2].id]], LOOKALIKE_MIN_SIMILARITY);
      expect([...hits.keys()]).toEqual([photos[0].id]);
      expect(hits.get(photos[0].id)!.similarity).toBeGreaterThan(0.99);
      // The full vectors are read back as written (the second stage's input).
      const full = await repo.embeddingVectors(LOOKALIKE_MODEL, [photos[0].id, photos[1].id]);
      expect(full.map((x) => x.photo_id).sort()).toEqual([photos[0].id, photos[1].id].sort());
    });
    // Another owner's check reads none of these rows.
    await ownerScope.run('someone-else', async () => {
      const other = new LookalikeCheck(repo, t.ctx.listings, isActive);
      await other.index.catchUp('someone-else');
      expect(other.index.size('someone-else')).toBe(0);
      expect(await repo.embeddingVectors(LOOKALIKE_MODEL, [photos[0].id])).toEqual([]);
    });
  });
});
