// `npm run bench -- seller-memory`: what the seller's memory adds to the offline analysis of one photo, with 10 000
// remembered photos: loading them from the database (once per process, and again when another process changed
// them), then per photo the memory vector (from the classifier's head input, already computed for the
// classification), the category search + vote and the colour vote. The backbone itself is the classifier's cost,
// not counted here. Rows are written through the module's repository on the configured database (SQLite by
// default, PostgreSQL with DATABASE_URL), vectors from real photo features. The load is split (SQL read, vector
// decoding) and so is the search (nearest neighbours, vote, colour vote) to show where the time goes.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { loadConfig } from '../server/src/config.ts';
import { closeContext, createContext } from '../server/src/context.ts';
import type { Lab } from '../server/src/modules/photos/index.ts';
import { voteColour } from '../server/src/modules/analysis/memory/colour-vote.ts';
import { MemoryIndex } from '../server/src/modules/analysis/memory/memory-index.ts';
import { MEMORY_SPACE, decodeVector, encodeVector, projectHeadInput } from '../server/src/modules/analysis/memory/memory-vector.ts';
import { blendWithMemory, MEMORY_VOTE } from '../server/src/modules/analysis/memory/memory-vote.ts';
import { SellerMemoryRepository } from '../server/src/modules/analysis/memory/seller-memory.repository.ts';
import { SellerMemoryService } from '../server/src/modules/analysis/memory/seller-memory.service.ts';
import { sellerMemoryDb, type SellerMemoryTable } from '../server/src/modules/analysis/memory/seller-memory.tables.ts';
import { SHIPPED_MODELS_DIR } from '../server/src/modules/analysis/vision/backbone/feature-extractor.ts';
import { HEAD_FILE } from '../server/src/modules/analysis/vision/classifier/garment-classes.ts';
import { headInput, type SoftmaxHead } from '../server/src/modules/analysis/vision/classifier/softmax-head.ts';
import { LOCAL_OWNER_ID, ownerScope } from '../server/src/platform/security/owner-scope.ts';
import { newId } from '../server/src/platform/time.ts';
import { fmt, summary } from './lib.ts';

const N = 10_000, QUERIES = 500, OWNER = LOCAL_OWNER_ID;
const head = JSON.parse(readFileSync(join(SHIPPED_MODELS_DIR, HEAD_FILE), 'utf8')) as SoftmaxHead;
const classes = head.classes;
// Head inputs that look like real ones (non-negative backbone outputs, square-rooted and unit length per layer):
// the cost of the search does not depend on what the vectors hold, only on their number and size.
let seed = 7;
const rnd = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32);
const fakeInput = () => headInput([Float32Array.from({ length: 1792 }, () => Math.max(0, rnd() - 0.6)), Float32Array.from({ length: 816 }, () => Math.max(0, rnd() - 0.6))]);
const line = (name: string, xs: number[]) => {
  const s = summary(xs);
  console.log(`  ${name.padEnd(22)} p50 ${fmt(s.p50)}  p95 ${fmt(s.p95)}`);
};

