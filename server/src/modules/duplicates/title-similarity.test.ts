import { describe, expect, it } from 'vitest';
import { compareTitles, normaliseSize, sizeInTitle, titleTokens } from './title-similarity.ts';

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
});
