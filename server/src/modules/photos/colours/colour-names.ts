// Naming a measured colour with Vinted's vocabulary. Photos of fabric are never the reference hex of a
// colour: black is a dark grey under room light, navy is a dark slate, denim is a greyish blue. So each name
// has several prototypes taken from how that colour actually looks in flat-lay photos, and a colour takes
// the name of its nearest prototype (CIE94, which forgives chroma differences on strongly coloured fabric).
import { type Lab, cie94, hexToLab } from './colour-space.ts';

/** The colour keys the analyser emits (a subset of colours.ts, the ones a photo can tell apart). */
export type ColourKey =
  | 'black' | 'white' | 'grey' | 'beige' | 'brown' | 'blue' | 'navy' | 'red' | 'burgundy'
  | 'pink' | 'light_pink' | 'purple' | 'green' | 'khaki' | 'yellow' | 'orange';

const PROTOTYPES: Record<ColourKey, string[]> = {
  black: ['000000', '141414', '1e1e1e', '262626', '24272c', '2c2a28', '303030'],
  grey: ['4a4a4a', '5e5e5e', '737373', '8a8a8a', 'a3a3a3', 'b8b8b8', '6b7075', '8c9196', 'a8a49f'],
  white: ['ffffff', 'f4f4f4', 'e8e8e8', 'dcdcdc', 'eeebe4', 'e4e7ec', 'd6d3cc'],
  // Camel and tan (the last two) are Beige on Vinted; without them a light camel sat nearer a saturated orange.
  beige: ['f4e0c8', 'e6d3b3', 'd9c3a5', 'c8b08c', 'bda582', 'd8c8aa', 'c9b79c', 'c19a6b', 'd2b48c'],
  brown: ['663300', '4a3728', '5c4033', '7b5a3c', '8b5a2b', '6f4e37', '946b4a', '3d2b22', 'a0522d'],
  // The last two: washed denim and chambray, a slate blue that reads grey next to the reference hex.
  blue: ['007bc4', '2f6db5', '3b6fb6', '4a78b0', '5b7fa6', '6d8fb8', '7fa7d6', '89cff0', '4a6d8c', '00a0b0', '5d8aa8', '8aa6c1', '5d6c7b', '71808f'],
  navy: ['35358d', '1b2436', '1f2a44', '232b3e', '2c3550', '2b3a5c', '262d3d', '1c2433', '303a52'],
  red: ['cc3300', 'c0392b', 'd62828', 'b22222', 'e03c31', 'a83232', 'e2583e', 'c94a4a'],
  burgundy: ['ae2e3d', '6d1a2a', '7b2332', '5e1f2b', '802b3a', '4a1a22'],
  pink: ['ff0080', 'e75480', 'd6336c', 'c2185b', 'e05591'],
  light_pink: ['ffccca', 'f4a6c0', 'f8bbd0', 'e8a0b4', 'd98aa5', 'efc3cc', 'c98d9b'],
  purple: ['800080', '6a3d9a', '5b3a6e', '9b72b0', 'b39ddb', '7e57c2', '4b2c5e', '8e6c9e'],
  green: ['369a3d', '2e8b57', '4caf50', '1e5b3a', '356639', '98c9a3', '3c7a5a', '2f5d50'],
  khaki: ['86814a', '6b6b3a', '556b2f', '7d7a55', '8f8a60', '5f5e3f', '9a9470', '4b4f33'],
  yellow: ['fff200', 'f4d03f', 'e5b539', 'ffe066', 'f2c94c', 'd4a82a'],
  orange: ['ffa500', 'ff7f27', 'e8702a', 'f28c38', 'd9622b'],
};

const PROTOTYPE_LABS: { key: ColourKey; lab: Lab }[] = Object.entries(PROTOTYPES).flatMap(([key, hexes]) =>
  hexes.map((hex) => ({ key: key as ColourKey, lab: hexToLab(hex) })),
);

/** The Vinted colour key nearest to a Lab colour. */
export function nameColour(lab: Lab): ColourKey {
  let best: ColourKey = 'grey';
  let bestD = Infinity;
  for (const p of PROTOTYPE_LABS) {
    const d = cie94(lab, p.lab);
    if (d < bestD) { bestD = d; best = p.key; }
  }
  return mutedHue(lab, best) ?? best;
}

const NEUTRALS = new Set<ColourKey>(['grey', 'white', 'beige', 'brown', 'navy']);

/**
 * Muted colours that the nearest prototype files under a neutral: a colour with a visible tint keeps the name
 * of its hue. Light red-side hues (below 52°, where beige and tan start) are dusty or nude pink; light
 * magenta-side hues (300–360°) are mauve and lilac, which Vinted's sellers call Violet; dark blue to violet
 * tints are navy heather and navy in dim light. Chroma 8 is a tint the eye sees on fabric; under it the colour
 * stays a neutral (white balance alone tints greys that much). Pink asks for chroma 10: just under it on the
 * red side lie taupe and greige, which sellers call brown or grey.
 */
function mutedHue([L, a, b]: Lab, nearest: ColourKey): ColourKey | null {
  const chroma = Math.hypot(a, b);
  if (!NEUTRALS.has(nearest) || chroma < 8 || chroma >= 30) return null;
  const hue = ((Math.atan2(b, a) * 180) / Math.PI + 360) % 360;
  if (L >= 55 && hue < 52 && chroma >= 10) return 'light_pink';
  if (L >= 45 && hue >= 300) return 'purple';
  if (L < 45 && hue >= 230 && hue < 330) return 'navy';
  return null;
}

// Pairs that one fabric shows under its own shading (folds, shadows, highlights). Two clusters with these
// names are one colour lit unevenly, not a two-tone garment.
const SHADING_NEIGHBOURS: [ColourKey, ColourKey][] = [
  ['black', 'grey'], ['grey', 'white'], ['navy', 'blue'], ['navy', 'black'], ['red', 'burgundy'], ['pink', 'light_pink'],
  ['beige', 'white'], ['beige', 'brown'], ['khaki', 'green'], ['khaki', 'brown'], ['brown', 'black'], ['burgundy', 'brown'],
  ['purple', 'navy'], ['light_pink', 'white'], ['burgundy', 'black'], ['red', 'pink'], ['orange', 'red'],
  ['yellow', 'beige'], ['orange', 'brown'], ['grey', 'beige'], ['grey', 'navy'], ['khaki', 'grey'], ['purple', 'pink'],
  ['purple', 'burgundy'], ['light_pink', 'purple'], ['blue', 'grey'], ['green', 'grey'],
];
const NEIGHBOUR_SET = new Set(SHADING_NEIGHBOURS.flatMap(([a, b]) => [`${a}|${b}`, `${b}|${a}`]));

export function areShadingNeighbours(a: ColourKey, b: ColourKey): boolean {
  return a === b || NEIGHBOUR_SET.has(`${a}|${b}`);
}
