import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../../platform/random.ts';
import { CELLS_FROM } from './memory-cells.ts';
import { MemoryIndex } from './memory-index.ts';
import { MEMORY_DIMS } from './memory-vector.ts';

// The search through cells against the exact pass, on made-up photos with a photo's structure: garments with
// several shots each (a shot is its garment's direction plus noise). Seeded, so the same figures every run.
const rnd = mulberry32(21);
const gauss = () => Math.sqrt(-2 * Math.log(Math.max(rnd(), 1e-12))) * Math.cos(2 * Math.PI * rnd());
const unit = (x: Float32Array) => { const n = Math.hypot(...x); return x.map((y) => y / n); };
const garments = Array.from({ length: 150 }, () => unit(Float32Array.from({ length: MEMORY_DIMS }, gauss)));
const shot = (g: number) => unit(garments[g].map((x) => x + gauss() * 0.04));
const entry = (id: string, g: number) => ({ id, category: null, colour: null, seenColour: null, lab: null, brand: null, itemId: `g${g}` });

describe("seller's memory: search through cells", () => {
  const index = new MemoryIndex();
  for (let i = 0; i < CELLS_FROM + 400; i++) index.add(entry(`s${i}`, i % garments.length), shot(i % garments.length));

  it('finds what the exact pass finds for new shots of remembered garments', () => {
    let recall = 0, firstSame = 0;
    for (let g = 0; g < 60; g++) {
      const q = shot(g);
      const exact = index.nearestExact(q, 10), cells = index.nearest(q, 10);
      const found = new Set(cells.map((n) => n.entry.id));
      recall += exact.filter((n) => found.has(n.entry.id)).length / 10;
      firstSame += +(cells[0].entry.id === exact[0].entry.id);
      expect(cells[0].entry.itemId).toBe(`g${g}`);
    }
    expect(recall / 60).toBeGreaterThanOrEqual(0.95);
    expect(firstSame).toBe(60);
  });

  it('keeps the cells in step when photos come and go', () => {
    const q = shot(3);
    expect(index.nearest(q, 1)[0].entry.itemId).toBe('g3');
    index.remove((e) => e.itemId === 'g3');
    expect(index.nearest(q, 20).some((n) => n.entry.itemId === 'g3')).toBe(false);
    index.add(entry('again', 3), shot(3));
    expect(index.nearest(q, 1)[0].entry.id).toBe('again');
  });
});
