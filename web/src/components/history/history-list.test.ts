import { describe, expect, test } from 'vitest';
import { DICTIONARIES } from '../../i18n/dictionaries.ts';
import type { Lang } from '../../i18n/types.ts';
import { changeLines } from './history-list.tsx';

const words = (lang: Lang) => {
  const eur = new Intl.NumberFormat(lang === 'fr' ? 'fr-FR' : 'en-GB', { style: 'currency', currency: 'EUR' });
  return { t: DICTIONARIES[lang], lang, money: (v: number | null | undefined) => (v === null || v === undefined ? '–' : eur.format(v)) };
};
const sp = (s: string) => s.replace(/[\u00a0\u202f]/g, ' ');

describe('history change lines', () => {
  test('categories, colours, genders and lists read in the seller’s words, in French and in English', () => {
    const changes = {
      category: { from: 't-shirt', to: 'shirt' },
      colors: { from: ['black'], to: ['black', 'navy'] },
      gender: { from: null, to: 'men' },
      material: { from: null, to: 'coton' },
      keywords: { from: [], to: ['vintage', 'été'] },
      hashtags: { from: ['levis'], to: ['levis', 'jean'] },
    };
    expect(changeLines(changes, words('fr'))).toEqual([
      'catégorie : T-shirt → Chemise',
      'couleurs : Noir → Noir, Marine',
      'genre : – → Homme',
      'matière : – → coton',
      'mots-clés : – → vintage, été',
      'hashtags : levis → levis, jean',
    ]);
    expect(changeLines(changes, words('en'))).toEqual([
      'category: T-shirt → Shirt',
      'colours: Black → Black, Navy',
      'gender: – → Men',
      'material: – → coton',
      'keywords: – → vintage, été',
      'hashtags: levis → levis, jean',
    ]);
    // "category : – → jacket" was the raw key.
    expect(changeLines({ category: { from: null, to: 'jacket' } }, words('fr'))).toEqual(['catégorie : – → Veste']);
  });

  test('prices, statuses, conditions and the other fields the server records', () => {
    expect(changeLines({
      price: { from: 30, to: 27 }, status: { from: 'draft', to: 'listed' }, condition: { from: 'good', to: 'very_good' },
      photos: { from: ['a'], to: ['a', 'b'] }, auto_drop: { from: true, to: false }, drop_rate: { from: null, to: 0.05 },
    }, words('fr')).map(sp)).toEqual([
      'prix : 30,00 € → 27,00 €', 'statut : Brouillon → En vente', 'état : Bon état → Très bon état',
      'photos : 1 → 2', 'baisse automatique : Oui → Non', 'baisse par jour : – → 5 %',
    ]);
    // An order shipped: the sale's status word, the carrier and the tracking number labelled.
    expect(changeLines({ status: { from: null, to: 'shipped' }, carrier: { from: null, to: 'Mondial Relay' }, tracking_number: { from: null, to: 'XY12' } }, words('en')))
      .toEqual(['status: – → Shipped', 'carrier: – → Mondial Relay', 'tracking number: – → XY12']);
  });

  test('an unknown field or value still reads: its key, the raw value, a long text shortened', () => {
    expect(changeLines({ mystery: { from: 'a', to: 'b' }, category: { from: null, to: 'spaceship' } }, words('fr')))
      .toEqual(['mystery : a → b', 'catégorie : – → spaceship']);
    const [line] = changeLines({ description: { from: '', to: 'x'.repeat(100) } }, words('en'));
    expect(line).toBe(`description: – → ${'x'.repeat(47)}…`);
  });
});
