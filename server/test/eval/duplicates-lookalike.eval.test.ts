import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readColourLabels, readLabels } from '../../src/modules/analysis/vision/eval/dataset.ts';
import { LOOKALIKE_MIN_SIMILARITY } from '../../src/modules/duplicates/lookalike-match.ts';
import { flagged, type PhotoFigures, photoFigures, sketchRows } from '../helpers/lookalike-figures.ts';
import { EVAL_VARIANTS, makeVariant, rng } from '../helpers/photo-variants.ts';
import { DEV } from './eval-datasets.ts';

// The duplicate check (hash, then the look-alike stage behind it) on copies of the 100 clothing-dev photos, each
// transformation apart: the stock holds the 100 originals; a copy should flag its original and nothing else. A
// "different garment" row sends each original against the 99 others (every flag is wrong). Precision counts flags
// (right / all), recall copies whose original was flagged. The threshold was set on clothing-train only
// (bench/duplicates-lookalike-calibrate.ts); dev is never used to choose it. Floor: precision ≥ 0.99 overall.
// Each copy is checked twice: by a full scan of the full vectors, and as the service runs it (sketches choose the
// candidates, the full vectors decide: lookalike-search.ts); both tables are printed and must flag the same photos.
const present = fs.existsSync(path.join(DEV, 'labels.csv'));
if (!present) console.log(`[eval] duplicates look-alike: SKIPPED, no clothing-dev at ${DEV} (labels.csv missing); run \`npm run eval -- <folder holding clothing-dev and clothing-train>\``);

describe.skipIf(!present)('duplicate check on clothing-dev copies (hash, then look-alike)', () => {
  it('flags re-cropped, re-framed, re-lit, turned and re-encoded copies with precision ≥ 0.99', async () => {
    const rows = readLabels(DEV);
    const colours = readColourLabels(DEV);
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'vintedbot-eval-lookalike-'));
    try {
      const stock: PhotoFigures[] = [];
      for (const r of rows) stock.push(await photoFigures(path.join(DEV, r.file), true));
      const sketches = sketchRows(stock);
      type Row = { name: string; tp: number; fp: number; hardFp: number; found: number; byLook: number; n: number };
      const tables: Record<'full' | 'two', Row[]> = { full: [], two: [] };
      let disagreements = 0;
      const sameLook = (a: number, b: number) => rows[a].label === rows[b].label && colours?.get(rows[a].file)?.colour === colours?.get(rows[b].file)?.colour;
      const count = (row: Row, i: number, f: ReturnType<typeof flagged>) => {
        const wrong = f.hits.filter((j) => j !== i);
        row.tp += f.hits.length - wrong.length;
        row.fp += wrong.length;
        row.hardFp += wrong.filter((j) => sameLook(i, j)).length;
        if (f.hits.includes(i)) {
          row.found++;
          if (f.check === 'lookalike') row.byLook++;
        }
      };
      for (const [k, [name, spec]] of Object.entries(EVAL_VARIANTS).entries()) {
        const full: Row = { name, tp: 0, fp: 0, hardFp: 0, found: 0, byLook: 0, n: rows.length }, two: Row = { ...full };
        for (const [i, r] of rows.entries()) {
          const file = path.join(tmp, 'copy.jpg');
          fs.writeFileSync(file, await makeVariant(path.join(DEV, r.file), spec, rng(7919 * (k + 1) + i)));
          const q = await photoFigures(file);
          const [a, b] = [flagged(q, stock), flagged(q, stock, sketches)];
          count(full, i, a);
          count(two, i, b);
          if (a.hits.join() !== b.hits.join()) disagreements++;
        }
        tables.full.push(full);
        tables.two.push(two);
      }
      for (const mode of ['full', 'two'] as const) {
        const neg: Row = { name: 'different garment', tp: 0, fp: 0, hardFp: 0, found: 0, byLook: 0, n: rows.length };
        for (let i = 0; i < stock.length; i++) {
          const others = stock.filter((_, j) => j !== i);
          const idx = stock.map((_, j) => j).filter((j) => j !== i);
          const f = flagged(stock[i], others, mode === 'two' ? sketchRows(others) : undefined);
          const hits = f.hits.map((h) => idx[h]);
          neg.fp += hits.length;
          neg.hardFp += hits.filter((j) => sameLook(i, j)).length;
        }
        tables[mode].push(neg);
      }

      const pct = (x: number) => `${(100 * x).toFixed(1)} %`;
      const precisions: Record<string, number> = {};
      for (const mode of ['full', 'two'] as const) {
        const table = tables[mode].slice(0, -1), neg = tables[mode][tables[mode].length - 1];
        console.log(`[eval] duplicate check on clothing-dev copies, look-alike threshold ${LOOKALIKE_MIN_SIMILARITY} (set on clothing-train), ${mode === 'full' ? 'full scan of the full vectors' : 'two stages as the service runs them (sketch candidates, then full vectors)'}`);
        console.log('[eval] transformation      precision   recall   found by look-alike   wrong flags (same class and colour)');
        for (const r of [...table, neg]) {
          const precision = r.tp + r.fp ? r.tp / (r.tp + r.fp) : 1;
          const recall = r === neg ? '     –' : pct(r.found / r.n).padStart(7);
          console.log(`[eval] ${r.name.padEnd(20)} ${pct(precision).padStart(8)}  ${recall}   ${String(r.byLook).padStart(12)}          ${r.fp} (${r.hardFp})`);
        }
        const tp = table.reduce((s, r) => s + r.tp, 0), fp = table.reduce((s, r) => s + r.fp, 0) + neg.fp;
        const found = table.reduce((s, r) => s + r.found, 0), n = table.reduce((s, r) => s + r.n, 0);
        precisions[mode] = tp / Math.max(1, tp + fp);
        console.log(`[eval] all copies: precision ${pct(precisions[mode])} (floor 99.0 %), recall ${pct(found / n)} (${found} of ${n})`);
      }
      console.log(`[eval] copies where the two stages flag other photos than the full scan: ${disagreements}`);
      expect(precisions.two).toBeGreaterThanOrEqual(0.99);
      expect(precisions.full).toBeGreaterThanOrEqual(0.99);
      expect(disagreements).toBe(0);
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  }, 1_800_000);
});
