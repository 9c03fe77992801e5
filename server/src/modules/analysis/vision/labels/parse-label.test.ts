import { describe, expect, it } from 'vitest';
import { findBrand, findComposition, findSize, parseLabelText } from './parse-label.ts';

describe('findBrand', () => {
  it('matches whole names only', () => {
    expect(findBrand('CALVIN KLEIN JEANS\nMade in Portugal')).toBe('Calvin Klein Jeans');
    expect(findBrand('Calvin Klein')).toBe('Calvin Klein'); // and not "LV"
    expect(findBrand('Vintage polyester blend')).toBeNull();  // "lv" sits inside words here
    expect(findBrand('zarautz surf club')).toBeNull();        // "zara" is inside a longer word
    expect(findBrand('H&M\nconscious')).toBe('H&M');
    expect(findBrand("LEVI'S\nstrauss & co")).toBe("Levi's");
  });

  it('forgives an OCR slip on a long name but not on a short one', () => {
    expect(findBrand('TOMMY HILFIGFR')).toBe('Tommy Hilfiger');
    expect(findBrand('Zaro')).toBeNull();
  });

  it('needs brands that are common words to stand alone or in capitals', () => {
    expect(findBrand('wash only with similar colours')).toBeNull();
    expect(findBrand('ONLY\n38')).toBe('Only');
    expect(findBrand('Next')).toBe('Next');
    expect(findBrand('do not iron next to the print')).toBeNull();
  });
});

describe('findSize', () => {
  it('reads letter sizes after a size word, alone, or as multi-letter tokens', () => {
    expect(findSize('TAILLE: M')).toBe('M');
    expect(findSize('Size S')).toBe('S');
    expect(findSize('ZARA\nXL\nMade in Turkey')).toBe('XL');
    expect(findSize('L\n100% cotton')).toBe('L');
    expect(findSize('3XL')).toBe('XXXL');
    expect(findSize('Made in Morocco')).toBeNull();
  });

  it('reads French/EU numbers, waist/leg and shoe sizes', () => {
    expect(findSize('EUR 38 / UK 10 / US 6')).toBe('38');
    expect(findSize('T. 40')).toBe('40');
    expect(findSize('W32 L34')).toBe('W32 L34');
    expect(findSize('32W 30L')).toBe('W32 L30');
    expect(findSize('EU 43 UK 9 US 10')).toBe('EU 43');
    expect(findSize('Pointure 42')).toBe('EU 42');
    expect(findSize('Taille 60')).toBeNull(); // outside the 32–58 range
  });
});

describe('findComposition', () => {
  it('reads percent-material pairs in French and English', () => {
    expect(findComposition('80% coton 20% polyester')).toEqual([{ material: 'cotton', percent: 80 }, { material: 'polyester', percent: 20 }]);
    expect(findComposition('COMPOSITION: 95 % COTTON, 5 % ELASTANE')).toEqual([{ material: 'cotton', percent: 95 }, { material: 'elastane', percent: 5 }]);
    expect(findComposition('Viscose 100%')).toEqual([{ material: 'viscose', percent: 100 }]);
  });

  it('keeps the first group reaching 100 % (main fabric, not the lining or the translations)', () => {
    const text = 'EXTÉRIEUR 60% LAINE 40% POLYAMIDE\n60% WOOL 40% POLYAMIDE\nDOUBLURE 100% POLYESTER';
    expect(findComposition(text)).toEqual([{ material: 'wool', percent: 60 }, { material: 'polyamide', percent: 40 }]);
  });

  it('tolerates OCR slips in material words and O for 0', () => {
    expect(findComposition('10O% COTTQN')).toEqual([{ material: 'cotton', percent: 100 }]);
    expect(findComposition('no fabric here, 20% off')).toBeNull();
  });
});

describe('parseLabelText', () => {
  it('puts the three together', () => {
    expect(parseLabelText('TOMMY HILFIGER\nM\n100% COTON')).toEqual({ brand: 'Tommy Hilfiger', size: 'M', composition: [{ material: 'cotton', percent: 100 }] });
  });
});
