// bench/import-queries (`npx tsx bench/import-queries.ts`, SIZE=1000000 for the 1 M stock): a 1,000-row CSV import into
// a copy of the scale bench's cached stock, twice, with the wall time of each and, for the second, every SQL statement
// it ran (count and time, wrapped at better-sqlite3's prepare: the library's, not our code). It is how the import's
// time was found to be in reads per item by event subscribers rather than in SQL (issue 23, point 3).
import Database from 'better-sqlite3';
import { cachedStore, copyOf, openApp } from './scale-store.ts';
import { importCsv } from './stats-seed.ts';
const stats = new Map<string, { n: number; ms: number }>();
let on = false;
const proto = (Database as any).prototype;
const origPrepare = proto.prepare;
proto.prepare = function (src: string, ...rest: unknown[]) {
  const st = origPrepare.call(this, src, ...rest);
  if (!on) return st;
  const key = src.replace(/\s+/g, ' ').slice(0, 140);
  for (const m of ['all', 'run', 'get', 'iterate']) {
    const f = st[m];
    st[m] = function (...a: unknown[]) { const t0 = performance.now(); try { return f.apply(st, a); } finally { const s = stats.get(key) ?? { n: 0, ms: 0 }; s.n++; s.ms += performance.now() - t0; stats.set(key, s); } };
  }
  return st;
};
const size = Number(process.env.SIZE ?? 10000);
const copy = copyOf(await cachedStore(size, { titleIndex: true }));
const s = await openApp(copy.dataDir);
await s.ctx.duplicates.idle();
for (let k = 0; k < 2; k++) {
  on = k === 1;
  const form = new FormData();
  form.append('file', new Blob([importCsv(1000, `queries${k}${Date.now()}`)], { type: 'text/csv' }), 'import.csv');
  const t0 = performance.now();
  const res = await fetch(`${s.base}/import/csv?mode=partial`, { method: 'POST', body: form });
  await res.json();
  console.log('import', (performance.now() - t0).toFixed(0), 'ms');
  const t1 = performance.now();
  await s.ctx.duplicates.idle();
  console.log('after: duplicates idle', (performance.now() - t1).toFixed(0), 'ms');
}
on = false;
const rows = [...stats.entries()].sort((a, b) => b[1].ms - a[1].ms);
let tot = 0, n = 0; for (const [, v] of rows) { tot += v.ms; n += v.n; }
console.log('queries', n, 'total ms', tot.toFixed(0));
for (const [k, v] of rows.slice(0, 25)) console.log(v.n.toString().padStart(6), v.ms.toFixed(0).padStart(6), k);
await s.close(); copy.remove();
