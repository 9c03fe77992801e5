import { applyDefects } from '../defects.ts';
import { describe, expect, it } from 'vitest';
import { evaluateGates, findMarketingPhrases } from '../../listings/index.ts';
import { CATEGORIES, CONDITIONS, LANGUAGES, TONES } from '@vintedbot/catalog';
import { mergeFacts } from '../facts-merge.ts';
import { emptyFacts, type ListingFacts } from './listing-facts.ts';
import { cutAtWordBoundary } from './listing-title.ts';
import { writeListing } from './listing-writer.ts';

const EMOJI = /\p{Extended_Pictographic}/u;
const ralph: ListingFacts = {
  ...emptyFacts(), category: 'jacket', brand: 'Ralph Lauren', size: 'M', condition: 'very_good', colors: ['navy'], fibres: [{ fibre: 'cotton', percent: 100 }],
};

function expectWellFormed(w: ReturnType<typeof writeListing>) {
  expect(w.title.length).toBeLessThanOrEqual(70);
  expect(w.title.length).toBeGreaterThanOrEqual(5);
  expect(w.title).not.toMatch(/\.\.\.|…/);
  const lines = w.description.split('\n');
  expect(lines.length).toBeGreaterThanOrEqual(3);
  expect(lines.length).toBeLessThanOrEqual(8);
  expect(w.hashtags.length).toBeGreaterThanOrEqual(3);
  expect(w.hashtags.length).toBeLessThanOrEqual(5);
  expect(lines[lines.length - 1]).toBe(w.hashtags.map((h) => `#${h}`).join(' '));
  expect(lines.slice(0, -1).join('\n')).not.toContain('#');
  expect(EMOJI.test(w.title) || EMOJI.test(w.description)).toBe(false);
  expect(findMarketingPhrases(`${w.title}\n${w.description}`)).toEqual([]);
}

