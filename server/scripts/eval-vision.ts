// npm run eval:vision -- <folder with labels.csv [and colours.csv]>
// Measures the offline vision on a labelled folder: category top-1/top-3 and confusion matrix, colour
// agreement per colour (exact / near / miss), and time per photo for the classifier and the colours.
// Measurement only: nothing here feeds back into training or thresholds.
import { join, resolve } from 'node:path';
import { classifyGarment, loadClassifier } from '../src/modules/analysis/index.ts';
import { dominantColours } from '../src/modules/photos/index.ts';
import { categoryOfDatasetClass } from '../src/modules/analysis/vision/classifier/garment-classes.ts';
import { decodeForAnalysis } from '../src/modules/analysis/vision/decode-for-analysis.ts';
import { type Agreement, NEAR_MISSES, colourKeyOfLabel, scoreColour } from '../src/modules/analysis/vision/eval/colour-agreement.ts';
import { readColourLabels, readLabels } from '../src/modules/analysis/vision/eval/dataset.ts';

const folder = process.argv.slice(2).find((a) => !a.startsWith('-'));
if (!folder) {
  console.error('usage: npm run eval:vision -- <folder with labels.csv>');
  process.exit(2);
}
const dir = resolve(folder);
const pct = (a: number, b: number) => (b ? `${((100 * a) / b).toFixed(1)}%` : '-');
const pad = (s: string | number, n: number) => String(s).padStart(n);
const median = (v: number[]) => [...v].sort((a, b) => a - b)[v.length >> 1] ?? 0;
const mean = (v: number[]) => v.reduce((s, x) => s + x, 0) / (v.length || 1);

async function main() {
  const rows = readLabels(dir);
  const colourLabels = readColourLabels(dir);
  const t0 = performance.now();
  await loadClassifier();
  console.log(`classifier loaded in ${(performance.now() - t0).toFixed(0)} ms; ${rows.length} photos in ${dir}\n`);

  const classes: string[] = [];
  const confusion = new Map<string, Map<string, number>>();
  let top1 = 0, top3 = 0;
  const msClassify: number[] = [], msColour: number[] = [];
  const colourStats = new Map<string, Record<Agreement, number>>();
  const colourMisses: string[] = [];

  for (const r of rows) {
    const truth = categoryOfDatasetClass(r.label) ?? r.label;
    if (!classes.includes(truth)) classes.push(truth);
    const photo = await decodeForAnalysis(join(dir, r.file));
    let t = performance.now();
    const c = await classifyGarment(photo);
    msClassify.push(performance.now() - t);
    t = performance.now();
    const colours = dominantColours(photo);
    msColour.push(performance.now() - t);

    top1 += +(c.category === truth);
    top3 += +c.top3.some((s) => s.category === truth);
    const row = confusion.get(truth) ?? new Map<string, number>();
    row.set(c.category, (row.get(c.category) ?? 0) + 1);
    confusion.set(truth, row);

    const colourTruth = colourLabels?.get(r.file);
    if (colourTruth) {
      const key = colourKeyOfLabel(colourTruth.colour) ?? colourTruth.colour;
      const verdict = scoreColour(colours.primary, colourTruth);
      const s = colourStats.get(key) ?? { exact: 0, near: 0, miss: 0 };
      s[verdict]++;
      colourStats.set(key, s);
      if (verdict !== 'exact') colourMisses.push(`${key}→${colours.primary}${verdict === 'near' ? ' (near)' : ''}`);
    }
  }

  const n = rows.length;
  console.log(`category: top-1 ${pct(top1, n)} (${top1}/${n})   top-3 ${pct(top3, n)} (${top3}/${n})\n`);
  const predicted = [...new Set([...classes, ...[...confusion.values()].flatMap((m) => [...m.keys()])])];
  const w = Math.max(8, ...predicted.map((p) => p.length)) + 1;
  console.log('confusion (rows: truth, columns: predicted)');
  console.log(pad('', w) + predicted.map((p) => pad(p.slice(0, 8), 9)).join('') + pad('recall', 9));
  for (const t of classes) {
    const row = confusion.get(t)!;
    const total = [...row.values()].reduce((a, b) => a + b, 0);
    console.log(pad(t, w) + predicted.map((p) => pad(row.get(p) ?? '.', 9)).join('') + pad(pct(row.get(t) ?? 0, total), 9));
  }

  if (colourLabels) {
    const tot = { exact: 0, near: 0, miss: 0 };
    console.log('\ncolour agreement (primary colour vs colours.csv)');
    console.log(pad('colour', 10) + pad('photos', 8) + pad('exact', 8) + pad('near', 8) + pad('miss', 8));
    for (const [k, s] of [...colourStats.entries()].sort((a, b) => b[1].exact + b[1].near + b[1].miss - (a[1].exact + a[1].near + a[1].miss))) {
      console.log(pad(k, 10) + pad(s.exact + s.near + s.miss, 8) + pad(s.exact, 8) + pad(s.near, 8) + pad(s.miss, 8));
      tot.exact += s.exact; tot.near += s.near; tot.miss += s.miss;
    }
    const m = tot.exact + tot.near + tot.miss;
    console.log(`total: exact ${pct(tot.exact, m)}, near ${pct(tot.near, m)}, exact-or-near ${pct(tot.exact + tot.near, m)}, plain miss ${pct(tot.miss, m)}`);
    console.log(`near misses counted: ${NEAR_MISSES.map(([a, b]) => `${a}/${b}`).join(', ')}; also the labelled second colour, and terms a low-confidence label's note names`);
    const tally = new Map<string, number>();
    for (const x of colourMisses) tally.set(x, (tally.get(x) ?? 0) + 1);
    console.log(`disagreements: ${[...tally.entries()].sort((a, b) => b[1] - a[1]).map(([k, v]) => `${k} ×${v}`).join(', ')}`);
  }

  console.log(`\ntime per photo (decode excluded): classifier mean ${mean(msClassify).toFixed(1)} ms, median ${median(msClassify).toFixed(1)} ms; colours mean ${mean(msColour).toFixed(1)} ms, median ${median(msColour).toFixed(1)} ms`);
}

await main();
