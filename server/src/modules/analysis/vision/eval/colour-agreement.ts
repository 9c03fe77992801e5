// Scoring a predicted colour against a human label: exact, near miss (neighbouring names a careful person
// could also pick: navy/black, beige/white…), or plain miss. Pure, shared by eval:vision and its tests.
import { findColour } from '@vintedbot/catalog';

// Pink shades are one colour for scoring: the labels say "Rose (pink)" for both Vinted's Rose and Fuchsia.
const SAME: Record<string, string> = { light_pink: 'pink', cream: 'white', light_blue: 'blue', dark_green: 'green', mustard: 'yellow', lilac: 'purple', turquoise: 'blue', coral: 'red', silver: 'grey' };
const canon = (key: string) => SAME[key] ?? key;

export const NEAR_MISSES: readonly [string, string][] = [
  ['navy', 'black'], ['navy', 'blue'], ['beige', 'white'], ['beige', 'brown'], ['beige', 'grey'], ['grey', 'white'], ['grey', 'black'],
  ['red', 'burgundy'], ['red', 'pink'], ['red', 'orange'], ['pink', 'purple'], ['khaki', 'green'], ['khaki', 'brown'], ['khaki', 'beige'],
  ['khaki', 'grey'], ['yellow', 'beige'], ['yellow', 'khaki'], ['yellow', 'orange'], ['orange', 'brown'], ['purple', 'navy'],
  ['burgundy', 'brown'], ['burgundy', 'purple'], ['brown', 'black'],
];
const NEAR = new Set(NEAR_MISSES.flatMap(([a, b]) => [`${a}|${b}`, `${b}|${a}`]));

/** A label such as "Bleu marine (navy)" or "navy" → our canonical colour key, or null. */
export function colourKeyOfLabel(label: string): string | null {
  const french = label.replace(/\s*\(.*\)\s*$/, '');
  const c = findColour(french) ?? findColour(label);
  return c ? canon(c.key) : null;
}

export type Agreement = 'exact' | 'near' | 'miss';

export interface ColourTruth { colour: string; second: string | null; confidence: string; note: string }

/**
 * Exact when the names agree. Near when they are neighbours, when the prediction is the labelled second colour,
 * or, on a low-confidence label, when the prediction is a term its note names as plausible.
 */
export function scoreColour(predicted: string, truth: ColourTruth): Agreement {
  const p = canon(predicted);
  const t = colourKeyOfLabel(truth.colour);
  if (p === t) return 'exact';
  if (t && NEAR.has(`${p}|${t}`)) return 'near';
  if (truth.second && colourKeyOfLabel(truth.second) === p) return 'near';
  if (truth.confidence === 'low') {
    if (coloursNamedIn(truth.note).includes(p)) return 'near';
  }
  return 'miss';
}

/** Colour terms a note names, read word by word ("Rose or Gris plausible", "Bleu marine or Gris plausible"). */
export function coloursNamedIn(note: string): string[] {
  const words = note.split(/[^\p{L}]+/u).filter(Boolean);
  const found: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const pair = i + 1 < words.length ? colourKeyOfLabel(`${words[i]} ${words[i + 1]}`) : null;
    const key = pair ?? colourKeyOfLabel(words[i]);
    if (key) found.push(key);
    if (pair) i++;
  }
  return found;
}
