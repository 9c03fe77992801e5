// Label and detail close-ups share little with the full-garment shots (a care label looks like every other care
// label), so pixels cannot place them. The camera roll can: a close-up belongs to the garment shot just before or
// just after it. Which one: the nearer in time when capture times say so clearly, else the one whose colour the
// fabric around the label matches clearly better, else the one before (sellers shoot the label last).
import { colourSimilarity, type PhotoSignals } from './photo-signals.ts';

export interface Neighbour { group: number; photos: PhotoSignals[]; gapMs: number | null }

export interface Attachment {
  group: number;
  rule: 'only_neighbour' | 'nearer_in_time' | 'colour_match' | 'shot_after_garment';
  evidence: Record<string, number | null>;
}

const TIME_RATIO = 2;
const COLOUR_MARGIN = 0.15;

export function attachCloseUp(closeUp: PhotoSignals, before: Neighbour | null, after: Neighbour | null): Attachment | null {
  if (!before && !after) return null;
  if (!before || !after) return { group: (before ?? after)!.group, rule: 'only_neighbour', evidence: {} };
  const gb = before.gapMs, ga = after.gapMs;
  if (gb !== null && ga !== null && Math.max(gb, ga) >= TIME_RATIO * Math.max(1000, Math.min(gb, ga))) {
    const pick = gb <= ga ? before : after;
    return { group: pick.group, rule: 'nearer_in_time', evidence: { gap_before_s: round(gb / 1000), gap_after_s: round(ga / 1000) } };
  }
  const cb = bestColour(closeUp, before.photos), ca = bestColour(closeUp, after.photos);
  if (Math.abs(cb - ca) >= COLOUR_MARGIN) {
    return { group: cb > ca ? before.group : after.group, rule: 'colour_match', evidence: { colour_before: round(cb), colour_after: round(ca) } };
  }
  return { group: before.group, rule: 'shot_after_garment', evidence: { colour_before: round(cb), colour_after: round(ca), gap_before_s: gb === null ? null : round(gb / 1000), gap_after_s: ga === null ? null : round(ga / 1000) } };
}

/** The fabric around a label is the garment's: the close-up's border colours against each garment shot's colours. */
export function bestColour(p: PhotoSignals, group: PhotoSignals[]): number {
  let best = 0;
  for (const q of group) best = Math.max(best, colourSimilarity(p.surround, q.colour), colourSimilarity(p.surround, q.colourBalanced));
  return best;
}

const round = (x: number) => Math.round(x * 100) / 100;