describe('listing writer', () => {
  it('writes the title in the order Catégorie Couleur Marque Taille – État', () => {
    expect(writeListing(ralph, 'pro', 'fr').title).toBe('Veste marine Ralph Lauren M – Très bon état');
    expect(writeListing({ ...ralph, category: 'dress', colors: ['black'], brand: 'Zara', size: '38', condition: 'good' }, 'pro', 'fr').title)
      .toBe('Robe noire Zara 38 – Bon état');
    expect(writeListing({ ...ralph, category: 'trainers', colors: ['white'], brand: 'Nike', size: 'EU 43', condition: 'new_with_tags' }, 'pro', 'fr').title)
      .toBe('Baskets blanches Nike EU 43 – Neuf avec étiquette');
    expect(writeListing(ralph, 'pro', 'en').title).toBe('Ralph Lauren navy jacket M – Very good condition');
    expect(writeListing({ ...ralph, brand: null }, 'pro', 'en').title).toBe('Navy jacket M – Very good condition');
    expect(writeListing(ralph, 'pro', 'es').title).toBe('Chaqueta azul marino Ralph Lauren M – Muy buen estado');
    expect(writeListing(ralph, 'pro', 'de').title).toBe('Jacke marineblau Ralph Lauren M – Sehr guter Zustand');
  });

  it('keeps titles within 70 characters, cut at a word boundary without an ellipsis', () => {
    const long = { ...ralph, brand: 'Comptoir des Cotonniers Édition Limitée Atelier Parisien', size: 'W32 L34', category: 'hoodie' };
    const w = writeListing(long, 'pro', 'fr');
    expect(w.title.length).toBeLessThanOrEqual(70);
    expect(w.title.startsWith('Sweat à capuche marine Comptoir des Cotonniers')).toBe(true);
    expect(`Sweat à capuche marine ${long.brand} ${long.size}`.startsWith(w.title)).toBe(true);
    expect(w.title).not.toMatch(/[\s–-]$/);
    expect(cutAtWordBoundary('Pull marine Ralph Lauren M – Très bon état', 30)).toBe('Pull marine Ralph Lauren M');
    expect(cutAtWordBoundary('un deux trois', 8)).toBe('un deux');
    expect(cutAtWordBoundary('court', 70)).toBe('court');
  });

  it('writes every tone in every language within the rules', () => {
    const seen = new Set<string>();
    for (const lang of LANGUAGES) {
      for (const tone of TONES) {
        const w = writeListing(ralph, tone, lang);
        expectWellFormed(w);
        expect(w.language).toBe(lang);
        seen.add(w.description);
      }
    }
    expect(seen.size).toBe(LANGUAGES.length * TONES.length);
  });

  it('reads like the seed in the "fluide" tone and like a person in "amical"', () => {
    const fluide = writeListing(ralph, 'fluide', 'fr').description.split('\n');
    expect(fluide[0]).toBe('Veste en coton Ralph Lauren, coloris marine, très bon état.');
    expect(fluide).toContain('Prête à porter !');
    const amical = writeListing(ralph, 'amical', 'fr').description;
    expect(amical).toContain('Je vends cette veste en coton Ralph Lauren');
    expect(amical).toContain('Elle est en très bon état.');
    const pro = writeListing(ralph, 'pro', 'fr').description;
    expect(pro).toContain('Composition : 100 % coton.');
    expect(pro).toContain('Envoi soigné sous 48 h.');
  });

  it('leaves what is not known out of the buyer\'s text instead of inventing it or saying so', () => {
    const w = writeListing({ ...ralph, brand: null, size: null }, 'pro', 'fr');
    expect(w.description).not.toMatch(/taille|marque|non visible/i);
    expect(w.title).toBe('Veste marine – Très bon état');
    expect(writeListing({ ...ralph, size: null }, 'pro', 'en').description).not.toMatch(/size|not visible/i);
    for (const tone of ['pro', 'amical', 'fluide'] as const) {
      for (const lang of ['fr', 'en', 'es', 'de'] as const) {
        const d = writeListing({ ...ralph, brand: null, size: null, condition: null }, tone, lang).description;
        expect(d, `${tone} ${lang}`).not.toMatch(/non visible|non précisé|not visible|not specified|no visible|no indicado|nicht sichtbar|nicht angegeben/i);
      }
    }
    const gates = evaluateGates({ title: w.title, description: w.description, hashtags: w.hashtags, brand: null, size: null, condition: 'very_good', category: 'jacket', price_cents: 2000, photo_count: 3 });
    expect(gates.missing_fields).toEqual(['missing_size', 'missing_brand']);
  });

  it('never passes on emoji or marketing phrases from the seller or a model', () => {
    const noisy = mergeFacts(
      { category: 'jumper', brand: null, size: null, condition: null, colors: ['red'], materials: [], details: ['Magnifique col roulé', 'col roulé 🔥'], defects: [{ type: 'hole', severity: 'minor', photo: null, location: 'le coude 😢' }], label_text: null },
      { brand: 'Zara', size: 'S', category: null, condition: 'good', notes: 'Pull idéal pour l’hiver ✨, longueur 60 cm. Style tendance et casual chic ! Lavé une fois' },
      'fr',
    );
    for (const tone of TONES) {
      const w = writeListing(applyDefects(noisy, 'fr').facts, tone, 'fr');
      expectWellFormed(w);
      expect(w.description).toContain('Mesures : longueur 60 cm.');
      expect(w.description).toContain('petit trou sur le coude');
      expect(w.description).toContain('Lavé une fois');
    }
  });

  it('uses "vintage", "rare" or "collection" only when the seller or the label says so', () => {
    const plain = writeListing(ralph, 'pro', 'fr');
    expect(`${plain.description} ${plain.keywords.join(' ')}`).not.toMatch(/vintage|rare|collection/i);
    const said = mergeFacts(
      { category: 'jacket', brand: 'Ralph Lauren', size: 'M', condition: null, colors: ['navy'], materials: [], details: [], defects: [], label_text: null },
      { brand: null, size: null, category: null, condition: 'good', notes: 'veste vintage des années 90' }, 'fr',
    );
    expect(said.style_words).toEqual(['vintage']);
    const w = writeListing(said, 'pro', 'fr');
    expect(w.keywords).toContain('vintage');
    expect(w.hashtags).toContain('vintage');
    const byModel = mergeFacts(
      { category: 'jacket', brand: null, size: null, condition: null, colors: [], materials: [], details: ['style vintage'], defects: [], label_text: 'RARE COLLECTION' },
      { brand: null, size: null, category: null, condition: null, notes: null }, 'fr',
    );
    expect(byModel.style_words).toEqual(['rare', 'collection']);
  });

  it('builds SEO keywords from what is known only', () => {
    const w = writeListing(ralph, 'pro', 'fr');
    expect(w.keywords).toEqual(expect.arrayContaining(['ralph lauren', 'veste', 'veste ralph lauren', 'marine', 'coton', 'taille m']));
    const bare = writeListing({ ...emptyFacts(), colors: ['black'] }, 'pro', 'fr');
    expect(bare.keywords).toEqual(['noir']);
    expectWellFormed(bare);
  });

  it('stays within the rules for every category and condition, known or not', () => {
    for (const cat of [...CATEGORIES.map((c) => c.key), null]) {
      for (const condition of [...CONDITIONS, null]) {
        for (const lang of LANGUAGES) {
          const facts = { ...ralph, category: cat, condition, colors: ['light_pink', 'grey'] };
          expectWellFormed(writeListing(facts, 'amical', lang));
          expectWellFormed(writeListing({ ...facts, brand: null, size: null, fibres: [] }, 'fluide', lang));
        }
      }
    }
  });
});
