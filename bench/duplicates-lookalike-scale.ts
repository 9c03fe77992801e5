// bench/duplicates-lookalike-scale: what the look-alike stage of the duplicate check costs as one owner's stock grows.
// The per-owner matrix (server/src/modules/duplicates/lookalike-index.ts) is filled with 10 k and 100 k stored vectors
// (two per photo: whole and centre window; 1792 features, one byte each, shaped like the real ones: non-negative,
// square-rooted), through its own lazy load
// from stored rows (base64 text, as the database holds them; the database read itself is not timed here); then one
// check = one query photo's vector against the whole matrix. Prints the load time, the memory the matrix holds, and the
// time per check (p50, p95). `npx tsx bench/duplicates-lookalike-scale.ts [sizes…]`
import { LookalikeIndex } from '../server/src/modules/duplicates/lookalike-index.ts';
import { LOOKALIKE_MIN_SIMILARITY } from '../server/src/modules/duplicates/lookalike-match.ts';
import { encodeVector, toLookalikeVector } from '../server/src/modules/duplicates/lookalike-vector.ts';
import { fmt, summary } from './lib.ts';
import { rng } from '../server/test/helpers/photo-variants.ts';

const DIMS = 1792;
const sizes = process.argv.slice(2).map(Number).filter((n) => n > 0);
const r = rng(42);
const embedding = () => {
  const e = new Float32Array(DIMS);
  for (let j = 0; j < DIMS; j++) e[j] = Math.sqrt(r() * r());
  return e;
};

for (const n of sizes.length ? sizes : [10_000, 100_000]) {
  // Stored rows as the repository answers them, made before the clock starts.
  const rows = Array.from({ length: n }, (_, i) => ({
    photo_id: `p${String(i).padStart(7, '0')}`, vector: encodeVector(toLookalikeVector(embedding())), centre_vector: encodeVector(toLookalikeVector(embedding())), created_at: '2026-01-01T00:00:00.000Z',
  }));
  const index = new LookalikeIndex({ rowsAfter: async (after, limit) => {
    const from = after.photo_id ? rows.findIndex((x) => x.photo_id > after.photo_id) : 0;
    return from < 0 ? [] : rows.slice(from, from + limit);
  } });
  global.gc?.();
  const heap0 = process.memoryUsage();
  const t0 = performance.now();
  await index.catchUp('owner');
  const loadMs = performance.now() - t0;
  const heap1 = process.memoryUsage();
  const queries = Array.from({ length: 30 }, () => toLookalikeVector(embedding()));
  index.search('owner', queries[0], LOOKALIKE_MIN_SIMILARITY); // warm the JIT
  const times: number[] = [];
  for (const q of queries) {
    const t = performance.now();
    index.search('owner', q, LOOKALIKE_MIN_SIMILARITY);
    times.push(performance.now() - t);
  }
  const s = summary(times);
  const mb = (b: number) => `${(b / 1024 / 1024).toFixed(0)} MB`;
  console.log(`${String(n).padStart(7)} stored photos (${2 * n} vectors): first load ${fmt(loadMs)}, matrix ${mb(2 * n * DIMS)} (+${mb(heap1.arrayBuffers - heap0.arrayBuffers)} array buffers, +${mb(heap1.rss - heap0.rss)} RSS); ` +
    `one check (one photo vs all) p50 ${fmt(s.p50)}, p95 ${fmt(s.p95)} over ${s.n} checks`);
}
