import { describe, expect, it } from 'vitest';
import sharp from 'sharp';
import { findColour } from '@vintedbot/catalog';
import { dominantColours, pickColours } from './dominant-colours.ts';
import { decodeForAnalysis, renderGarment } from '../../analysis/vision/testing/render.ts';
import { testPhoto } from '../../../../test/helpers/test-photos.ts';

describe('dominantColours', () => {
  it('names the garment, not the floor it lies on', async () => {
    const photo = await decodeForAnalysis(await renderGarment({ background: [205, 185, 150], fill: '#c0392b' }));
    const c = dominantColours(photo);
    expect(c.primary).toBe('red');
    expect(c.secondary).toBeNull();
  });

  it('tells navy from black and white on a dark floor', async () => {
    const navy = dominantColours(await decodeForAnalysis(await renderGarment({ background: [120, 110, 100], fill: '#1f2a44' })));
    expect(navy.primary).toBe('navy');
    const white = dominantColours(await decodeForAnalysis(await renderGarment({ background: [70, 60, 55], fill: '#f2f2f2' })));
    expect(white.primary).toBe('white');
    const black = dominantColours(await decodeForAnalysis(await renderGarment({ background: [225, 225, 225], fill: '#1a1a1a' })));
    expect(black.primary).toBe('black');
  });

  it('reports a second colour on a two-tone garment', async () => {
    const c = dominantColours(await decodeForAnalysis(await renderGarment({ background: [200, 200, 200], fill: '#1b5e20', secondFill: '#f5f5f5' })));
    expect(c.primary).toBe('green');
    expect(c.secondary).toBe('white');
  });

  it('keeps a garment that fills the whole frame (no border to call background)', async () => {
    const c = dominantColours(await decodeForAnalysis(await renderGarment({ background: [30, 60, 160], fill: '#2f5fc0' })));
    expect(c.primary).toBe('blue');
  });

  it('emits keys of the Vinted colour list, with a palette whose shares sum to 1', async () => {
    const c = dominantColours(await decodeForAnalysis(testPhoto('outwear/18ed7f47-b091-4eb0-ae81-89f2ef139a9b.jpg')));
    expect(c.primary).toBe('red'); // labelled Rouge, high confidence
    for (const p of c.palette) {
      expect(findColour(p.colour)).not.toBeNull();
      expect(p.hex).toMatch(/^#[0-9a-f]{6}$/);
    }
    expect(c.palette.reduce((s, p) => s + p.share, 0)).toBeCloseTo(1, 2);
  });
});

/** A dress-sized rectangle on a plain floor, filled with a repeating motif of the given colours. */
async function renderPrint(colours: string[], motif: 'flowers' | 'stripes'): Promise<Buffer> {
  const shapes: string[] = [];
  for (let y = 0; y < 360; y += 18) {
    for (let x = 0; x < 260; x += 18) {
      const c = colours[(x / 18 + 2 * (y / 18)) % colours.length];
      shapes.push(motif === 'flowers'
        ? `<circle cx="${70 + x + 9}" cy="${90 + y + 9}" r="8" fill="${c}"/>`
        : `<rect x="70" y="${90 + y}" width="260" height="18" fill="${colours[(y / 18) % colours.length]}"/>`);
    }
  }
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="400" height="533"><rect x="70" y="90" width="260" height="360" fill="#f4f4f4"/>${shapes.join('')}</svg>`;
  return sharp({ create: { width: 400, height: 533, channels: 3, background: { r: 150, g: 120, b: 90 } } })
    .composite([{ input: Buffer.from(svg) }]).jpeg({ quality: 85 }).toBuffer();
}

/** A small garment on a floor lit from the edges: the floor darkens steadily towards the middle of the frame. */
async function renderOnShadedFloor(fill: string): Promise<Buffer> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="400" height="533">
    <defs><radialGradient id="g" cx="50%" cy="50%" r="60%"><stop offset="0" stop-color="rgb(120,100,78)"/><stop offset="1" stop-color="rgb(215,195,165)"/></radialGradient></defs>
    <rect width="400" height="533" fill="url(#g)"/><rect x="150" y="190" width="100" height="150" rx="12" fill="${fill}"/></svg>`;
  return sharp(Buffer.from(svg)).jpeg({ quality: 85 }).toBuffer();
}

describe('exposure', () => {
  it('calls a white shirt in a dim room white, and a grey one beside a white wall grey', async () => {
    const dim = dominantColours(await decodeForAnalysis(await renderGarment({ background: [110, 95, 80], fill: '#bebec0' })));
    expect(dim.primary).toBe('white');
    const lit = dominantColours(await decodeForAnalysis(await renderGarment({ background: [245, 245, 245], fill: '#bebec0' })));
    expect(lit.primary).toBe('grey');
  });
});

describe('garment mask', () => {
  it('follows a floor into its shadow instead of naming the shadow', async () => {
    const c = dominantColours(await decodeForAnalysis(await renderOnShadedFloor('#2f6db5')));
    expect(c.primary).toBe('blue');
    expect(c.secondary).toBeNull();
  });
});

describe('multicolour', () => {
  it('calls a print of several hues multicolour', async () => {
    const c = dominantColours(await decodeForAnalysis(await renderPrint(['#d62828', '#f2c94c', '#2f6db5', '#2e8b57'], 'flowers')));
    expect(c.primary).toBe('multi');
  });

  it('keeps two-colour stripes and a one-hue print as their colours', async () => {
    const stripes = dominantColours(await decodeForAnalysis(await renderPrint(['#c0392b', '#f4f4f4'], 'stripes')));
    expect([stripes.primary, stripes.secondary].sort()).toEqual(['red', 'white']); // equal stripes: either may lead
    const tonal = dominantColours(await decodeForAnalysis(await renderPrint(['#1f2a44', '#2f6db5', '#7fa7d6'], 'flowers')));
    expect(tonal.primary).not.toBe('multi');
  });
});

describe('pickColours', () => {
  it('merges shading of one colour and calls three equal colours multicolour', () => {
    expect(pickColours([{ key: 'navy', share: 0.5 }, { key: 'blue', share: 0.3 }, { key: 'black', share: 0.2 }])).toEqual({ primary: 'navy', secondary: null });
    expect(pickColours([{ key: 'red', share: 0.34 }, { key: 'yellow', share: 0.33 }, { key: 'green', share: 0.33 }]).primary).toBe('multi');
    expect(pickColours([{ key: 'black', share: 0.6 }, { key: 'white', share: 0.4 }])).toEqual({ primary: 'black', secondary: 'white' });
  });
});
