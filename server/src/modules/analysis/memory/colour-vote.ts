// How the seller's memory corrects the colour the pixels read (issue 21 point 6; pure, the analyser and `npm run
// eval:memory` run this same code). Each remembered photo keeps the garment's measured main colour (CIELAB,
// photos' garmentLab) with the colour the seller confirmed. A new photo's measured colour is compared with them:
// the K nearest within reach vote for their confirmed colour, each weighted by exp(−(ΔE / SIGMA)²), so a garment
// that measures like the seller's confirmed blacks (a dark bluish grey on their floor, in their light) is called
// black even where the generic names say navy. The pixels' own reading votes too, with BETA: a lone confirmed
// photo at the same measured colour does not overrule it, two or more do; an empty or far memory changes nothing.
//
// The parameters are not fitted to labelled colours: clothing-train has none, and clothing-dev (which has them) is
// for measuring only. SIGMA 10 ΔE is the scale of one colour name's look in photos: the colour names' own
// prototypes (colour-names.ts, flat-lay appearances of each name) spread 5–21 ΔE around their centre, median 13;
// a confirmation says most about photos within that. (6 ΔE, the first choice, let four confirmed black garments
// under one blue lamp, 6–8 ΔE from the next one, count less than the pixels: the test photos, not dev, showed
// it.) REACH 3 × SIGMA cuts the negligible tail; BETA 1.5: one and a half identical confirmations.
import type { Lab } from '../../photos/index.ts';
import type { ColourStore } from './memory-index.ts';

export interface ColourVoteParams { k: number; sigma: number; reach: number; beta: number }
export const COLOUR_VOTE: ColourVoteParams = { k: 10, sigma: 10, reach: 30, beta: 1.5 };

export interface RememberedColour { lab: Lab; colour: string }

/** A colour store from a plain list (tests, and callers without an index). */
export function colourStoreOf(list: readonly RememberedColour[]): ColourStore {
  return { size: list.length, labs: Float32Array.from(list.flatMap((r) => r.lab)), colours: list.map((r) => r.colour) };
}

export interface ColourVerdict {
  /** The colour to put in the ad. */
  colour: string;
  /** 'memory' when the seller's confirmations changed what the pixels read, 'pixels' otherwise. */
  source: 'memory' | 'pixels';
  /** Remembered photos near this one that carry the chosen colour (the "3" of "like 3 of your items"). */
  count: number;
}

/** The seller's vote on a photo the pixels call `seen`, measured at `lab` (null lab: the pixels stand). */
export function voteColour(seen: string, lab: Lab | null, remembered: ColourStore, p: ColourVoteParams = COLOUR_VOTE): ColourVerdict {
  if (!lab) return { colour: seen, source: 'pixels', count: 0 };
  // The K nearest within reach, kept sorted on the way (K is small; the memory holds at most 20 k photos).
  const { labs, colours } = remembered;
  const nearD: number[] = [], nearC: string[] = [];
  const reach2 = p.reach * p.reach;
  for (let i = 0; i < remembered.size; i++) {
    const c = colours[i];
    if (!c) continue;
    const d0 = labs[i * 3] - lab[0], d1 = labs[i * 3 + 1] - lab[1], d2 = labs[i * 3 + 2] - lab[2];
    const d = d0 * d0 + d1 * d1 + d2 * d2;
    if (!(d <= reach2) || (nearD.length === p.k && d >= nearD[p.k - 1])) continue;
    let at = nearD.length < p.k ? nearD.length : p.k - 1;
    while (at > 0 && nearD[at - 1] > d) { nearD[at] = nearD[at - 1]; nearC[at] = nearC[at - 1]; at--; }
    nearD[at] = d; nearC[at] = c;
  }
  const score = new Map<string, number>([[seen, p.beta]]);
  for (let i = 0; i < nearD.length; i++) score.set(nearC[i], (score.get(nearC[i]) ?? 0) + Math.exp(-nearD[i] / (p.sigma * p.sigma)));
  let colour = seen;
  for (const [c, s] of score) if (s > score.get(colour)! || (s === score.get(colour)! && c !== seen && colour !== seen && c < colour)) colour = c;
  return { colour, source: colour === seen ? 'pixels' : 'memory', count: nearC.filter((c) => c === colour).length };
}
