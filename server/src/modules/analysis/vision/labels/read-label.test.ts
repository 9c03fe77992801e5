import { afterAll, describe, expect, it } from 'vitest';
import { renderLabel } from '../testing/render.ts';
import { parseLabelText } from './parse-label.ts';
import { readLabelText, setLabelReaders, terminateLabelReader } from './read-label.ts';

afterAll(() => terminateLabelReader());

describe('readLabelText + parseLabelText on rendered labels', () => {
  it('reads brand, size and composition from a slightly turned, blurred care label', async () => {
    const img = await renderLabel({ lines: ['TOMMY HILFIGER', 'M', '80% COTON', '20% POLYESTER'], rotate: 3, blur: 0.8 });
    const { text, confidence } = await readLabelText(img);
    expect(confidence).toBeGreaterThan(0.5);
    expect(parseLabelText(text)).toEqual({
      brand: 'Tommy Hilfiger', size: 'M',
      composition: [{ material: 'cotton', percent: 80 }, { material: 'polyester', percent: 20 }],
    });
  }, 60_000);

  it('reads a French numeric size and an accented material on a dark woven label', async () => {
    const img = await renderLabel({
      lines: ['ZARA', 'EUR 38', '95% VISCOSE', '5% ÉLASTHANNE'], fabric: [35, 35, 45], ink: '#f0ece0', rotate: -4, blur: 0.6,
    });
    const parsed = parseLabelText((await readLabelText(img)).text);
    expect(parsed.brand).toBe('Zara');
    expect(parsed.size).toBe('38');
    expect(parsed.composition).toEqual([{ material: 'viscose', percent: 95 }, { material: 'elastane', percent: 5 }]);
  }, 60_000);

  it('reads waist/leg and shoe sizes', async () => {
    const jeans = parseLabelText((await readLabelText(await renderLabel({ lines: ["LEVI'S", 'W32 L34', '99% COTTON 1% ELASTANE'], rotate: 2 }))).text);
    expect(jeans.brand).toBe("Levi's");
    expect(jeans.size).toBe('W32 L34');
    const shoe = parseLabelText((await readLabelText(await renderLabel({ lines: ['NIKE', 'EU 43', 'UK 8.5'], rotate: -2, blur: 0.5 }))).text);
    expect(shoe).toMatchObject({ brand: 'Nike', size: 'EU 43' });
  }, 60_000);

  it('reads two labels at once with a pool of two workers, each label its own text', async () => {
    setLabelReaders(2);
    try {
      const [a, b] = await Promise.all([
        readLabelText(await renderLabel({ lines: ['TOMMY HILFIGER', 'M', '80% COTON', '20% POLYESTER'], rotate: 3, blur: 0.8 })),
        readLabelText(await renderLabel({ lines: ['ZARA', 'EUR 38', '95% VISCOSE', '5% ÉLASTHANNE'], fabric: [35, 35, 45], ink: '#f0ece0', rotate: -4, blur: 0.6 })),
      ]);
      expect([parseLabelText(a.text).brand, parseLabelText(b.text).brand]).toEqual(['Tommy Hilfiger', 'Zara']);
    } finally {
      setLabelReaders(1);
    }
  }, 60_000);
});
