import { describe, expect, it } from 'vitest';
import { MemoryIndex } from './memory-index.ts';
import { decodeVector, encodeVector, MEMORY_DIMS, projectHeadInput } from './memory-vector.ts';
import { blendWithMemory, consultCategory, MEMORY_VOTE, outcomeOf, trustOf } from './memory-vote.ts';
import { runPrequential, seededOrder } from './prequential.ts';

// A unit vector pointing mostly along axis `a`, with a little of axis `b` (made-up photos of two "kinds").
function unit(a: number, b = (a + 1) % MEMORY_DIMS, mix = 0.1): Float32Array {
  const v = new Float32Array(MEMORY_DIMS);
  v[a] = 1; v[b] = mix;
  const n = Math.hypot(1, mix);
  return v.map((x) => x / n);
}
const generic = [{ category: 't-shirt', score: 0.6 }, { category: 'hoodie', score: 0.3 }, { category: 'shirt', score: 0.1 }];

describe("seller's memory: search and vote", () => {
  it('finds the nearest remembered photos first, bounded to k', () => {
    const index = new MemoryIndex();
    for (let i = 0; i < 30; i++) index.add({ id: `p${i}`, category: i % 2 ? 'hoodie' : 't-shirt', colour: null, seenColour: null, lab: null, brand: null }, unit(i));
    const near = index.nearest(unit(7, 8, 0.12), 5);
    expect(near).toHaveLength(5);
    expect(near[0].entry.id).toBe('p7');
    expect(near.map((n) => n.similarity)).toEqual([...near.map((n) => n.similarity)].sort((a, b) => b - a));
  });

  it('leaves the classifier alone with an empty or unfamiliar memory, follows close confirmed photos', () => {
    const index = new MemoryIndex();
    const empty = consultCategory(index, unit(3), generic);
    expect(empty).toMatchObject({ weight: 0, decided: false });
    expect(empty.ranked[0].category).toBe('t-shirt');
    for (let i = 0; i < 3; i++) index.add({ id: `h${i}`, category: 'hoodie', colour: null, seenColour: null, lab: null, brand: null }, unit(3, 4 + i, 0.05));
    // A photo far from every remembered one: the memory barely speaks.
    const far = consultCategory(index, unit(40), generic);
    expect(far.weight).toBeLessThan(0.01);
    expect(far.ranked[0].category).toBe('t-shirt');
    // A photo like the three confirmed hoodies: the memory names it, and says how many.
    const near = consultCategory(index, unit(3), generic);
    expect(near.ranked[0].category).toBe('hoodie');
    expect(near).toMatchObject({ decided: true, count: 3 });
  });

  it('weighs each neighbour by its similarity', () => {
    const far = blendWithMemory(generic, [{ entry: { id: 'a', category: 'hoodie', colour: null, seenColour: null, lab: null, brand: null }, similarity: 0.5 }], MEMORY_VOTE);
    const close = blendWithMemory(generic, [{ entry: { id: 'a', category: 'hoodie', colour: null, seenColour: null, lab: null, brand: null }, similarity: 0.99 }], MEMORY_VOTE);
    expect(close.weight).toBeGreaterThan(far.weight);
  });

  it('stores vectors losslessly and projects deterministically', () => {
    const x = new Float32Array(300).map((_, i) => Math.sin(i));
    const head = { classes: ['a', 'b'], mean: new Array(300).fill(0), weights: new Array(600).fill(0).map((_, i) => Math.cos(i)), bias: [0, 0] };
    const a = projectHeadInput(x, head), b = projectHeadInput(x, head);
    expect(a).toEqual(b);
    expect(Math.hypot(...a)).toBeCloseTo(1, 5);
    expect(decodeVector(encodeVector(a))).toEqual(a);
    expect(decodeVector('AAAA')).toBeNull();
  });
});

