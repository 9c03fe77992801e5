import { describe, expect, it } from 'vitest';
import { nameColour } from './colour-names.ts';
import type { Lab } from './colour-space.ts';

describe('nameColour on muted fabric colours', () => {
  it('keeps a visible tint: dusty pink, lilac and washed denim are not beige or grey', () => {
    expect(nameColour([63, 13, 15] as Lab)).toBe('light_pink'); // dusty pink cap
    expect(nameColour([57, 10, -2] as Lab)).toBe('purple'); // lilac
    expect(nameColour([53, -2, -10] as Lab)).toBe('blue'); // chambray
    expect(nameColour([36, 5, -8] as Lab)).toBe('navy'); // navy heather in room light
  });

  it('leaves neutrals, taupe and tan where they were', () => {
    expect(nameColour([60, 0, -3] as Lab)).toBe('grey'); // grey in cool light
    expect(nameColour([44, -1, -4] as Lab)).toBe('grey'); // charcoal with a blue cast
    expect(nameColour([58, 7, 3] as Lab)).not.toBe('light_pink'); // taupe
    expect(nameColour([65, 16, 26] as Lab)).not.toBe('light_pink'); // camel
    expect(nameColour([73, 2, 16] as Lab)).toBe('beige');
  });
});
