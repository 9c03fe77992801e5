import { describe, expect, it } from 'vitest';
import { fuseWithClip } from './fuse.ts';

const cls = (pairs: [string, number][]) => pairs.map(([category, score]) => ({ category, score }));

describe('fuseWithClip', () => {
  it('lets agreement win and refines trousers to jeans when CLIP is specific', () => {
    const out = fuseWithClip(cls([['trousers', 0.6], ['shorts', 0.3], ['skirt', 0.1]]), cls([['jeans', 0.7], ['trousers', 0.1], ['shorts', 0.2]]));
    expect(out[0].category).toBe('jeans');
    expect(out[0].score).toBeGreaterThan(0.6);
  });

  it('lets a confident CLIP overturn a hesitant classifier, and vice versa', () => {
    expect(fuseWithClip(cls([['shirt', 0.45], ['t-shirt', 0.4], ['dress', 0.15]]), cls([['polo', 0.8], ['shirt', 0.1], ['dress', 0.1]]))[0].category).toBe('polo');
    expect(fuseWithClip(cls([['shoes', 0.95], ['hat', 0.05]]), cls([['cap', 0.4], ['sneakers', 0.0], ['trainers', 0.6]]))[0].category).toBe('trainers');
  });

  it('takes a bag from CLIP, which the classifier cannot name', () => {
    expect(fuseWithClip(cls([['shoes', 0.5], ['hat', 0.5]]), cls([['handbag', 0.8], ['shoes', 0.2]]))[0].category).toBe('handbag');
  });
});
