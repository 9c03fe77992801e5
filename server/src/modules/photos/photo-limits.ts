import { z } from 'zod';

// The intake's limits, from the environment (README configuration table). Read through one zod schema like the
// rest of the config; the values the server's own config schema parsed win when it declares these keys.
const LimitsSchema = z.object({
  PHOTO_MAX_BYTES: z.coerce.number().int().positive().default(15 * 1024 * 1024),
  PHOTO_MAX_PIXELS: z.coerce.number().int().positive().default(100_000_000),
  PHOTO_MAX_FILES: z.coerce.number().int().min(1).max(1000).default(20),
  PHOTO_FETCH_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(10_000),
  PHOTO_FETCH_MAX_REDIRECTS: z.coerce.number().int().min(0).max(20).default(5),
});

export interface PhotoLimits {
  /** Largest accepted file, uploaded or fetched (15 MiB). */
  maxBytes: number;
  /** Largest accepted image, width × height (100 megapixels). */
  maxPixels: number;
  /** Most photos in one request (20, Vinted's own limit per listing). */
  maxFiles: number;
  fetchTimeoutMs: number;
  fetchMaxRedirects: number;
}

export const DEFAULT_PHOTO_LIMITS: PhotoLimits = photoLimitsFrom({});

export function photoLimitsFrom(source: Record<string, unknown>): PhotoLimits {
  const parsed = LimitsSchema.safeParse(source);
  if (!parsed.success) {
    throw new Error(`Invalid photo limits: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  }
  const v = parsed.data;
  return {
    maxBytes: v.PHOTO_MAX_BYTES, maxPixels: v.PHOTO_MAX_PIXELS, maxFiles: v.PHOTO_MAX_FILES,
    fetchTimeoutMs: v.PHOTO_FETCH_TIMEOUT_MS, fetchMaxRedirects: v.PHOTO_FETCH_MAX_REDIRECTS,
  };
}
