import { describe, expect, it } from 'vitest';
import { describeVote, voteCategory } from './category-vote.ts';

const photo = (...top3: [string, number][]) => ({ top3: top3.map(([category, score]) => ({ category, score })) });

describe('voteCategory', () => {
  it('averages the photos\' top 3: two photos hesitating between the same classes add up', () => {
    const v = voteCategory([photo(['jacket', 0.5], ['coat', 0.4], ['hoodie', 0.1]), photo(['coat', 0.5], ['jacket', 0.45], ['shirt', 0.05])]);
    expect(v).toMatchObject({ category: 'jacket', source: 'classifier', score: 0.475, voters: 2 });
    expect(v.candidates.map((c) => c.category)).toEqual(['jacket', 'coat', 'hoodie']);
  });

  it('leaves the category empty under a mean of 0.45, with the candidates for the seller', () => {
    const v = voteCategory([photo(['jacket', 0.44], ['coat', 0.3], ['hoodie', 0.26])]);
    expect(v).toMatchObject({ category: null, source: null, score: null, voters: 1 });
    expect(v.candidates[0]).toEqual({ category: 'jacket', score: 0.44 });
    expect(describeVote(v)).toBe('no category (classifier unsure: jacket 0.44)');
  });

  it('lets the seller\'s word win: the hint, then a file or folder name', () => {
    const sure = [photo(['jacket', 0.95], ['coat', 0.03], ['hoodie', 0.02])];
    expect(voteCategory(sure, { hint: 'robe', fileNames: ['jupe-zara.jpg'] })).toMatchObject({ category: 'dress', source: 'hint', score: null });
    expect(voteCategory(sure, { fileNames: ['IMG_1.jpg', 'jupe-zara.jpg'] })).toMatchObject({ category: 'skirt', source: 'file name' });
    expect(voteCategory([], { fileNames: ['haul/jean/IMG_1.jpg'] })).toMatchObject({ category: 'jeans', source: 'file name', voters: 0 });
    expect(voteCategory(sure, { fileNames: ['IMG_1234.JPG'] })).toMatchObject({ category: 'jacket', source: 'classifier' });
  });

  it('ignores classes outside the catalogue and breaks ties by key', () => {
    expect(voteCategory([photo(['spaceship', 0.9], ['shirt', 0.5], ['dress', 0.5])]).candidates).toEqual([
      { category: 'dress', score: 0.5 }, { category: 'shirt', score: 0.5 },
    ]);
  });

  it('says when no photo voted', () => {
    expect(describeVote(voteCategory([]))).toBe('no category (classifier unavailable)');
  });
});
