import { describe, expect, it } from 'vitest';
import { token_set_ratio as fuzzballTokenSet } from 'fuzzball';
import { compareTitles, normaliseSize, sizeInTitle, titleTokens, tokenSetRatio } from './title-similarity.ts';

describe('compareTitles', () => {
  it('matches the same article written differently', () => {
    for (const [a, b] of [
      ['Jupe plissée Zara noire S', 'Jupe Zara noire plissée – taille S'],
      ['Jupe noire Zara S', 'Jupe Zara noir plissée S'],
      ['Pull col rond Ralph Lauren bleu marine M', 'Pull Ralph Lauren bleu marine col rond M – Très bon état'],
      ["Jean Levi's 501 W32 L34", 'Jean Levis 501 W32 L34 bleu'],
      ['Baskets Addidas Stan Smith blanches 42', 'Baskets Adidas Stan Smith blanches 42'],
    ]) {
      const v = compareTitles({ title: a }, { title: b });
      expect(v.match, `${a} ~ ${b}: ${JSON.stringify(v)}`).toBe(true);
    }
  });

  it('never matches when sizes or brands contradict, whatever the words', () => {
    expect(compareTitles({ title: 'Jupe Zara S' }, { title: 'Jupe Zara XS' })).toMatchObject({ match: false, reason: 'size' });
    expect(compareTitles({ title: 'Jupe Zara', size: 'S' }, { title: 'Jupe Zara', size: 'XS' })).toMatchObject({ match: false, reason: 'size' });
    expect(compareTitles({ title: 'Jean W32 L34 bleu brut' }, { title: 'Jean W32 L32 bleu brut' })).toMatchObject({ match: false, reason: 'size' });
    expect(compareTitles({ title: 'Jupe plissée noire S', brand: 'Zara' }, { title: 'Jupe plissée noire S', brand: 'Mango' })).toMatchObject({ match: false, reason: 'brand' });
    // Sizes in different systems cannot be compared: no contradiction, the words decide.
    expect(compareTitles({ title: 'Robe fleurie Sézane M' }, { title: 'Robe fleurie Sézane 38' }).reason).not.toBe('size');
  });

  it('does not match different articles or titles too vague to tell', () => {
    expect(compareTitles({ title: 'T-shirt Nike noir M' }, { title: "Jean Levi's 501 W32" }).match).toBe(false);
    expect(compareTitles({ title: 'Jupe Zara' }, { title: 'Jupe Zara noire plissée longue S' })).toMatchObject({ match: false, reason: 'low_overlap' });
    expect(compareTitles({ title: 'Pull' }, { title: 'Pull' }).match).toBe(false);
  });

  it('reads sizes and tokens the way sellers write them', () => {
    expect(['M', 'taille 38', 'T38', 'EU 43', 'W32 L34', '2XL', 'Taille unique', '42,5'].map(normaliseSize)).toEqual(['M', '38', '38', '43', 'W32 L34', 'XXL', 'TU', '42.5']);
    expect(['Jupe Zara XS', 'Jean W30 L32 brut', 'Baskets Nike EU 44', 'Robe 38 fleurie', 'Sac Speedy 25'].map(sizeInTitle)).toEqual(['XS', 'W30 L32', '44', '38', null]);
    expect(titleTokens("T-shirt H&M Levi's – Très bon état")).toEqual(['tshirt', 'hm', 'levis']);
  });

  it('computes the token-set ratio exactly as fuzzball does', () => {
    // A fixed-seed generator: words from a small vocabulary (so lists overlap), with near spellings and accents.
    let seed = 42;
    const rand = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) % n);
    const words = ['jupe', 'zara', 'noire', 'noir', 'plissee', 'pull', 'col', 'rond', 'bleu', 'marine', 'article', 'importe', 'run0', 'run12', 'a', 'ab', '7', '501', 'levis', 'été'];
    const list = () => Array.from({ length: rand(7) }, () => words[rand(words.length)]);
    // Long lists too: their differing middles pass 30 characters, where the common subsequence leaves the one-word
    // bit-parallel pass for the table (both must give fuzzball's figure).
    const long = () => Array.from({ length: 4 + rand(12) }, () => words[rand(words.length)]);
    for (let k = 0; k < 6000; k++) {
      const [a, b] = k < 3000 ? [list(), list()] : [long(), long()];
      const expected = a.length && b.length ? fuzzballTokenSet(a.join(' '), b.join(' '), { full_process: false }) : 0;
      expect(a.length && b.length ? tokenSetRatio(a, b) : 0, `${a.join(' ')} ~ ${b.join(' ')}`).toBe(expected);
    }
  });
});
