// The garment's dominant colours in Vinted's vocabulary: k-means (ml-kmeans) in Lab over the garment pixels
// (background suppressed, centre favoured), clusters named, then shading merged so one navy jumper in
// shadow and light stays "navy" rather than "navy + blue". Prints of several hues are told apart first
// (multicolour.ts), since their named clusters merge like shading. Synchronous: it runs in the decode-once pass.
import { kmeans } from 'ml-kmeans';
import type { DecodedPhoto } from '../decoded-photo.ts';
import { type ColourKey, areShadingNeighbours, nameColour } from './colour-names.ts';
import { type Lab, labToHex } from './colour-space.ts';
import { garmentWeights, samplePixels } from './garment-mask.ts';
import { colourGroups, isMulticolour, printTexture } from './multicolour.ts';

export interface PaletteEntry { hex: string; share: number; colour: string }
export interface DominantColours { primary: string; secondary: string | null; palette: PaletteEntry[] }

const CLUSTERS = 5;
/** A second colour counts when it covers about a quarter of the garment (the labelling rule sellers follow). */
const SECONDARY_SHARE = 0.22;
/** Multicolour: three or more distinct colours of real size, none clearly leading. */
const MULTI_MIN_SHARE = 0.13;
const MULTI_MAX_LEAD = 0.5;

export function dominantColours(photo: DecodedPhoto): DominantColours {
  const samples = samplePixels(photo, 2500, true);
  const weights = garmentWeights(samples);
  const points: number[][] = [];
  const pw: number[] = [];
  for (let i = 0; i < samples.count; i++) {
    if (weights[i] < 0.2) continue;
    points.push([samples.lab[i * 3], samples.lab[i * 3 + 1], samples.lab[i * 3 + 2]]);
    pw.push(weights[i]);
  }
  if (points.length < CLUSTERS * 2) return { primary: 'grey', secondary: null, palette: [] };

  const res = kmeans(points, CLUSTERS, { seed: 42, maxIterations: 30, initialization: 'kmeans++' });
  const mass = new Float64Array(CLUSTERS);
  let total = 0;
  for (let i = 0; i < points.length; i++) { mass[res.clusters[i]] += pw[i]; total += pw[i]; }

  const palette: (PaletteEntry & { key: ColourKey; lab: Lab })[] = [];
  for (let c = 0; c < CLUSTERS; c++) {
    if (mass[c] === 0) continue;
    const lab = res.centroids[c] as Lab;
    const key = nameColour(lab);
    palette.push({ hex: labToHex(lab), share: mass[c] / total, colour: key, key, lab });
  }
  palette.sort((a, b) => b.share - a.share);
  const multi = isMulticolour(printTexture(samples, weights), colourGroups(palette));
  const { primary, secondary } = multi ? { primary: 'multi', secondary: null } : pickColours(palette);
  return { primary, secondary, palette: palette.map(({ hex, share, colour }) => ({ hex, share: round(share), colour })) };
}

/** Primary, secondary or multicolour from named clusters (pure, so the rules can be tested on their own). */
export function pickColours(palette: { key: ColourKey; share: number }[]): { primary: string; secondary: string | null } {
  const byName = new Map<ColourKey, number>();
  for (const p of palette) byName.set(p.key, (byName.get(p.key) ?? 0) + p.share);
  const names = [...byName.entries()].sort((a, b) => b[1] - a[1]);
  if (names.length === 0) return { primary: 'grey', secondary: null };

  // Group shading neighbours with the biggest colour they touch: each group is one real colour.
  const groups: { key: ColourKey; share: number }[] = [];
  for (const [key, share] of names) {
    const g = groups.find((gr) => areShadingNeighbours(gr.key, key));
    if (g) g.share += share;
    else groups.push({ key, share });
  }
  groups.sort((a, b) => b.share - a.share);
  const sizeable = groups.filter((g) => g.share >= MULTI_MIN_SHARE);
  if (sizeable.length >= 3 && groups[0].share < MULTI_MAX_LEAD) return { primary: 'multi', secondary: null };

  const primary = groups[0].key;
  const second = groups.slice(1).find((g) => g.share >= SECONDARY_SHARE);
  return { primary, secondary: second ? second.key : null };
}

const round = (x: number) => Math.round(x * 1000) / 1000;