describe("seller's memory: its record", () => {
  const entry = (id: string, category: string, won = { memoryWon: 0, genericWon: 0 }) => ({ id, category, colour: null, seenColour: null, lab: null, brand: null, won });

  it('is trusted fully until the classifier has won more of their disagreements, then less and less', () => {
    expect(trustOf({ memoryWon: 0, genericWon: 0 })).toBe(1);
    expect(trustOf({ memoryWon: 3, genericWon: 3 })).toBe(1);
    expect(trustOf({ memoryWon: 0, genericWon: 2 })).toBeCloseTo(0.5);
    expect(trustOf({ memoryWon: 0, genericWon: 8 })).toBeCloseTo(0.2);
  });

  it('scores a disagreement for whichever source named the confirmed category, by the memory\'s say', () => {
    const near = [{ entry: entry('a', 'hoodie'), similarity: 0.99 }];
    expect(outcomeOf('hoodie', generic, near).memoryWon).toBeGreaterThan(0.5);
    expect(outcomeOf('t-shirt', generic, near)).toMatchObject({ memoryWon: 0 });
    expect(outcomeOf('t-shirt', generic, near).genericWon).toBeGreaterThan(0.5);
    // Both wrong, both agreeing, or nothing remembered: no score.
    expect(outcomeOf('shirt', generic, near)).toEqual({ memoryWon: 0, genericWon: 0 });
    expect(outcomeOf('t-shirt', generic, [{ entry: entry('b', 't-shirt'), similarity: 0.99 }])).toEqual({ memoryWon: 0, genericWon: 0 });
    expect(outcomeOf('t-shirt', generic, [])).toEqual({ memoryWon: 0, genericWon: 0 });
  });

  it('is the sum of the remembered photos\' parts: a photo removed or a reset takes its part away', () => {
    const index = new MemoryIndex();
    index.add(entry('a', 'hoodie', { memoryWon: 0.8, genericWon: 0 }), unit(1));
    index.add(entry('b', 'hoodie', { memoryWon: 0, genericWon: 0.9 }), unit(2));
    expect(index.record).toEqual({ memoryWon: 0.8, genericWon: 0.9 });
    index.remove((e) => e.id === 'a');
    expect(index.record).toEqual({ memoryWon: 0, genericWon: 0.9 });
    index.clear();
    expect(index.record).toEqual({ memoryWon: 0, genericWon: 0 });
  });

  it('fades where it keeps overruling a classifier that was right', () => {
    // Look-alike photos the seller names hoodie or t-shirt in turns; the classifier tells them apart every time, the
    // memory (its neighbours half of each) cannot. At full say it overrules the classifier on many of them.
    const stream = Array.from({ length: 80 }, (_, i) => {
      const category = i % 2 ? 'hoodie' : 't-shirt';
      return {
        id: `p${i}`, vector: unit(5, 20 + (i % 9), 0.05), category,
        generic: [{ category, score: 0.55 }, { category: category === 'hoodie' ? 't-shirt' : 'hoodie', score: 0.45 }],
      };
    });
    const total = (r: ReturnType<typeof runPrequential>) => r.blocks.reduce((a, b) => a + b.memory, 0);
    const fullSay = total(runPrequential(stream, { gate: false }));
    const trusted = total(runPrequential(stream));
    expect(fullSay).toBeLessThan(70);
    expect(trusted).toBeGreaterThanOrEqual(76);
  });
});

describe('prequential protocol', () => {
  it('predicts each photo before remembering it and counts by block', () => {
    // 60 photos of two kinds the generic model always gets wrong; the memory learns them.
    const stream = seededOrder(Array.from({ length: 60 }, (_, i) => ({
      id: `p${i}`, vector: unit(i % 2 ? 5 : 9, (i % 7) + 20, 0.05), category: i % 2 ? 'hoodie' : 'shirt',
      generic: [{ category: 't-shirt', score: 0.5 }, { category: 'hoodie', score: 0.25 }, { category: 'shirt', score: 0.25 }],
    })), 21);
    expect(seededOrder(stream, 3)).toEqual(seededOrder(stream, 3));
    const { blocks } = runPrequential(stream);
    expect(blocks.map((b) => [b.name, b.n])).toEqual([['first 50', 50], ['50–150', 10]]);
    expect(blocks[0].generic).toBe(0);
    expect(blocks[1].memory).toBe(10);
    // The very first photo had nothing to be compared with.
    expect(blocks[0].memory).toBeLessThan(50);
  });
});
