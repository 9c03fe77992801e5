// npm run bench (or: npx tsx bench/vision.ts [folder]) — latency of the offline vision per photo, on the
// development photos: classifier, embedding (memoised after classify), colours, label detection, and one OCR.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import {
  classifyGarment, detectLabelCloseUp, embedGarment, loadClassifier, readLabelText, terminateLabelReader,
} from '../server/src/modules/analysis/index.ts';
import { dominantColours } from '../server/src/modules/photos/index.ts';
import { decodeForAnalysis } from '../server/src/modules/analysis/vision/decode-for-analysis.ts';
import { renderLabel } from '../server/src/modules/analysis/vision/testing/render.ts';

const dir = process.argv[2] ?? join(import.meta.dirname, '../../shared/datasets/clothing-dev');
const files = readdirSync(dir, { withFileTypes: true }).filter((d) => d.isDirectory())
  .flatMap((d) => readdirSync(join(dir, d.name)).filter((f) => f.endsWith('.jpg')).map((f) => join(dir, d.name, f)));

const stats = (v: number[]) => {
  const s = [...v].sort((a, b) => a - b);
  return `mean ${(v.reduce((a, b) => a + b, 0) / v.length).toFixed(1)} ms, p50 ${s[s.length >> 1].toFixed(1)}, p95 ${s[Math.floor(s.length * 0.95)].toFixed(1)}`;
};

let t = performance.now();
await loadClassifier();
console.log(`vision bench: ${files.length} photos from ${dir}\nclassifier load ${(performance.now() - t).toFixed(0)} ms`);
// Wall time and CPU time (user + system of this process): on a shared, busy machine the wall time mostly
// measures waiting for a core, the CPU time what the work itself costs.
const times: Record<string, number[]> = { classify: [], embed: [], colours: [], labelDetect: [] };
const cpu: Record<string, number> = { classify: 0, embed: 0, colours: 0, labelDetect: 0 };
const measure = async (k: string, fn: () => unknown) => {
  const c = process.cpuUsage(); t = performance.now();
  await fn();
  times[k].push(performance.now() - t);
  const d = process.cpuUsage(c); cpu[k] += (d.user + d.system) / 1000;
};
for (const f of files) {
  const photo = await decodeForAnalysis(f);
  await measure('classify', () => classifyGarment(photo));
  await measure('embed', () => embedGarment(photo));
  await measure('colours', () => dominantColours(photo));
  await measure('labelDetect', () => detectLabelCloseUp(photo));
}
for (const [k, v] of Object.entries(times)) console.log(`${k.padEnd(12)} wall ${stats(v)}; CPU mean ${(cpu[k] / v.length).toFixed(1)} ms`);
const label = await renderLabel({ lines: ['ZARA', 'EUR 38', '95% VISCOSE', '5% ÉLASTHANNE'], rotate: 3, blur: 0.6 });
t = performance.now(); await readLabelText(label); const first = performance.now() - t;
t = performance.now(); await readLabelText(label); const second = performance.now() - t;
console.log(`ocr          first ${first.toFixed(0)} ms (worker start included), then ${second.toFixed(0)} ms per label`);
await terminateLabelReader();
