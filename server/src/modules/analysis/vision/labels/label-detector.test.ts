import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeForAnalysis } from '../decode-for-analysis.ts';
import { renderLabel } from '../testing/render.ts';
import { detectLabelCloseUp } from './label-detector.ts';

const TRAIN = join(import.meta.dirname, '../../../../../../../shared/datasets/clothing-train');

describe('detectLabelCloseUp', () => {
  it('recognises rendered care labels, dark-on-light and light-on-dark, turned and blurred', async () => {
    const scenes = [
      { lines: ['TOMMY HILFIGER', 'M', '80% COTON', '20% POLYESTER'], rotate: 3, blur: 0.8 },
      { lines: ['ZARA', 'EUR 38', '95% VISCOSE', '5% ÉLASTHANNE'], fabric: [35, 35, 45] as [number, number, number], ink: '#f0ece0', rotate: -4, blur: 0.6 },
      { lines: ['100% COTTON', 'MADE IN INDIA', 'RN 12345'], rotate: 6, blur: 1.2 },
    ];
    for (const s of scenes) expect(detectLabelCloseUp(await decodeForAnalysis(await renderLabel(s))).is_label).toBe(true);
  });

  it('does not take garment photos for labels (every 8th training photo, all classes)', async () => {
    const files = readFileSync(join(TRAIN, 'labels.csv'), 'utf8').trim().split('\n').slice(1).map((l) => l.split(',')[0]).filter((_, i) => i % 8 === 0);
    let flagged = 0;
    for (const f of files) if (detectLabelCloseUp(await decodeForAnalysis(join(TRAIN, f))).is_label) flagged++;
    expect(files.length).toBeGreaterThan(100);
    expect(flagged / files.length).toBeLessThan(0.03);
  }, 60_000);
});
