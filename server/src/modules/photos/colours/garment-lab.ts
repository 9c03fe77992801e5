// The garment's main colour as a measured CIELAB value, not a name: the share-weighted mean of the palette
// clusters named as the primary colour (its shading neighbours only when no cluster carries the name itself:
// neighbours such as navy/purple would pull the value of a dark navy towards a print on it). The seller's memory compares these values, because a name throws away exactly what it needs: on
// one seller's floor and light, their black reads as a dark bluish grey that the generic names call navy, and
// only the measured value says how near a new photo sits to what they confirmed before.
import { areShadingNeighbours, type ColourKey } from './colour-names.ts';
import { hexToLab, type Lab } from './colour-space.ts';

export interface PaletteLike { primary: string; palette?: readonly { hex: string; share: number; colour: string }[] }

/** The primary colour's mean Lab (rounded to 0.1), or null for a multicolour garment or a photo without palette. */
export function garmentLab(colours: PaletteLike): Lab | null {
  if (colours.primary === 'multi' || !colours.palette?.length) return null;
  const primary = colours.primary as ColourKey;
  const named = colours.palette.some((p) => p.colour === primary);
  let w = 0;
  const sum = [0, 0, 0];
  for (const p of colours.palette) {
    if (named ? p.colour !== primary : !areShadingNeighbours(primary, p.colour as ColourKey)) continue;
    const lab = hexToLab(p.hex);
    for (let i = 0; i < 3; i++) sum[i] += lab[i] * p.share;
    w += p.share;
  }
  if (!w) return null;
  return sum.map((s) => Math.round((s / w) * 10) / 10) as unknown as Lab;
}
