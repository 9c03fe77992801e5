import { describe, expect, it } from 'vitest';
import { vintedCatalogId } from './categories.ts';
import { genderInText, parseGender } from './genders.ts';

describe('who a garment is for', () => {
  it('reads a value a seller typed, in French or English, and refuses anything else', () => {
    expect(['Homme', 'men', "Men's", 'H', ' masculin '].map(parseGender)).toEqual(['men', 'men', 'men', 'men', 'men']);
    expect(['Femme', 'WOMEN', 'f', 'Dames'].map(parseGender)).toEqual(['women', 'women', 'women', 'women']);
    expect(['enfant', 'Kids', 'fille', 'Garçon'].map(parseGender)).toEqual(['kids', 'kids', 'kids', 'kids']);
    expect(['unisexe', 'mixte', 'xl', 'homme femme', ''].map(parseGender)).toEqual([null, null, null, null, null]);
  });

  it('finds one gender in a free text, and none when the text names two', () => {
    expect(genderInText('Sweat Nike homme, porté deux fois')).toBe('men');
    expect(genderInText('sweat-nike-femme-M-1.jpg'.replace(/[-_.]/g, ' '))).toBe('women');
    expect(genderInText('ZARA KIDS\n8 ANS / 128 CM')).toBe('kids');
    // An age reads as a kids' size on a label, not in a seller's notes.
    expect(genderInText('Taille 12 ans', { ages: true })).toBe('kids');
    expect(genderInText('acheté il y a 2 ans, peu porté')).toBeNull();
    expect(genderInText('HOMME / FEMME 100% COTON')).toBeNull();
    // Words only: "Mango", "menthe" or "Romane" hold no gender.
    expect(genderInText('MANGO, couleur menthe, vendu par Romane')).toBeNull();
    expect(genderInText(null)).toBeNull();
  });

  it("picks the Vinted leaf by gender, and no leaf for kids rather than a women's one", () => {
    expect(vintedCatalogId('hoodie', 'men')).toBe(267);
    expect(vintedCatalogId('hoodie', 'women')).toBe(196);
    expect(vintedCatalogId('hoodie', null)).toBe(196);
    // A category Vinted has only for women stays there whatever the gender says.
    expect(vintedCatalogId('dress', 'men')).toBe(10);
    expect(vintedCatalogId('t-shirt', 'kids')).toBeNull();
  });
});
