// bench/store: seeds 10 k and 100 k items and measures the stock API through real HTTP.
// Targets (issue 2): at 10 k a page ≤ 5 ms p50 and /listings/all ≤ 200 ms; at 100 k a page ≤ 10 ms.
import { execFile } from 'node:child_process';
import type { ItemsTable } from '../server/src/platform/db/schema.ts';
import { newId } from '../server/src/platform/time.ts';
import { fmt, peakRss, startBenchApp, summary } from './lib.ts';

const SIZES = (process.env.BENCH_SIZES ?? '10000,100000').split(',').map(Number);
const BRANDS = ['Zara', 'Nike', 'Levi’s', 'H&M', 'Ralph Lauren', 'Adidas', 'Mango', 'Kiabi', 'Uniqlo', 'Lacoste'];
const CATS = ['t-shirt', 'jeans', 'hoodie', 'dress', 'jacket', 'shoes', 'skirt', 'shorts'];
const STATUSES = ['draft', 'listed', 'listed', 'sold', 'archived'];

function row(i: number, base: number): ItemsTable {
  const at = new Date(base + i * 1000).toISOString();
  const brand = BRANDS[i % BRANDS.length];
  const title = `${CATS[i % CATS.length]} ${brand} taille ${['S', 'M', 'L'][i % 3]} n°${i}`;
  return {
    id: newId(), title, description: `Article ${i}, bon état, envoi rapide.`, brand, category: CATS[i % CATS.length],
    size: ['S', 'M', 'L'][i % 3], condition: 'good', colors: '["black"]', material: 'coton', gender: null, keywords: '["coton"]', hashtags: '["vinted","mode","occasion"]',
    price_cents: 500 + (i % 9000), suggestion_min_cents: 400, suggestion_target_cents: 500 + (i % 9000), suggestion_max_cents: 12000,
    suggestion_justification: 'bench', status: STATUSES[i % STATUSES.length], listed_at: at, sold_at: null, sold_price_cents: null,
    archived_at: null, possible_duplicate: 0, duplicate_of: '[]', estimated_sale_score: 50, sale_score_breakdown: null,
    publish_ready: 0, missing_fields: '[]', vinted_listing_id: null, vinted_url: null, auto_drop: 1, drop_rate: null, floor_cents: null,
    publish_opt_in: 0, demo: 0, search_text: title.toLowerCase(), extra: '{}', created_at: at, updated_at: at,
  };
}

async function get(url: string): Promise<{ ms: number; bytes: number; body: string }> {
  const t0 = performance.now();
  const res = await fetch(url);
  const body = await res.text();
  if (res.status !== 200) throw new Error(`${url} → ${res.status}: ${body.slice(0, 200)}`);
  return { ms: performance.now() - t0, bytes: body.length, body };
}

for (const size of SIZES) {
  const bench = await startBenchApp();
  const db = bench.ctx.db;
  const t0 = performance.now();
  const base = Date.UTC(2025, 0, 1);
  const ids: string[] = [];
  for (let start = 0; start < size; start += 500) {
    const rows = Array.from({ length: Math.min(500, size - start) }, (_, k) => row(start + k, base));
    ids.push(...rows.map((r) => r.id));
    await db.transaction().execute(async (trx) => {
      await trx.insertInto('items').values(rows).execute();
      await trx.insertInto('price_history').values(rows.map((r) => ({ item_id: r.id, at: r.created_at, old_price_cents: null, new_price_cents: r.price_cents!, reason: 'initial', rule: null }))).execute();
    });
  }
  const seedMs = performance.now() - t0;

  for (let i = 0; i < 20; i++) await get(`${bench.base}/listings?limit=50`); // warm-up
  const firstPage: number[] = [];
  for (let i = 0; i < 200; i++) firstPage.push((await get(`${bench.base}/listings?limit=50`)).ms);
  // Deep pages: follow the cursor 40 pages in, so keyset paging is measured where OFFSET would hurt.
  const deep: number[] = [];
  let cursor: string | null = null;
  for (let i = 0; i < 40; i++) {
    const r = await get(`${bench.base}/listings?limit=50${cursor ? `&cursor=${cursor}` : ''}`);
    deep.push(r.ms);
    cursor = JSON.parse(r.body).next_cursor;
  }
  const filtered: number[] = [];
  for (let i = 0; i < 100; i++) filtered.push((await get(`${bench.base}/listings?limit=50&status=listed&sort=-price`)).ms);
  const one: number[] = [];
  for (let i = 0; i < 300; i++) one.push((await get(`${bench.base}/listings/${ids[(i * 7919) % ids.length]}`)).ms);
  // The whole stock is read by curl in another process, so the time and the peak RSS are the server's alone
  // (an in-process client would buffer the 10–100 MB answer in the same heap and event loop).
  const curlAll = () => new Promise<{ ms: number; bytes: number }>((resolve, reject) => {
    execFile('curl', ['-s', '-o', '/dev/null', '-w', '%{time_total} %{size_download} %{http_code}', `${bench.base}/listings/all`], (err, out) => {
      if (err) return reject(err);
      const [secs, size, code] = out.trim().split(' ');
      if (code !== '200') return reject(new Error(`/listings/all → ${code}`));
      resolve({ ms: Number(secs) * 1000, bytes: Number(size) });
    });
  });
  const { result: all, peakMb } = await peakRss(curlAll);
  const allRuns = [all.ms];
  for (let i = 0; i < 2; i++) allRuns.push((await curlAll()).ms);

  const p = (xs: number[]) => { const s = summary(xs); return `p50 ${fmt(s.p50)}, p99 ${fmt(s.p99)}`; };
  console.log(`\n== ${size.toLocaleString('en')} items (${bench.ctx.database.dialect}; seeded in ${(seedMs / 1000).toFixed(1)} s)`);
  console.log(`GET /listings?limit=50 (first page)      ${p(firstPage)}`);
  console.log(`GET /listings?limit=50 (40 pages deep)   ${p(deep)}`);
  console.log(`GET /listings status+price sort          ${p(filtered)}`);
  console.log(`GET /listings/{id}                       ${p(one)}`);
  console.log(`GET /listings/all                        ${allRuns.map(fmt).join(', ')} (${(all.bytes / 1024 / 1024).toFixed(1)} MB), peak RSS ${peakMb.toFixed(0)} MB`);
  await bench.close();
}
