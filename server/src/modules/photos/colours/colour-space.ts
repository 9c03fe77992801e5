// sRGB ↔ CIE Lab (D65) and colour differences. Lab because distances there follow what the eye sees, which
// is what "the same colour" means to a seller; k-means and colour naming both work in it.
export type Lab = [number, number, number];

const LINEAR = new Float64Array(256);
for (let i = 0; i < 256; i++) {
  const c = i / 255;
  LINEAR[i] = c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
}

const f = (t: number) => (t > 216 / 24389 ? Math.cbrt(t) : (24389 / 27 * t + 16) / 116);

export function rgbToLab(r: number, g: number, b: number): Lab {
  return linearRgbToLab(LINEAR[r], LINEAR[g], LINEAR[b]);
}

/** sRGB 0..255 → linear light 0..1 (a table: this runs on every sample). */
export const toLinear = (v: number) => LINEAR[v];

export function linearRgbToLab(R: number, G: number, B: number): Lab {
  const x = (0.4124564 * R + 0.3575761 * G + 0.1804375 * B) / 0.95047;
  const y = 0.2126729 * R + 0.7151522 * G + 0.072175 * B;
  const z = (0.0193339 * R + 0.119192 * G + 0.9503041 * B) / 1.08883;
  const fx = f(x), fy = f(y), fz = f(z);
  return [116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz)];
}

const finv = (t: number) => (t ** 3 > 216 / 24389 ? t ** 3 : (116 * t - 16) / (24389 / 27));
const gamma = (c: number) => {
  const v = c <= 0.0031308 ? 12.92 * c : 1.055 * c ** (1 / 2.4) - 0.055;
  return Math.max(0, Math.min(255, Math.round(v * 255)));
};

export function labToRgb([L, a, bb]: Lab): [number, number, number] {
  const fy = (L + 16) / 116, fx = fy + a / 500, fz = fy - bb / 200;
  const x = finv(fx) * 0.95047, y = finv(fy), z = finv(fz) * 1.08883;
  const R = 3.2404542 * x - 1.5371385 * y - 0.4985314 * z;
  const G = -0.969266 * x + 1.8760108 * y + 0.041556 * z;
  const B = 0.0556434 * x - 0.2040259 * y + 1.0572252 * z;
  return [gamma(R), gamma(G), gamma(B)];
}

export function hexToLab(hex: string): Lab {
  const n = parseInt(hex.replace('#', ''), 16);
  return rgbToLab((n >> 16) & 255, (n >> 8) & 255, n & 255);
}

export function labToHex(lab: Lab): string {
  return '#' + labToRgb(lab).map((v) => v.toString(16).padStart(2, '0')).join('');
}

/** Plain Euclidean distance in Lab (CIE76). */
export function deltaE76(p: ArrayLike<number>, q: ArrayLike<number>): number {
  const d0 = p[0] - q[0], d1 = p[1] - q[1], d2 = p[2] - q[2];
  return Math.sqrt(d0 * d0 + d1 * d1 + d2 * d2);
}

/** CIE94 (textile weights kL = 2 would be too lenient on black/grey/white; graphic-arts weights used). */
export function cie94(sample: Lab, ref: Lab): number {
  const [L1, a1, b1] = ref;
  const [L2, a2, b2] = sample;
  const C1 = Math.hypot(a1, b1), C2 = Math.hypot(a2, b2);
  const dL = L1 - L2, dC = C1 - C2;
  const da = a1 - a2, db = b1 - b2;
  const dH2 = Math.max(0, da * da + db * db - dC * dC);
  const sC = 1 + 0.045 * C1, sH = 1 + 0.015 * C1;
  return Math.sqrt(dL * dL + (dC / sC) ** 2 + dH2 / (sH * sH));
}

