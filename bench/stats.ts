// bench/stats: GET /stats and GET /recommendations through real HTTP, at 10 k items and, with BENCH_1M=1, at 1 M.
// Target (issue 5): /stats ≤ 10 ms at 10 k (the Python original: 458 ms), within 10× of that at 1 M.
import { fmt, startBenchApp, summary } from './lib.ts';
import { load, seedItems } from './stats-seed.ts';

const sizes = [10_000, ...(process.env.BENCH_1M === '1' ? [1_000_000] : [])];

async function sample(url: string, n: number) {
  for (let i = 0; i < 10; i++) await (await fetch(url)).text(); // warm-up
  const times: number[] = [];
  let body = '';
  const c0 = process.cpuUsage();
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    const res = await fetch(url);
    body = await res.text();
    if (res.status !== 200) throw new Error(`${url} → ${res.status}: ${body.slice(0, 200)}`);
    times.push(performance.now() - t0);
  }
  const c = process.cpuUsage(c0);
  const s = summary(times);
  return { line: `p50 ${fmt(s.p50)}, p95 ${fmt(s.p95)}, p99 ${fmt(s.p99)} (cpu per request ${fmt((c.user + c.system) / 1000 / n)})`, body };
}

for (const size of sizes) {
  const bench = await startBenchApp({ PRICE_DROP_CRON: 'off', PURGE_CRON: 'off' });
  const seeded = await seedItems(bench.ctx.db, size);
  await bench.ctx.priceDrops.run({ trigger: 'manual' }); // a day of drops, so price_drops_30d has something to count
  console.log(`\n== ${size.toLocaleString('en')} items (${bench.ctx.database.dialect}; seeded in ${seeded.toFixed(1)} s) [load ${load()}]`);
  const stats = await sample(`${bench.base}/stats`, 300);
  console.log(`GET /stats                      ${stats.line}`);
  const s = JSON.parse(stats.body);
  console.log(`  total_items ${s.total_items.toLocaleString('en')}, listed ${s.by_status.listed.toLocaleString('en')}, price_drops_30d ${s.price_drops_30d.toLocaleString('en')}, top brand ${s.top_brands[0]}`);
  console.log(`GET /recommendations?limit=50   ${(await sample(`${bench.base}/recommendations?limit=50`, 30)).line}`);
  await bench.close();
}
