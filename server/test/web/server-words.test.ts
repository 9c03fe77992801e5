import { CONDITIONS } from '@vintedbot/catalog';
import { describe, expect, test } from 'vitest';
import { justificationText, scoreDetailText } from '../../../web/src/lib/server-words.ts';
import { defectPrice } from '../../src/modules/analysis/defects.ts';
import { saleScore } from '../../src/modules/analysis/sale-score.ts';
import { suggestPrice } from '../../src/modules/pricing/price-suggestion.ts';

// The web app says the server's French sentences again in the seller's language (web/src/lib/server-words.ts): run
// the server's own functions over many inputs so a change of their wording cannot slip past the reader unnoticed.
const ENGLISH_ONLY = /[éèêàçù]|\b(?:marque|état|arrondi|fourchette|base de|qualité|demande|mois|toute saison|prix)\b/;

describe('server sentences in the seller’s language', () => {
  test('every price justification is read, with French decimal commas in French and English words in English', () => {
    const brands = [null, 'Ralph Lauren', 'Zara', 'Gucci', 'Marque Inconnue SARL', 'Nike'];
    for (const category of [null, 'jumper', 'jeans', 't-shirt', 'coat', 'trainers']) {
      for (const brand of brands) {
        for (const condition of [null, ...CONDITIONS]) {
          const s = suggestPrice({ category, brand, condition });
          const fr = justificationText(s.justification, 'fr');
          const en = justificationText(s.justification, 'en');
          expect(fr, s.justification).not.toBeNull();
          expect(en, s.justification).not.toBeNull();
          expect(fr!).not.toMatch(/\d\.\d/);
          expect(en!.replace(brand ?? '\u0000', '')).not.toMatch(ENGLISH_ONLY);
        }
      }
    }
    const s = suggestPrice({ category: 'jumper', brand: 'Ralph Lauren', condition: 'very_good' });
    expect(justificationText(s.justification, 'fr')).toMatch(/^Pull : base \d+\s€ × Ralph Lauren \(premium\) ×2,2 × Très bon état ×[\d,]+ = \d+(,\d\d)?\s€, arrondi psychologique \d+(,\d\d)?\s€ ; fourchette/);
    expect(justificationText(s.justification, 'en')).toMatch(/^Jumper: base €\d+ × Ralph Lauren \(premium\) ×2\.2 × Very good ×[\d.]+ = €\d+(\.\d\d)?, rounded to €/);
    // With the defects the analysis read or the seller ticked (modules/analysis/defects.ts writes their part).
    const stained = suggestPrice({ category: 'jumper', brand: 'Zara', condition: 'good', defects: defectPrice([{ type: 'stain', severity: 'major', photo: 2, location: null }, { type: 'hole', severity: 'minor', photo: null, location: null }]) });
    expect(justificationText(stained.justification, 'fr')).toMatch(/× Bon état ×[\d,]+ × 2 défauts ×0,\d+ = /);
    expect(justificationText(stained.justification, 'en')).toMatch(/× Good ×[\d.]+ × 2 defects ×0\.\d+ = €/);
    expect(justificationText(stained.justification, 'en')).not.toMatch(ENGLISH_ONLY);
    // Text of no known shape (an import, the seller's own words) is not touched.
    expect(justificationText('Prix vu sur Vinted pour le même modèle', 'en')).toBeNull();
  });

  test('every sale score detail is read', () => {
    for (const brandTier of [null, 'luxury', 'mid', 'fast_fashion'] as const) {
      for (const condition of [null, ...CONDITIONS]) {
        for (const [category, month] of [[null, 1], ['coat', 1], ['t-shirt', 7], ['jacket', 4], ['jeans', 10]] as const) {
          for (const photoCount of [0, 1, 2, 5]) {
            const r = saleScore({ brandTier, brandKnown: brandTier === null && photoCount === 2, priceCents: photoCount ? 2000 : null, referenceCents: 1990, condition, category, month, photoQualities: photoCount === 1 ? [] : [62], photoCount });
            for (const f of r.breakdown) {
              expect(scoreDetailText(f.factor, f.detail, 'fr'), `${f.factor}: ${f.detail}`).not.toBeNull();
              const en = scoreDetailText(f.factor, f.detail, 'en');
              expect(en, `${f.factor}: ${f.detail}`).not.toBeNull();
              expect(en!).not.toMatch(ENGLISH_ONLY);
            }
          }
        }
      }
    }
  });
});

describe('the publication notice', () => {
  test('is in both languages for the version the server asks the seller to accept, the English one word for word', async () => {
    const { TERMS_NOTICE, TERMS_NOTICE_VERSION } = await import('../../src/modules/vinted/vinted-facts.ts');
    const { DICTIONARIES } = await import('../../../web/src/i18n/dictionaries.ts');
    expect(DICTIONARIES.en.vinted.settings.termsNotice[TERMS_NOTICE_VERSION]).toBe(TERMS_NOTICE);
    const fr = DICTIONARIES.fr.vinted.settings.termsNotice[TERMS_NOTICE_VERSION];
    expect(fr).toMatch(/conditions d’utilisation de Vinted/);
    expect(fr).toMatch(/à vos risques/);
  });
});
