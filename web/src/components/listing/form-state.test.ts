import { describe, expect, it } from 'vitest';
import type { Schemas } from '../../api/client.ts';
import { changedFields, formFromItem, type ListingFormState, parseEuros, parseHashtags, parseList, priceText } from './form-state.ts';

// The listing form's state: what the seller sees in the boxes for a stored item, and the PATCH body a save sends
// (only what changed, typed the way the API wants it). Pure functions, tested on an item shaped like the API's.

const item: Schemas['Item'] = {
  id: '01900000-0000-7000-8000-000000000001', title: 'Pull Ralph Lauren laine bleu marine M', description: 'Pull en laine, très bon état.',
  brand: 'Ralph Lauren', category: 'jumper', size: 'M', condition: 'very_good', colors: ['navy', 'white'], material: '100 % laine', gender: 'men',
  keywords: ['pull', 'laine'], hashtags: ['ralphlauren', '#vintage'], price: 32.9, price_suggestion: null, price_history: [], status: 'draft',
  listed_at: null, sold_at: null, sold_price: null, archived_at: null, possible_duplicate: false, duplicate_of: [], estimated_sale_score: null,
  flags: { publish_ready: true, missing_fields: [], warnings: [] }, photos: [], vinted: { listing_id: null, url: null, price: null, price_pending: false }, auto_drop: false, auto_drop_chosen: false, price_target: null, drop_rate: null,
  floor: null, publish_opt_in: false, purchase_cost: null, acquired_at: null, source: null, sku: null, storage_location: null, demo: false, created_at: '2026-03-14T10:00:00.000Z', updated_at: '2026-03-14T10:00:00.000Z',
};

const edit = (patch: Partial<ListingFormState>, lang: 'fr' | 'en' = 'fr') => {
  const before = formFromItem(item, lang);
  return changedFields({ ...before, ...patch }, before);
};

describe('formFromItem: what the boxes show', () => {
  it('shows a stored item as text, prices the French or English way, unknowns as empty boxes', () => {
    expect(formFromItem(item)).toEqual({
      title: item.title, description: item.description, brand: 'Ralph Lauren', category: 'jumper', size: 'M', condition: 'very_good', gender: 'men',
      colors: ['navy', 'white'], material: '100 % laine', keywords: 'pull, laine', hashtags: '#ralphlauren #vintage', price: '32,90', sold_price: '',
    });
    expect(formFromItem(item, 'en').price).toBe('32.90');
    const bare = formFromItem({ ...item, brand: null, category: null, size: null, condition: null, gender: null, material: null, keywords: [], hashtags: [], price: null });
    expect(bare).toMatchObject({ brand: '', category: '', size: '', condition: '', gender: '', material: '', keywords: '', hashtags: '', price: '' });
  });

  it('keeps the form apart from the item: editing the colours box does not touch the item', () => {
    const f = formFromItem(item);
    f.colors.push('red');
    expect(item.colors).toEqual(['navy', 'white']);
  });

  it('writes whole euros without decimals and cents with two', () => {
    expect([priceText(12), priceText(12.5), priceText(12.5, 'en'), priceText(null), priceText(undefined)]).toEqual(['12', '12,50', '12.50', '', '']);
  });
});

describe('changedFields: the PATCH a save sends', () => {
  it('sends nothing when nothing changed, whatever the language', () => {
    expect(edit({})).toEqual({});
    expect(edit({}, 'en')).toEqual({});
  });

  it('sends only the fields the seller changed, as the API types them', () => {
    expect(edit({ title: '  Pull Ralph Lauren laine marine  ' })).toEqual({ title: 'Pull Ralph Lauren laine marine' });
    expect(edit({ price: '29,50' })).toEqual({ price: 29.5 });
    expect(edit({ price: '29.5' }, 'en')).toEqual({ price: 29.5 });
    expect(edit({ price: '1 200' })).toEqual({ price: 1200 });
    expect(edit({ sold_price: '30' })).toEqual({ sold_price: 30 });
    expect(edit({ colors: ['navy'] })).toEqual({ colors: ['navy'] });
    expect(edit({ keywords: 'pull, laine, , hiver ' })).toEqual({ keywords: ['pull', 'laine', 'hiver'] });
    expect(edit({ hashtags: '#ralphlauren ##vintage, hiver' })).toEqual({ hashtags: ['ralphlauren', 'vintage', 'hiver'] });
  });

  it('clears a field emptied by the seller (null), and sees no change in spaces around a word', () => {
    expect(edit({ brand: '   ', size: '', price: '' })).toEqual({ brand: null, size: null, price: null });
    expect(edit({ brand: ' Ralph Lauren ', price: '32,90 ' })).toEqual({});
    expect(edit({ condition: '', gender: '' })).toEqual({ condition: null, gender: null });
  });

  it('sends a price it cannot read as typed, so the API names the field instead of the price being wiped', () => {
    const patch = edit({ price: '3O,5' });
    expect(patch).toEqual({ price: '3O,5' });
    // What goes over the wire: not null (which would clear the price).
    expect(JSON.parse(JSON.stringify(patch))).toEqual({ price: '3O,5' });
    // Typed into an empty price box, it is still a change to send.
    const empty = formFromItem({ ...item, price: null });
    expect(changedFields({ ...empty, price: 'douze' }, empty)).toEqual({ price: 'douze' });
  });
});

describe('the parsers behind it', () => {
  it('reads euros in French and English writing', () => {
    expect([parseEuros('12,50'), parseEuros(' 12.5 '), parseEuros(''), parseEuros('  ')]).toEqual([12.5, 12.5, null, null]);
    expect(parseEuros('douze')).toBeNaN();
  });

  it('splits keyword lists and hashtags', () => {
    expect(parseList(' a, b ,,c ')).toEqual(['a', 'b', 'c']);
    expect(parseHashtags('#a ##b,c  #')).toEqual(['a', 'b', 'c']);
  });
});
