// Multicolour (Vinted's "Multicolore"): a print of three or more colours, none leading. Naming clusters is not
// enough to see it: the named clusters of a floral print merge into their neighbours' shading groups. So two
// cues are measured directly: the print's fine texture (neighbouring garment samples of different hue or
// chroma, which shading alone never produces: it changes lightness, not chroma) and the number of colour
// groups left once clusters that differ only by lightness are merged. Both must agree, which keeps plain
// garments, two-colour stripes and checks (two groups) and colour blocks (no fine texture) out.
import type { PixelSamples } from './garment-mask.ts';

/** Neighbours further apart than this in the a*b* plane are two colours of a print, not one fabric in shade. */
const PRINT_STEP_AB = 12;
/** Share of neighbouring garment samples that must change colour: a plain garment stays under 0.1. */
const MIN_TEXTURE = 0.2;
/** Clusters closer than this in a*b* and in L* are one colour in light and shadow. */
const SHADE_AB = 15;
const SHADE_L = 30;
const MIN_GROUP_SHARE = 0.1;
const MAX_LEAD = 0.55;
const MIN_WEIGHT = 0.2;
/** Chroma from which a colour has a hue worth comparing, and the hue gap between two different colours. */
const MIN_CHROMA = 12;
const MIN_HUE_GAP = 45;

/** Weighted share of neighbouring garment sample pairs (right and below) whose a*b* colours differ. */
export function printTexture(s: PixelSamples, weights: Float32Array): number {
  let total = 0, changed = 0;
  for (let y = 0; y < s.rows; y++) {
    for (let x = 0; x < s.cols; x++) {
      const i = y * s.cols + x;
      if (weights[i] < MIN_WEIGHT) continue;
      for (const j of [x + 1 < s.cols ? i + 1 : -1, y + 1 < s.rows ? i + s.cols : -1]) {
        if (j < 0 || weights[j] < MIN_WEIGHT) continue;
        const w = Math.min(weights[i], weights[j]);
        total += w;
        if (Math.hypot(s.lab[i * 3 + 1] - s.lab[j * 3 + 1], s.lab[i * 3 + 2] - s.lab[j * 3 + 2]) > PRINT_STEP_AB) changed += w;
      }
    }
  }
  return total > 0 ? changed / total : 0;
}

export interface ColourGroup { lab: number[]; share: number }

/** The distinct colours of the garment, largest first: clusters that differ only by shading are merged. */
export function colourGroups(clusters: { lab: ArrayLike<number>; share: number }[]): ColourGroup[] {
  const parent = clusters.map((_, i) => i);
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i])));
  for (let a = 0; a < clusters.length; a++) {
    for (let b = a + 1; b < clusters.length; b++) {
      const p = clusters[a].lab, q = clusters[b].lab;
      if (Math.hypot(p[1] - q[1], p[2] - q[2]) < SHADE_AB && Math.abs(p[0] - q[0]) < SHADE_L) parent[find(b)] = find(a);
    }
  }
  const byRoot = new Map<number, ColourGroup>();
  clusters.forEach((c, i) => {
    const g = byRoot.get(find(i)) ?? { lab: [0, 0, 0], share: 0 };
    for (let k = 0; k < 3; k++) g.lab[k] += c.lab[k] * c.share;
    g.share += c.share;
    byRoot.set(find(i), g);
  });
  return [...byRoot.values()].map((g) => ({ lab: g.lab.map((v) => v / (g.share || 1)), share: g.share }))
    .sort((a, b) => b.share - a.share);
}

const hueOf = (lab: number[]) => (Math.atan2(lab[2], lab[1]) * 180) / Math.PI;
const hueGap = (a: number, b: number) => { const d = Math.abs(a - b) % 360; return d > 180 ? 360 - d : d; };

/**
 * Fine texture, three sizeable colours with none leading, and two of them of clearly different hues. The last
 * condition keeps out two-colour stripes and checks (red and white, red and black), whose straddling samples
 * and shadows add a third cluster of the same hue, and one-colour prints (a yellow motif on a yellow shirt).
 */
export function isMulticolour(texture: number, groups: ColourGroup[]): boolean {
  const sizeable = groups.filter((g) => g.share >= MIN_GROUP_SHARE);
  if (texture < MIN_TEXTURE || sizeable.length < 3 || groups[0].share >= MAX_LEAD) return false;
  const hues = sizeable.filter((g) => Math.hypot(g.lab[1], g.lab[2]) >= MIN_CHROMA).map((g) => hueOf(g.lab));
  return hues.some((h, i) => hues.slice(i + 1).some((k) => hueGap(h, k) >= MIN_HUE_GAP));
}
