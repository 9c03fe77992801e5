import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { classifyGarment } from '../../src/modules/analysis/vision/index.ts';
import { categoryOfDatasetClass } from '../../src/modules/analysis/vision/classifier/garment-classes.ts';
import { decodeForAnalysis } from '../../src/modules/analysis/vision/decode-for-analysis.ts';
import { scoreColour } from '../../src/modules/analysis/vision/eval/colour-agreement.ts';
import { readColourLabels, readLabels } from '../../src/modules/analysis/vision/eval/dataset.ts';
import { detectLabelCloseUp } from '../../src/modules/analysis/vision/labels/label-detector.ts';
import { dominantColours } from '../../src/modules/photos/index.ts';
import { DEV, figure, requireDatasets, TRAIN } from './eval-datasets.ts';

// The offline vision on the whole development set (100 photos, 10 classes, never trained on) and on the training
// set for label false positives. Floors sit a little under what the shipped model measures (58 % top-1, 82 % top-3,
// colours 58 % exact and 85 % exact-or-near, no training photo taken for a label): a drop below one is a regression.
// Details per class and per colour: `npm run eval:vision -- <folder>`.
describe('vision on the full datasets', () => {
  requireDatasets(DEV, TRAIN);

  it('names the garment category and its main colour', async () => {
    const rows = readLabels(DEV);
    const colours = readColourLabels(DEV)!;
    let top1 = 0, top3 = 0;
    const agreement = { exact: 0, near: 0, miss: 0 };
    for (const r of rows) {
      const photo = await decodeForAnalysis(join(DEV, r.file));
      const c = await classifyGarment(photo);
      const truth = categoryOfDatasetClass(r.label);
      top1 += +(c.category === truth);
      top3 += +c.top3.some((s) => s.category === truth);
      const label = colours.get(r.file);
      if (label) agreement[scoreColour(dominantColours(photo).primary, label)]++;
    }
    const n = rows.length, m = agreement.exact + agreement.near + agreement.miss;
    expect(n).toBeGreaterThanOrEqual(100);
    expect(m).toBe(n);
    const scores = [
      [figure(`category top-1 (${top1}/${n})`, top1 / n, 0.5), 0.5],
      [figure(`category top-3 (${top3}/${n})`, top3 / n, 0.75), 0.75],
      [figure(`colour exact (${agreement.exact}/${m})`, agreement.exact / m, 0.5), 0.5],
      [figure(`colour exact or near (${agreement.exact + agreement.near}/${m})`, (agreement.exact + agreement.near) / m, 0.75), 0.75],
    ];
    for (const [value, floor] of scores) expect(value).toBeGreaterThanOrEqual(floor);
  }, 300_000);

  it('does not take garment photos for care labels (every 8th training photo)', async () => {
    const files = readLabels(TRAIN).filter((_, i) => i % 8 === 0);
    let flagged = 0;
    for (const r of files) if (detectLabelCloseUp(await decodeForAnalysis(join(TRAIN, r.file))).is_label) flagged++;
    expect(files.length).toBeGreaterThan(100);
    console.log(`[eval] label close-ups wrongly seen in ${flagged} of ${files.length} training photos (ceiling 3 %)`);
    expect(flagged / files.length).toBeLessThan(0.03);
  }, 300_000);
});
