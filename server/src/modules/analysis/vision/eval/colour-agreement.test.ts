import { describe, expect, it } from 'vitest';
import { colourKeyOfLabel, coloursNamedIn, scoreColour } from './colour-agreement.ts';

const truth = (colour: string, extra: Partial<{ second: string; confidence: string; note: string }> = {}) =>
  ({ colour, second: extra.second ?? null, confidence: extra.confidence ?? 'high', note: extra.note ?? '' });

describe('colour agreement', () => {
  it('reads the datasets’ "French (English)" labels', () => {
    expect(colourKeyOfLabel('Bleu marine (navy)')).toBe('navy');
    expect(colourKeyOfLabel('Rose (pink)')).toBe('pink');
    expect(colourKeyOfLabel('Multicolore (multicolour)')).toBe('multi');
  });

  it('scores exact, near and plain misses', () => {
    expect(scoreColour('navy', truth('Bleu marine (navy)'))).toBe('exact');
    expect(scoreColour('light_pink', truth('Rose (pink)'))).toBe('exact');
    expect(scoreColour('black', truth('Bleu marine (navy)'))).toBe('near');
    expect(scoreColour('beige', truth('Blanc (white)'))).toBe('near');
    expect(scoreColour('white', truth('Noir (black)', { second: 'Blanc (white)' }))).toBe('near');
    expect(scoreColour('orange', truth('Rouge (red)', { confidence: 'low', note: 'brick red; Rose or Orange plausible' }))).toBe('near');
    expect(scoreColour('green', truth('Rouge (red)'))).toBe('miss');
    expect(scoreColour('yellow', truth('Bleu (blue)', { confidence: 'low', note: 'Rose or Orange plausible' }))).toBe('miss');
    expect(scoreColour('grey', truth('Violet (purple)', { confidence: 'low', note: 'dusty mauve/lilac suede; Rose or Gris plausible' }))).toBe('near');
    expect(scoreColour('grey', truth('Violet (purple)', { confidence: 'medium', note: 'Rose or Gris possible' }))).toBe('miss');
  });

  it('reads every colour term of a note, two-word names included', () => {
    expect(coloursNamedIn('dark purple-grey velour; Bleu marine or Gris plausible')).toEqual(expect.arrayContaining(['navy', 'grey']));
    expect(coloursNamedIn('navy or black in this light')).toEqual(['navy', 'black']);
  });
});
