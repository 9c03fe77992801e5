// bench/duplicates-lookalike-scale: what the look-alike stage of the duplicate check costs as one owner's stock grows.
// A throw-away app on a real database (SQLite, or PostgreSQL with DATABASE_URL) is given n stored photos' vectors
// through the service (duplicates.rememberEmbeddings: two views per photo, whole and centre window, 1 792 features
// shaped like the real ones: non-negative, square-rooted; 30 of them have a re-cropped-like copy). Then:
//   - the first load of the owner's matrix of sketches (lookalike-index.ts), timed, with the memory it adds;
//   - one check = LookalikeCheck.match for one new photo (a fresh LookalikeCheck, as after a restart): the catch-up read, the scan of the sketches, the read of
//     the candidates' full vectors, the exact cosine, the items showing the matches; p50 and p95 over 30 checks.
// Prints `uptime` (the machine is shared: the load says how far the figures are from an idle machine).
// `npx tsx --expose-gc bench/duplicates-lookalike-scale.ts [sizes…]` (default 10000 100000; one process per size is
// cleaner for the memory figures). The 100 k fill writes ~1 GB of vectors and takes minutes.
import { execSync } from 'node:child_process';
import { sql } from 'kysely';
import { DuplicatesRepository } from '../server/src/modules/duplicates/duplicates.repository.ts';
import { LookalikeCheck } from '../server/src/modules/duplicates/lookalike-check.ts';
import { LOOKALIKE_MIN_SIMILARITY } from '../server/src/modules/duplicates/lookalike-match.ts';
import { ownerScope } from '../server/src/platform/security/owner-scope.ts';
import { newId as uuidv7 } from '../server/src/platform/time.ts';
import { fmt, startBenchApp, summary } from './lib.ts';
import { rng } from '../server/test/helpers/photo-variants.ts';

const DIMS = 1792;
const OWNER = 'seller';
const sizes = process.argv.slice(2).map(Number).filter((n) => n > 0);
const r = rng(42);
const embedding = () => {
  const e = new Float32Array(DIMS);
  for (let j = 0; j < DIMS; j++) e[j] = Math.sqrt(r() * r());
  return e;
};
const nearCopy = (e: Float32Array) => Float32Array.from(e, (x) => Math.max(0, x + 0.03 * (r() - 0.5)));
const mb = (b: number) => `${(b / 1024 / 1024).toFixed(0)} MB`;

console.log(`load before: ${execSync('uptime').toString().trim()}`);
for (const n of sizes.length ? sizes : [10_000, 100_000]) {
  const bench = await startBenchApp();
  try {
    const { duplicates } = bench.ctx;
    // The vectors' rows reference photo rows that the bench does not make (they would only be read to show items).
    if (!process.env.DATABASE_URL) await sql`PRAGMA foreign_keys = OFF`.execute(bench.ctx.db);
    else await sql`ALTER TABLE photo_embeddings DROP CONSTRAINT IF EXISTS photo_embeddings_photo_id_fkey`.execute(bench.ctx.db);
    const t0 = performance.now();
    const originals: { id: string; e: Float32Array }[] = [];
    await ownerScope.run(OWNER, async () => {
      for (let i = 0; i < n; i += 500) {
        const batch = Array.from({ length: Math.min(500, n - i) }, () => ({ photo_id: uuidv7(), embedding: embedding(), centre: embedding() }));
        await duplicates.rememberEmbeddings(batch);
        if (i < 30 * 500) originals.push({ id: batch[0].photo_id, e: batch[0].embedding });
      }
    });
    console.log(`${n} stored photos written in ${((performance.now() - t0) / 1000).toFixed(0)} s`);
    // Written long ago, as a real stock is: each check re-reads only the rows of its last seconds (late commits).
    await sql`update photo_embeddings set created_at = '2026-01-01T00:00:00.000Z'`.execute(bench.ctx.db);

    // A fresh check, as after a restart: its first look loads the owner's matrix from the database.
    const check = new LookalikeCheck(new DuplicatesRepository(bench.ctx.db), bench.ctx.listings, (status) => status === 'draft' || status === 'listed');
    global.gc?.();
    const before = process.memoryUsage();
    const t1 = performance.now();
    await ownerScope.run(OWNER, () => check.index.catchUp(OWNER));
    const loadMs = performance.now() - t1;
    global.gc?.();
    const after = process.memoryUsage();

    // New photos: copies of stored ones (found) and new garments (nothing found), stored then checked, as the intake does.
    const times: number[] = [];
    let found = 0;
    for (let i = 0; i < 31; i++) {
      const id = uuidv7();
      const e = i % 2 === 0 ? nearCopy(originals[i % originals.length].e) : embedding();
      await ownerScope.run(OWNER, async () => {
        await check.remember([{ photo_id: id, embedding: e, centre: null }]);
        const t = performance.now();
        await check.match([[id]], [undefined]);
        if (i > 0) times.push(performance.now() - t); // the first warms the JIT
        const [hits] = await check.index.search(OWNER, [[id]], LOOKALIKE_MIN_SIMILARITY);
        if (hits.size) found++;
      });
    }
    const s = summary(times);
    console.log(`${String(n).padStart(7)} stored photos (${check.index.size(OWNER)} views): first load ${fmt(loadMs)}, sketches ${mb(check.index.bytes(OWNER))} ` +
      `(+${mb(after.arrayBuffers - before.arrayBuffers)} array buffers, +${mb(after.heapUsed - before.heapUsed)} heap, +${mb(after.rss - before.rss)} RSS; process RSS ${mb(after.rss)}); ` +
      `one check p50 ${fmt(s.p50)}, p95 ${fmt(s.p95)} over ${s.n} checks (${found} of 31 found a copy)`);
  } finally {
    await bench.close();
  }
  console.log(`load: ${execSync('uptime').toString().trim()}`);
}
