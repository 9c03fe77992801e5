// `npm run bench -- price-model`: the price model learned from the seller's sales (issue 18 point 6) on synthetic
// sales whose true prices follow known rules plus noise (server/test/pricing/synthetic-sales.ts). For each history
// size it prints the mean error of the model's suggestion and of the price table's on the newest 20 % of the sales (the
// time-ordered split the app uses), whether the app would use the model, and how long training took (it yields to
// the event loop every 100 sales, so the longest hold is printed too).
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { DEFAULT_PRICE_RULES, suggestPrice } from '../server/src/modules/pricing/index.ts';
import { fitPriceModel } from '../server/src/modules/pricing/model/price-model-fit.ts';
import { psychologicalRound } from '../server/src/modules/pricing/price-suggestion.ts';
import { syntheticSales } from '../server/test/pricing/synthetic-sales.ts';

const table = (s: { category: string | null; brand: string | null; condition: string | null }) =>
  suggestPrice({ category: s.category, brand: s.brand, condition: s.condition as never }).factors.raw_target_cents;
const eur = (c: number | null) => (c === null ? '–' : `${(c / 100).toFixed(2)} €`);

console.log('world   sales  seed  model MAE  table MAE  gain   used  train ms  max loop hold ms');
for (const world of ['seller', 'rules'] as const) {
  for (const count of [60, 200, 1000, 5000]) {
    for (const seed of [1, 2, 3]) {
      const sales = syntheticSales({ count, world, tablePrice: table, seed, noise: 0.15 });
      const h = monitorEventLoopDelay({ resolution: 5 });
      h.enable();
      const t0 = performance.now();
      const out = await fitPriceModel(sales, DEFAULT_PRICE_RULES, psychologicalRound);
      const ms = performance.now() - t0;
      h.disable();
      const gain = out.modelMaeCents !== null && out.rulesMaeCents ? `${Math.round((1 - out.modelMaeCents / out.rulesMaeCents) * 100)} %` : '–';
      console.log(`${world.padEnd(7)} ${String(count).padStart(5)}  ${String(seed).padStart(4)}  ${eur(out.modelMaeCents).padStart(9)}  ${eur(out.rulesMaeCents).padStart(9)}  ${gain.padStart(5)}  ${String(out.used).padEnd(5)} ${ms.toFixed(0).padStart(8)}  ${(h.max / 1e6).toFixed(0).padStart(16)}`);
    }
  }
}
console.log("\nseller: the seller's market differs from the table (category, brand, size, season, drops); rules: it follows the table. Noise σ = 0.15 (log).");
