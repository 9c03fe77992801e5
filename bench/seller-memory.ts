// `npm run bench -- seller-memory`: what the seller's memory adds to the offline analysis of one photo, with 10 000
// remembered photos: loading them from the database (once per process), then per photo the memory vector (from
// the classifier's head input, already computed for the classification) and the search + vote. The backbone
// itself is the classifier's cost, not counted here. Rows are written through the module's repository on the
// configured database (SQLite by default, PostgreSQL with DATABASE_URL), vectors from real photo features.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import pino from 'pino';
import { MEMORY_SPACE, encodeVector, projectHeadInput } from '../server/src/modules/analysis/memory/memory-vector.ts';
import { SellerMemoryRepository } from '../server/src/modules/analysis/memory/seller-memory.repository.ts';
import { SellerMemoryService } from '../server/src/modules/analysis/memory/seller-memory.service.ts';
import { sellerMemoryDb, type SellerMemoryTable } from '../server/src/modules/analysis/memory/seller-memory.tables.ts';
import { SHIPPED_MODELS_DIR } from '../server/src/modules/analysis/vision/backbone/feature-extractor.ts';
import { HEAD_FILE } from '../server/src/modules/analysis/vision/classifier/garment-classes.ts';
import { headInput, type SoftmaxHead } from '../server/src/modules/analysis/vision/classifier/softmax-head.ts';
import { newId } from '../server/src/platform/time.ts';
import { fmt, startBenchApp, summary } from './lib.ts';

const N = 10_000, QUERIES = 500;
const head = JSON.parse(readFileSync(join(SHIPPED_MODELS_DIR, HEAD_FILE), 'utf8')) as SoftmaxHead;
const classes = head.classes;
// Head inputs that look like real ones (non-negative backbone outputs, square-rooted and unit length per layer):
// the cost of the search does not depend on what the vectors hold, only on their number and size.
let seed = 7;
const rnd = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32);
const fakeInput = () => headInput([Float32Array.from({ length: 1792 }, () => Math.max(0, rnd() - 0.6)), Float32Array.from({ length: 816 }, () => Math.max(0, rnd() - 0.6))]);

const bench = await startBenchApp();
try {
  const repo = new SellerMemoryRepository(sellerMemoryDb(bench.ctx.db));
  let t = performance.now();
  for (let i = 0; i < N; i += 500) {
    const rows: SellerMemoryTable[] = [];
    for (let j = i; j < Math.min(N, i + 500); j++) {
      rows.push({
        id: newId(), owner: 'local', item_id: `item-${j >> 1}`, photo_id: newId(), space: MEMORY_SPACE, vector: encodeVector(projectHeadInput(fakeInput(), head)),
        category: classes[j % classes.length], colour: 'black', seen_colour: j % 3 ? 'black' : 'navy', brand: null, confirmed_by: 'seller', created_at: new Date(Date.UTC(2026, 0, 1) + j * 1000).toISOString(),
      });
    }
    await repo.replaceItem('local', `batch-${i}`, rows);
  }
  console.log(`${N.toLocaleString('en')} remembered photos written (${bench.ctx.database.dialect}) in ${((performance.now() - t) / 1000).toFixed(1)} s`);

  const memory = new SellerMemoryService({ repo, listings: { get: () => Promise.reject(new Error('unused')) }, photos: { file: () => Promise.reject(new Error('unused')) }, log: pino({ level: 'silent' }) });
  t = performance.now();
  await memory.ready();
  console.log(`loaded into the search once per process: ${fmt(performance.now() - t)} (${memory.size.toLocaleString('en')} photos, ${(memory.size * 512 / 1024 / 1024).toFixed(1)} MB of vectors)`);

  const inputs = Array.from({ length: QUERIES }, fakeInput);
  const generic = classes.slice(0, 3).map((category, i) => ({ category, score: [0.5, 0.3, 0.2][i] }));
  const vectorMs: number[] = [], searchMs: number[] = [];
  for (const x of inputs) {
    let s = performance.now();
    const v = projectHeadInput(x, head);
    vectorMs.push(performance.now() - s);
    s = performance.now();
    memory.consult(v, generic);
    memory.colourFor('navy');
    searchMs.push(performance.now() - s);
  }
  const sv = summary(vectorMs.slice(50)), ss = summary(searchMs.slice(50)), total = summary(vectorMs.slice(50).map((v, i) => v + searchMs[50 + i]));
  console.log(`per photo at ${N.toLocaleString('en')} remembered (${QUERIES - 50} photos after 50 warm-up):`);
  console.log(`  memory vector  p50 ${fmt(sv.p50)}  p95 ${fmt(sv.p95)}`);
  console.log(`  search + vote  p50 ${fmt(ss.p50)}  p95 ${fmt(ss.p95)}`);
  console.log(`  together       p50 ${fmt(total.p50)}  p95 ${fmt(total.p95)}  (budget 5 ms)`);
} finally {
  await bench.close();
}
