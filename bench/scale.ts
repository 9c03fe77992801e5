// bench/scale (`npm run bench -- scale`): the same requests against a 10 k and a 1 M-item stock, interleaved (one
// request at each size in turn, so a busy moment of the shared machine hits both), with each one's median and its
// growth factor (1 M median / 10 k median). Target (issue 23): every paged read, filter and search within 2×, a
// 1,000-row CSV import into the 1 M stock ≤ 1.5 s.
//
// The stocks are the SQLite stores of bench/scale-store.ts (seeded once, with their title index, and cached; shared
// with bench/scale-jobs.ts): each run works on copies, so its imports never grow the cached stores.
// BENCH_SCALE_SIZES=10000,100000 picks other sizes; BENCH_SCALE_ROUNDS the samples per request (default 15);
// BENCH_SCALE_EXPORT=0 skips the whole-stock CSV export (70 s at 1 M on a loaded machine).
import { fmt } from './lib.ts';
import { cachedStore, copyOf, openApp } from './scale-store.ts';
import { importCsv, load } from './stats-seed.ts';

const sizes = (process.env.BENCH_SCALE_SIZES ?? '10000,1000000').split(',').map(Number);
const rounds = Number(process.env.BENCH_SCALE_ROUNDS ?? 15);

/** A copy of the stock of `size` items, seeded on first use, with the app open on it. */
async function stock(size: number) {
  const copy = copyOf(await cachedStore(size, { titleIndex: true }));
  const s = await openApp(copy.dataDir);
  return { size, ...s, close: async () => { await s.close(); copy.remove(); } };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];

async function get(url: string): Promise<number> {
  const t0 = performance.now();
  const res = await fetch(url);
  const body = await res.text();
  if (res.status !== 200) throw new Error(`${url} → ${res.status}: ${body.slice(0, 200)}`);
  return performance.now() - t0;
}

async function post(url: string, body: unknown): Promise<number> {
  const t0 = performance.now();
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const text = await res.text();
  if (res.status !== 200) throw new Error(`${url} → ${res.status}: ${text.slice(0, 200)}`);
  return performance.now() - t0;
}

async function upload(url: string, csv: string): Promise<number> {
  const form = new FormData();
  form.append('file', new Blob([csv], { type: 'text/csv' }), 'import.csv');
  const t0 = performance.now();
  const res = await fetch(url, { method: 'POST', body: form });
  const body = await res.json();
  if (res.status !== 200 || body.imported !== 1000) throw new Error(`${url} → ${res.status}: ${JSON.stringify(body).slice(0, 300)}`);
  return performance.now() - t0;
}

/** Paged reads, filters and searches: the web app's stock page asks each with include_total=true. */
const READS: [label: string, path: string][] = [
  ['first page', '/listings?limit=50'],
  ['page, web app (total)', '/listings?limit=25&include_total=true'],
  ['status=listed', '/listings?status=listed&limit=50'],
  ['brand=Zara', '/listings?brand=Zara&limit=50'],
  ['brand=Zara&size=M', '/listings?brand=Zara&size=M&limit=50'],
  ['brand&size, total', '/listings?brand=Zara&size=M&limit=25&include_total=true'],
  ['listed Ralph Lauren M', '/listings?status=listed&brand=Ralph%20Lauren&size=M&limit=50'],
  ['category=jeans', '/listings?category=jeans&limit=50'],
  ['size=40', '/listings?size=40&limit=50'],
  ['gender=women (no hit)', '/listings?gender=women&limit=50'],
  ['price 20–30 €', '/listings?min_price=20&max_price=30&limit=50'],
  ['listed by price', '/listings?status=listed&sort=-price&limit=50'],
  ['by title', '/listings?sort=title&limit=50'],
  ['q=zara (common)', '/listings?q=zara&limit=50'],
  ['q=zara, total', '/listings?q=zara&limit=25&include_total=true'],
  ['q=n°4321 (rare)', `/listings?q=${encodeURIComponent('n°4321 ')}&limit=50`],
  ['q= no hit', '/listings?q=introuvable&limit=50'],
  ['q= no hit, total', '/listings?q=introuvable&limit=25&include_total=true'],
  ['brand + q no hit', '/listings?brand=Zara&q=introuvable&limit=50'],
  ['GET /stats', '/stats'],
];

console.log(`bench/scale [load ${load()}]`);
const stocks: Awaited<ReturnType<typeof stock>>[] = [];
for (const size of sizes) stocks.push(await stock(size));
// The start-up pass of the title index runs beside the requests: /health answers meanwhile, and the measures start
// once it is done (it reads every item once, in pages).
for (const s of stocks) {
  const t0 = performance.now();
  const during: number[] = [];
  let passing = true;
  const pass = new Promise<void>((resolve) => setImmediate(resolve)).then(() => s.ctx.duplicates.idle()).then(() => { passing = false; });
  while (passing && during.length < 10_000) {
    during.push(await get(`${s.base}/health`));
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  await pass;
  const health = await fetch(`${s.base}/health`).then((r) => r.json());
  console.log(`${s.size.toLocaleString('en')} items: listening ${fmt(s.listenMs)} after the start; title index pass ${((performance.now() - t0) / 1000).toFixed(1)} s `
    + `(${JSON.stringify(health.background?.title_index ?? null)}), /health meanwhile median ${fmt(median(during))}, max ${fmt(Math.max(...during))} (${during.length} asked)`);
}

const results = new Map<string, number[][]>();
const record = (label: string, i: number, ms: number) => {
  const r = results.get(label) ?? stocks.map(() => []);
  r[i].push(ms);
  results.set(label, r);
};
for (const [, p] of READS) for (const s of stocks) for (let k = 0; k < 3; k++) await get(s.base + p); // warm-up
for (let round = 0; round < rounds; round++) {
  for (const [label, p] of READS) for (const [i, s] of stocks.entries()) record(label, i, await get(s.base + p));
  for (const [i, s] of stocks.entries()) {
    record('POST /duplicates/check (brand title)', i, await post(`${s.base}/duplicates/check`, { title: 'Polo Ralph Lauren bleu marine coton', brand: 'Ralph Lauren', size: 'M' }));
  }
}
for (let k = 0; k < 2; k++) {
  for (const [i, s] of stocks.entries()) record('POST /import/csv (1,000 rows)', i, await upload(`${s.base}/import/csv?mode=partial`, importCsv(1000, `scale${Date.now()}x${k}`)));
}
// The export reads every item (its growth is the stock's): BENCH_SCALE_EXPORT=0 leaves it out of a quick run.
if (process.env.BENCH_SCALE_EXPORT !== '0') for (const [i, s] of stocks.entries()) record('GET /export/csv (whole stock)', i, await get(`${s.base}/export/csv`));

console.log(`\n${'request'.padEnd(40)} ${stocks.map((s) => `${(s.size / 1000).toLocaleString('en')} k`.padStart(11)).join(' ')}   growth   [load ${load()}]`);
for (const [label, per] of results) {
  const meds = per.map(median);
  console.log(`${label.padEnd(40)} ${meds.map((m) => fmt(m).padStart(11)).join(' ')}   ×${(meds[meds.length - 1] / meds[0]).toFixed(2)}`);
}
for (const s of stocks) await s.close();
