import { describe, expect, it } from 'vitest';
import type { Lab } from '../../photos/index.ts';
import { COLOUR_VOTE, colourStoreOf, type RememberedColour, voteColour as vote } from './colour-vote.ts';
import { runPrequential } from './prequential.ts';

// The colour vote on made-up measured colours: a seller whose black garments measure as a dark bluish grey on
// their floor (which the generic names call navy).
const THEIR_BLACK: Lab = [22, 1, -9];
const near = (lab: Lab, d: number): Lab => [lab[0] + d, lab[1], lab[2]];
const voteColour = (seen: string, lab: Lab | null, list: RememberedColour[]) => vote(seen, lab, colourStoreOf(list));
const confirmed = (n: number, lab: Lab, colour: string) => Array.from({ length: n }, (_, i) => ({ lab: near(lab, i * 0.5), colour }));

describe("seller's memory: colour vote", () => {
  it('leaves the pixels alone with no confirmations, one, or far ones', () => {
    expect(voteColour('navy', THEIR_BLACK, [])).toEqual({ colour: 'navy', source: 'pixels', count: 0 });
    expect(voteColour('navy', THEIR_BLACK, confirmed(1, THEIR_BLACK, 'black')).source).toBe('pixels');
    expect(voteColour('navy', THEIR_BLACK, confirmed(5, [60, 1, -9], 'black')).source).toBe('pixels');
    expect(voteColour('navy', null, confirmed(5, THEIR_BLACK, 'black')).source).toBe('pixels');
  });

  it('follows the colour the seller confirmed on garments that measured alike', () => {
    expect(voteColour('navy', near(THEIR_BLACK, 1), confirmed(3, THEIR_BLACK, 'black'))).toEqual({ colour: 'black', source: 'memory', count: 3 });
    // Confirmed navies measured at the same place keep it navy: the seller said both, the pixels break the tie.
    const mixed = [...confirmed(3, THEIR_BLACK, 'black'), ...confirmed(3, THEIR_BLACK, 'navy')];
    expect(voteColour('navy', THEIR_BLACK, mixed).colour).toBe('navy');
    // Only the k nearest vote.
    const many = [...confirmed(COLOUR_VOTE.k, THEIR_BLACK, 'navy'), ...confirmed(20, near(THEIR_BLACK, 12), 'black')];
    expect(voteColour('navy', THEIR_BLACK, many)).toMatchObject({ colour: 'navy', count: COLOUR_VOTE.k });
  });

  it('is counted exact and near apart, block by block, in the prequential protocol', () => {
    const stream = Array.from({ length: 60 }, (_, i) => ({
      id: `p${i}`, vector: new Float32Array(128).fill(0).map((_, j) => (j === 0 ? 1 : 0)), category: 't-shirt',
      generic: [{ category: 't-shirt', score: 1 }], seenColour: 'navy', colour: 'black', lab: near(THEIR_BLACK, (i % 5) * 0.3),
    }));
    const verdict = (predicted: string) => (predicted === 'black' ? 'exact' as const : 'near' as const);
    const { colours } = runPrequential(stream, { colourVerdict: verdict });
    expect(colours.map((c) => [c.name, c.n, c.generic.exact, c.generic.near])).toEqual([['first 50', 50, 0, 50], ['50–150', 10, 0, 10]]);
    // One confirmation is not enough against the pixels' reading, two are (beta 1.5): the third photo onwards.
    expect(colours[0].memory).toEqual({ exact: 48, near: 2, miss: 0 });
    expect(colours[1].memory.exact).toBe(10);
  });
});