console.log(`load average before: ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);
// A fresh data folder, and with DATABASE_URL a schema of its own (dropped at the end).
const dataDir = mkdtempSync(join(tmpdir(), 'vintedbot-bench-memory-'));
const config = loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent', NOTIFY_CONSOLE: 'false', ...(process.env.DATABASE_URL ? { DATABASE_URL: process.env.DATABASE_URL } : {}) }, 'bench');
const pgSchema = config.DATABASE_URL ? `bench_memory_${Date.now()}` : undefined;
const pgQuery = async (q: string) => {
  const pg = (await import('pg')).default;
  const c = new pg.Client({ connectionString: config.DATABASE_URL });
  await c.connect();
  try { await c.query(q); } finally { await c.end(); }
};
if (pgSchema) await pgQuery(`create schema ${pgSchema}`);
const ctx = await createContext(config, { logger: pino({ level: 'silent' }), notify: () => {}, pgSchema, runJobs: false });
const bench = { ctx };
try {
  await ownerScope.run(OWNER, async () => {
    const repo = new SellerMemoryRepository(sellerMemoryDb(bench.ctx.db));
    let t = performance.now();
    for (let i = 0; i < N; i += 500) {
      const rows: SellerMemoryTable[] = [];
      for (let j = i; j < Math.min(N, i + 500); j++) {
        rows.push({
          id: newId(), owner: OWNER, item_id: `item-${j >> 1}`, photo_id: newId(), space: MEMORY_SPACE, vector: encodeVector(projectHeadInput(fakeInput(), head)),
          category: classes[j % classes.length], colour: j % 3 ? 'black' : 'navy', seen_colour: 'navy', colour_lab: `${(15 + rnd() * 70).toFixed(1)} ${(rnd() * 40 - 20).toFixed(1)} ${(rnd() * 40 - 20).toFixed(1)}`,
          brand: null, memory_won: 0, generic_won: 0, confirmed_by: 'seller', created_at: new Date(Date.UTC(2026, 0, 1) + j * 1000).toISOString(),
        });
      }
      await repo.replaceItem(OWNER, `batch-${i}`, rows);
    }
    console.log(`${N.toLocaleString('en')} remembered photos written (${bench.ctx.database.dialect}) in ${((performance.now() - t) / 1000).toFixed(1)} s`);

    // Where the load goes: the SQL read, then decoding the base64 vectors.
    t = performance.now();
    const rows = await repo.newest(OWNER, MEMORY_SPACE, 20_000);
    const sqlMs = performance.now() - t;
    t = performance.now();
    const decoded = rows.map((r) => decodeVector(r.vector)!);
    console.log(`load, split: SQL read ${fmt(sqlMs)}, vector decoding ${fmt(performance.now() - t)} (${rows.length.toLocaleString('en')} rows)`);

    let clockShift = 0;
    const memory = new SellerMemoryService({ repo, listings: { get: () => Promise.reject(new Error('unused')) }, photos: { file: () => Promise.reject(new Error('unused')) }, log: pino({ level: 'silent' }), now: () => Date.now() + clockShift });
    t = performance.now();
    await memory.ready();
    console.log(`loaded into the search once per process: ${fmt(performance.now() - t)} (${memory.size.toLocaleString('en')} photos, ${(memory.size * 512 / 1024 / 1024).toFixed(1)} MB of vectors)`);

    // The same search outside the service, to split its parts.
    const index = new MemoryIndex();
    rows.forEach((r, i) => index.add({ id: r.id, category: r.category, colour: r.colour, seenColour: r.seen_colour, lab: r.colour_lab!.split(' ').map(Number) as Lab, brand: null }, decoded[i]));

    const inputs = Array.from({ length: QUERIES }, fakeInput);
    let recall = 0;
    index.nearest(projectHeadInput(inputs[0], head), 1); // learns the cells, as the service does after a load
    const generic = classes.slice(0, 3).map((category, i) => ({ category, score: [0.5, 0.3, 0.2][i] }));
    const parts = { vector: [] as number[], ready: [] as number[], exact: [] as number[], nearest: [] as number[], vote: [] as number[], colourVote: [] as number[], service: [] as number[], cpu: [] as number[], cpuVector: [] as number[] };
    for (const x of inputs) {
      let s = performance.now();
      const cv = process.cpuUsage();
      const v = projectHeadInput(x, head);
      parts.vector.push(performance.now() - s);
      const cvd = process.cpuUsage(cv);
      parts.cpuVector.push((cvd.user + cvd.system) / 1000);
      s = performance.now();
      const exact = index.nearestExact(v, MEMORY_VOTE.k);
      parts.exact.push(performance.now() - s);
      s = performance.now();
      const nb = index.nearest(v, MEMORY_VOTE.k);
      parts.nearest.push(performance.now() - s);
      const found = new Set(nb.map((x) => x.entry.id));
      recall += exact.filter((x) => found.has(x.entry.id)).length / exact.length;
      s = performance.now();
      blendWithMemory(generic, nb);
      parts.vote.push(performance.now() - s);
      s = performance.now();
      voteColour('navy', [24, 2, -8], index);
      parts.colourVote.push(performance.now() - s);
      // What the analyser pays: ready() (a version check at most each second), consult, colourFor.
      s = performance.now();
      const c0 = process.cpuUsage();
      await memory.ready();
      memory.consult(v, generic);
      memory.colourFor('navy', [24, 2, -8]);
      parts.service.push(performance.now() - s);
      // CPU time as well: on a loaded machine the wall time counts the wait for a core, not the search's work.
      const c = process.cpuUsage(c0);
      parts.cpu.push((c.user + c.system) / 1000);
    }
    // Another process confirms an item: this one notices at its next check and reloads (keeping its cells).
    const one = rows[0];
    await repo.replaceItem(OWNER, 'another-process', [{ ...one, id: newId(), item_id: 'another-process', photo_id: newId() }]);
    clockShift += 60_000;
    const t2 = performance.now();
    await memory.ready();
    console.log(`reload after another process wrote: ${fmt(performance.now() - t2)} (${memory.size.toLocaleString('en')} photos)`);
    const w = (xs: number[]) => xs.slice(50);
    console.log(`per photo at ${N.toLocaleString('en')} remembered (${QUERIES - 50} photos after 50 warm-up):`);
    line('memory vector', w(parts.vector));
    line('exact scan (k 10)', w(parts.exact));
    line('nearest via cells', w(parts.nearest));
    console.log(`  cells find ${((100 * recall) / QUERIES).toFixed(1)} % of the exact top 10 (these fake vectors all look alike: see below)`);
    // Recall needs vectors with a photo's structure (the fake head inputs above all look alike after projection):
    // 500 garments × 20 shots, each shot its garment's direction plus noise (cosine ≈ 0.9 between shots of one
    // garment, ≈ 0 between garments), and queries that are new shots. Random directions in 128 dimensions have no
    // families of garments, which makes the cells' job harder than on a seller's stock.
    const gauss = () => Math.sqrt(-2 * Math.log(Math.max(rnd(), 1e-12))) * Math.cos(2 * Math.PI * rnd());
    const unit = (x: Float32Array) => { const n = Math.hypot(...x); return x.map((y) => y / n); };
    const garments = Array.from({ length: 500 }, () => unit(Float32Array.from({ length: 128 }, gauss)));
    const shot = (g: number) => unit(garments[g].map((x) => x + gauss() * 0.03));
    const shots = new MemoryIndex();
    for (let i = 0; i < N; i++) shots.add({ id: `s${i}`, category: null, colour: null, seenColour: null, lab: null, brand: null, itemId: `g${i % 500}` }, shot(i % 500));
    shots.reindex();
    let shotRecall = 0, sameGarmentFirst = 0, sameGarmentExact = 0;
    for (let i = 0; i < 200; i++) {
      const g = (i * 7) % 500, q = shot(g);
      const exact = shots.nearestExact(q, MEMORY_VOTE.k), viaCells = shots.nearest(q, MEMORY_VOTE.k);
      const found = new Set(viaCells.map((x) => x.entry.id));
      shotRecall += exact.filter((x) => found.has(x.entry.id)).length / exact.length;
      sameGarmentFirst += +(viaCells[0]?.entry.itemId === `g${g}`);
      sameGarmentExact += +(exact[0]?.entry.itemId === `g${g}`);
    }
    console.log(`  on 10 k clustered shots (500 garments × 20): cells find ${(shotRecall / 2).toFixed(1)} % of the exact top 10; a new shot's first neighbour is its garment: cells ${sameGarmentFirst} / 200, exact ${sameGarmentExact} / 200`);
    line('category vote', w(parts.vote));
    line('colour vote', w(parts.colourVote));
    line('service: ready+consult+colour', w(parts.service));
    line('together (vector+service)', w(parts.vector).map((x, i) => x + w(parts.service)[i]));
    line('service, process CPU', w(parts.cpu));
    line('together, process CPU', w(parts.cpuVector).map((x, i) => x + w(parts.cpu)[i]));
    console.log('  budget 5 ms per photo');
  });
} finally {
  await closeContext(ctx);
  if (pgSchema) await pgQuery(`drop schema if exists ${pgSchema} cascade`);
  rmSync(dataDir, { recursive: true, force: true });
  console.log(`load average after: ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);
}
