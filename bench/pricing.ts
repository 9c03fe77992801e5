// bench/pricing: the nightly price drop, at 10 k items (4 k listed) and, with BENCH_1M=1, at 1 M items.
// Target (issue 5): 4,000 listed items in ≤ 1 s (the Python original: 48 s for 777). At 1 M the run is measured
// twice: with the same 4 k listed (the cost must not grow with the rest of the stock) and with 444 k listed.
import { sql } from 'kysely';
import { startBenchApp } from './lib.ts';
import { both, load, seedItems, timed } from './stats-seed.ts';

const DAY = 86_400_000;
const sizes = [10_000, ...(process.env.BENCH_1M === '1' ? [1_000_000] : [])];

for (const size of sizes) {
  const bench = await startBenchApp({ PRICE_DROP_CRON: 'off', PURGE_CRON: 'off' });
  const { ctx } = bench;
  const seeded = await seedItems(ctx.db, size);
  const listed = Number((await ctx.db.selectFrom('items').select((eb) => eb.fn.countAll<number>().as('n')).where('status', '=', 'listed').executeTakeFirst())!.n);
  console.log(`\n== ${size.toLocaleString('en')} items, ${listed.toLocaleString('en')} listed (${ctx.database.dialect}; seeded in ${seeded.toFixed(1)} s)`);

  // Each run is a new calendar day, so each one really lowers every listed item.
  let day = 0;
  const runs = async (label: string, count: number) => {
    const out: string[] = [];
    let dropped = 0;
    for (let k = 0; k < count; k++) {
      const now = new Date(Date.now() + ++day * DAY);
      const r = await timed(() => ctx.priceDrops.run({ trigger: 'schedule', now }));
      out.push(both(r));
      dropped = r.result.dropped;
    }
    const preview = await timed(() => ctx.priceDrops.preview(new Date(Date.now() + (day + 1) * DAY), 100));
    console.log(`${label}: ${out.join(', ')}; ${dropped.toLocaleString('en')} dropped per run; preview ${both(preview)} [load ${load()}]`);
  };
  await runs(`price-drop run, ${listed.toLocaleString('en')} listed`, size > 100_000 ? 1 : 3);

  if (size > 10_000) {
    // Same stock size, only 4,000 listed: the others become sold in one statement (the stats triggers follow).
    const t0 = performance.now();
    await sql`update items set status = 'sold', sold_at = listed_at where status = 'listed' and id not in (select id from items where status = 'listed' order by created_at, id limit 4000)`.execute(ctx.db);
    console.log(`  (re-labelled all but 4,000 listed items as sold in ${((performance.now() - t0) / 1000).toFixed(1)} s)`);
    await runs('price-drop run, 4,000 listed', 3);
  }
  await bench.close();
}
