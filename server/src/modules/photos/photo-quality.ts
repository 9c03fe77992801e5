import type { DecodedPhoto } from './decoded-photo.ts';

// Photo quality figures a seller can act on ("retake it: blurry / too dark"), from the intake's reduced decode.
// Vinted hides listings with poor photos, so the sale score and the web app use these.
export interface PhotoQuality {
  /** Variance of the Laplacian on the grey 256 px image: edges and texture; below 60 reads as blurred. */
  sharpness: number;
  /** Mean luma, 0 (black) to 1 (white). */
  brightness: number;
  /** Standard deviation of luma, 0 to 0.5. */
  contrast: number;
  /** Share of pixels crushed to black (luma ≤ 2 %) and blown to white (≥ 98 %). */
  clipped_dark: number;
  clipped_bright: number;
  /** Size of the photo as sent, after orientation. */
  width: number;
  height: number;
  megapixels: number;
  /** What the figures say, in codes the web app translates. */
  issues: PhotoIssue[];
  /** 0–100: 100 minus a penalty per issue; the sale score's photo factor averages it over an item's photos. */
  score: number;
}

export type PhotoIssue = 'blurry' | 'too_dark' | 'too_bright' | 'low_contrast' | 'low_resolution';

// Blur threshold set on shared/datasets/clothing-dev (phone photos of clothes laid flat): at 256 px the sharpest-looking
// set scores 116 at least (median 772), the same photos blurred (Gaussian σ 2 px) 10 at the median and 94 at most.
const BLURRY_BELOW = 60;
const DARK_BELOW = 0.18;
const BRIGHT_ABOVE = 0.9;
const CLIPPED_SHARE = 0.25;
const LOW_CONTRAST_BELOW = 0.05;
/** Vinted shows photos at up to about 800 px; below that the zoom shows nothing. */
const LOW_RESOLUTION_BELOW = 600;
const PENALTY: Record<PhotoIssue, number> = { blurry: 40, too_dark: 25, too_bright: 25, low_contrast: 15, low_resolution: 20 };

export function photoQuality(photo: DecodedPhoto, original: { width: number; height: number }): PhotoQuality {
  const { rgb, width: w, height: h } = photo;
  const n = w * h;
  const luma = new Float32Array(n);
  let sum = 0;
  let sumSq = 0;
  let dark = 0;
  let bright = 0;
  for (let i = 0, p = 0; i < n; i++, p += 3) {
    const y = (0.299 * rgb[p] + 0.587 * rgb[p + 1] + 0.114 * rgb[p + 2]) / 255;
    luma[i] = y;
    sum += y;
    sumSq += y * y;
    if (y <= 0.02) dark++;
    else if (y >= 0.98) bright++;
  }
  const mean = n ? sum / n : 0;
  const contrast = n ? Math.sqrt(Math.max(0, sumSq / n - mean * mean)) : 0;

  // 4-neighbour Laplacian on the 0–255 scale, so figures read like the usual OpenCV "variance of Laplacian".
  let lSum = 0;
  let lSq = 0;
  let m = 0;
  for (let y = 1; y < h - 1; y++) {
    for (let x = 1; x < w - 1; x++) {
      const i = y * w + x;
      const l = 255 * (luma[i - 1] + luma[i + 1] + luma[i - w] + luma[i + w] - 4 * luma[i]);
      lSum += l;
      lSq += l * l;
      m++;
    }
  }
  const sharpness = m ? lSq / m - (lSum / m) ** 2 : 0;

  const issues: PhotoIssue[] = [];
  if (sharpness < BLURRY_BELOW) issues.push('blurry');
  if (mean < DARK_BELOW || dark / Math.max(1, n) > CLIPPED_SHARE) issues.push('too_dark');
  if (mean > BRIGHT_ABOVE || bright / Math.max(1, n) > CLIPPED_SHARE) issues.push('too_bright');
  if (contrast < LOW_CONTRAST_BELOW) issues.push('low_contrast');
  if (Math.max(original.width, original.height) < LOW_RESOLUTION_BELOW) issues.push('low_resolution');
  const score = Math.max(0, 100 - issues.reduce((s, i) => s + PENALTY[i], 0));

  return {
    sharpness: round(sharpness, 1), brightness: round(mean, 3), contrast: round(contrast, 3),
    clipped_dark: round(dark / Math.max(1, n), 4), clipped_bright: round(bright / Math.max(1, n), 4),
    width: original.width, height: original.height, megapixels: round((original.width * original.height) / 1e6, 2),
    issues, score,
  };
}

const round = (x: number, d: number) => Math.round(x * 10 ** d) / 10 ** d;
