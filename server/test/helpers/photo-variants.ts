import { mulberry32 } from '../../src/platform/random.ts';
import sharp from 'sharp';

// The copies a reseller's photo goes through before it comes back as a "new" article: cropped a little on every
// side, re-framed (zoomed in and shifted), lighter or darker, turned a few degrees, re-encoded smaller. Shared by
// the look-alike calibration (bench/duplicates-lookalike-calibrate.ts, on clothing-train), its eval on clothing-dev
// (server/test/eval/duplicates-lookalike.eval.test.ts) and the API test, so all three mean the same transformations.
// Deterministic: every random choice comes from the seed given.

export type VariantKind = 'crop' | 'reframe' | 'light' | 'rotation' | 'reencode';

export interface VariantSpec {
  kind: VariantKind;
  /** crop: fraction cut off each side (4 % = 0.04), each side drawn in [min, max]. */
  crop?: { min: number; max: number };
}

/** A small seeded generator: the same seed gives the same copies on every machine. */
export const rng = mulberry32;

const between = (r: () => number, lo: number, hi: number) => lo + (hi - lo) * r();

/** A JPEG copy of `input` made the way `spec` says, with choices drawn from `r`. */
export async function makeVariant(input: Buffer | string, spec: VariantSpec, r: () => number): Promise<Buffer> {
  const meta = await sharp(input).rotate().metadata();
  const base = await sharp(input).rotate().toBuffer();
  const w = meta.autoOrient?.width ?? meta.width!, h = meta.autoOrient?.height ?? meta.height!;
  const quality = Math.round(between(r, 85, 92));
  switch (spec.kind) {
    case 'crop': {
      const { min, max } = spec.crop ?? { min: 0.04, max: 0.1 };
      const [l, t, rt, b] = [0, 1, 2, 3].map(() => between(r, min, max));
      const left = Math.round(w * l), top = Math.round(h * t);
      return sharp(base).extract({ left, top, width: w - left - Math.round(w * rt), height: h - top - Math.round(h * b) }).jpeg({ quality }).toBuffer();
    }
    case 'reframe': {
      // Zoomed in to 80–90 % of the frame, the window slid anywhere inside it, brought back to the original size.
      const k = between(r, 0.8, 0.9);
      const cw = Math.round(w * k), ch = Math.round(h * k);
      const left = Math.round((w - cw) * r()), top = Math.round((h - ch) * r());
      return sharp(base).extract({ left, top, width: cw, height: ch }).resize(w, h).jpeg({ quality }).toBuffer();
    }
    case 'light': {
      // 15–25 % lighter or darker, with a slight saturation change (phone "auto-enhance").
      const brightness = r() < 0.5 ? between(r, 0.75, 0.85) : between(r, 1.15, 1.25);
      return sharp(base).modulate({ brightness, saturation: between(r, 0.9, 1.1) }).jpeg({ quality }).toBuffer();
    }
    case 'rotation': {
      // 2–6 degrees either way, then the largest centred window without the corners the turn brings in.
      const deg = (r() < 0.5 ? -1 : 1) * between(r, 2, 6);
      const turned = await sharp(base).rotate(deg, { background: '#808080' }).toBuffer({ resolveWithObject: true });
      const a = (Math.abs(deg) * Math.PI) / 180;
      const cw = Math.floor(w * Math.cos(a) - h * Math.sin(a)), ch = Math.floor(h * Math.cos(a) - w * Math.sin(a));
      const left = Math.floor((turned.info.width - cw) / 2), top = Math.floor((turned.info.height - ch) / 2);
      return sharp(turned.data).extract({ left, top, width: cw, height: ch }).jpeg({ quality }).toBuffer();
    }
    case 'reencode':
      // Down to 60–80 % of the size and saved at quality 40–60: what a messaging app or a screenshot does.
      return sharp(base).resize(Math.round(w * between(r, 0.6, 0.8))).jpeg({ quality: Math.round(between(r, 40, 60)) }).toBuffer();
  }
}

/** The transformations the eval reports one by one (fixed crop per side, ±1 point of jitter). */
export const EVAL_VARIANTS: Record<string, VariantSpec> = {
  'crop 4 %': { kind: 'crop', crop: { min: 0.035, max: 0.045 } },
  'crop 7 %': { kind: 'crop', crop: { min: 0.065, max: 0.075 } },
  'crop 10 %': { kind: 'crop', crop: { min: 0.095, max: 0.105 } },
  're-frame': { kind: 'reframe' },
  light: { kind: 'light' },
  rotation: { kind: 'rotation' },
  're-encode': { kind: 'reencode' },
};

/** What the calibration draws from: crops anywhere in 4–10 % per side, and the other kinds as in the eval. */
export const CALIBRATION_VARIANTS: Record<string, VariantSpec> = {
  'crop 4–10 %': { kind: 'crop', crop: { min: 0.04, max: 0.1 } },
  're-frame': { kind: 'reframe' },
  light: { kind: 'light' },
  rotation: { kind: 'rotation' },
  're-encode': { kind: 'reencode' },
};
